/**
 * One context object shared by all commands: the language client, the log, the status item and
 * workspace helpers.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Notifications } from '../../server/src/api/protocol';
import type { ServerStatus } from '../../server/src/api/protocol';
import { createLanguageClient, createWatchers, serverModulePath } from './client';
import { StatusItem } from './status';

class ServerUnavailableError extends Error {}

export class Ctx implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly status: StatusItem;
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient | undefined> | undefined;
  private startError: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private clientDisposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Snikket', { log: true });
    this.status = new StatusItem();
    this.disposables.push(this.log, this.status);
  }

  get extensionPath(): string {
    return this.extension.extensionUri.fsPath;
  }

  /** The running client, or undefined. */
  get languageClient(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  /** Starts the server (once); resolves to the client, or undefined when it could not start. */
  start(): Promise<LanguageClient | undefined> {
    this.starting ??= this.doStart();
    return this.starting;
  }

  private async doStart(): Promise<LanguageClient | undefined> {
    this.status.setClientState('starting');
    const watchers = createWatchers();
    const created = createLanguageClient(serverModulePath(this.extensionPath), this.log, watchers);
    if ('error' in created) {
      watchers.forEach((w) => w.dispose());
      this.startError = created.error;
      this.log.error(created.error);
      this.status.setClientState('missing', created.error);
      return undefined;
    }
    const client = created.client;
    this.client = client;
    this.clientDisposables = [
      ...watchers,
      client.onDidChangeState((e) => {
        if (e.newState === State.Running) this.status.setClientState('running');
        else if (e.newState === State.Stopped) this.status.setClientState('stopped');
        else this.status.setClientState('starting');
      }),
      client.onNotification(Notifications.status, (s: ServerStatus) => this.status.setServerStatus(s)),
    ];
    try {
      await client.start();
      this.startError = undefined;
      this.log.info('Snikket language server started');
      this.status.setClientState('running');
      return client;
    } catch (e) {
      this.startError = `The Snikket language server failed to start: ${errorText(e)}`;
      this.log.error(this.startError);
      this.status.setClientState('failed', this.startError);
      return undefined;
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.starting = undefined;
    this.clientDisposables.forEach((d) => d.dispose());
    this.clientDisposables = [];
    if (client) {
      try {
        await client.stop(5000);
      } catch (e) {
        this.log.warn(`Stopping the language server: ${errorText(e)}`);
      }
      try {
        await client.dispose(2000);
      } catch {
        // already gone
      }
    }
    this.status.setClientState('stopped');
  }

  async restart(): Promise<LanguageClient | undefined> {
    this.log.info('Restarting the Snikket language server');
    await this.stop();
    return this.start();
  }

  /** Sends a custom request; throws ServerUnavailableError with a readable reason when there is no server. */
  async request<R>(method: string, params: unknown): Promise<R> {
    const client = (await this.start()) ?? undefined;
    if (!client || client.state !== State.Running) {
      throw new ServerUnavailableError(
        this.startError ?? 'The Snikket language server is not running (see Snikket: Show log).',
      );
    }
    return client.sendRequest<R>(method, params);
  }

  // ---- workspace helpers ----

  /** Absolute path of the active editor's file (file scheme only). */
  activeFile(): string | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    return doc?.uri.scheme === 'file' ? doc.uri.fsPath : undefined;
  }

  folderOf(file: string | undefined): vscode.WorkspaceFolder | undefined {
    return file ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) : undefined;
  }

  /** The folder a command works in when none was given: the active file's workspace folder, the only one, or a pick. */
  async defaultFolder(prompt: string): Promise<string | undefined> {
    const fromActive = this.folderOf(this.activeFile());
    if (fromActive) return fromActive.uri.fsPath;
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 1) return folders[0]!.uri.fsPath;
    if (folders.length > 1) {
      const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: prompt });
      return picked?.uri.fsPath;
    }
    const chosen = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      openLabel: 'Select',
      title: prompt,
    });
    return chosen?.[0]?.fsPath;
  }

  /** A path as the user reads it: relative to its workspace folder when inside one. */
  relative(file: string): string {
    const folder = this.folderOf(file);
    if (!folder) return file;
    const rel = path.relative(folder.uri.fsPath, file);
    return rel === '' ? path.basename(file) : rel;
  }

  subscribe(...disposables: vscode.Disposable[]): void {
    this.disposables.push(...disposables);
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.disposables.forEach((d) => d.dispose());
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
