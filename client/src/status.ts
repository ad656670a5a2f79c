/** The language status item: server state, deployments found, a link to the log. */
import * as vscode from 'vscode';
import type { ServerStatus } from '../../server/src/api/protocol';
import { DOCUMENT_SELECTOR } from './selector';

export type ClientState = 'starting' | 'running' | 'stopped' | 'failed' | 'missing';

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private clientState: ClientState = 'starting';
  private detail: string | undefined;
  private server: ServerStatus | undefined;

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('snikket.status', DOCUMENT_SELECTOR);
    this.item.name = 'Snikket';
    this.item.command = { title: 'Show log', command: 'snikket.showLog', tooltip: 'Show the Snikket log' };
    this.render();
  }

  /** The last `snikket/status` the server sent. */
  get serverStatus(): ServerStatus | undefined {
    return this.server;
  }

  get state(): ClientState {
    return this.clientState;
  }

  setClientState(state: ClientState, detail?: string): void {
    this.clientState = state;
    this.detail = detail;
    if (state !== 'running') this.server = undefined;
    this.render();
  }

  setServerStatus(status: ServerStatus): void {
    this.server = status;
    this.render();
  }

  private render(): void {
    const item = this.item;
    item.busy = false;
    item.severity = vscode.LanguageStatusSeverity.Information;
    switch (this.clientState) {
      case 'starting':
        item.text = 'Snikket: starting';
        item.busy = true;
        item.detail = 'Starting the language server';
        return;
      case 'stopped':
        item.text = 'Snikket: stopped';
        item.severity = vscode.LanguageStatusSeverity.Warning;
        item.detail = this.detail ?? 'The language server is not running';
        return;
      case 'failed':
      case 'missing':
        item.text = '$(error) Snikket: server not running';
        item.severity = vscode.LanguageStatusSeverity.Error;
        item.detail = this.detail ?? 'See the log';
        return;
      case 'running':
        break;
    }
    const s = this.server;
    if (!s) {
      item.text = 'Snikket: ready';
      item.detail = 'Language server running';
      return;
    }
    const found = `${s.deployments} deployment${s.deployments === 1 ? '' : 's'}`;
    switch (s.state) {
      case 'starting':
      case 'checking':
        item.text = `Snikket: checking · ${found}`;
        item.busy = true;
        break;
      case 'ready':
        item.text = `Snikket: ${found}`;
        break;
      case 'error':
        item.text = `$(error) Snikket: ${found}`;
        item.severity = vscode.LanguageStatusSeverity.Error;
        break;
    }
    item.detail =
      s.message ?? (s.deployments === 0 ? 'No Snikket deployment found in this workspace' : `${found} found`);
  }

  dispose(): void {
    this.item.dispose();
  }
}
