/**
 * A small LSP client for the protocol tests: starts the built server over stdio, answers the
 * server's requests as an editor would, records what it pushes, and waits on events (never on
 * fixed sleeps).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult } from 'vscode-languageserver-protocol';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const SERVER = path.join(REPO, 'out', 'server', 'src', 'lsp', 'serverMain.js');

export function uri(file: string): string {
  return pathToFileURL(file).href;
}

/** A temp copy of an example deployment (the repository is never modified). */
export function copyExample(name = 'blog'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'snikket-lsp-')));
  fs.cpSync(path.join(REPO, 'examples', name), dir, { recursive: true });
  return dir;
}

export interface ClientOptions {
  pull: boolean;
  /** Arguments to node (default: the built serverMain.js --stdio). */
  args?: string[];
  settings?: Record<string, unknown>;
  /** Announce `window.workDoneProgress` (the server then reports its workspace walk). */
  progress?: boolean;
}

export class TestClient extends EventEmitter {
  readonly child: ChildProcess;
  readonly conn: MessageConnection;
  readonly pushed = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  /** Every publishDiagnostics in order, with how many `$/progress` notifications came before it. */
  readonly pushLog: { uri: string; diagnostics: Diagnostic[]; progressBefore: number }[] = [];
  readonly statuses: { state: string; deployments: number }[] = [];
  readonly logs: string[] = [];
  /** `$/progress` notifications, in order. */
  readonly progress: {
    token: string | number;
    value: { kind: string; title?: string; cancellable?: boolean; message?: string };
  }[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  settings: Record<string, unknown>;
  refreshes = 0;
  stderr = '';
  exited: number | null | undefined;
  private versions = new Map<string, number>();

  constructor(
    readonly workspace: string,
    readonly options: ClientOptions,
  ) {
    super();
    this.setMaxListeners(100);
    this.settings = options.settings ?? { ignore: [], severity: {}, searchPaths: [], compose2nixPath: '' };
    this.child = spawn(process.execPath, options.args ?? [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.child.on('exit', (code) => {
      this.exited = code;
      this.emit('change');
    });
    this.conn = createMessageConnection(
      new StreamMessageReader(this.child.stdout!),
      new StreamMessageWriter(this.child.stdin!),
    );
    this.conn.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
        this.pushed.set(p.uri, {
          ...(p.version !== undefined ? { version: p.version } : {}),
          diagnostics: p.diagnostics,
        });
        this.pushLog.push({ uri: p.uri, diagnostics: p.diagnostics, progressBefore: this.progress.length });
        this.emit('change');
      },
    );
    this.conn.onNotification('snikket/status', (s: { state: string; deployments: number }) => {
      this.statuses.push(s);
      this.emit('change');
    });
    this.conn.onNotification('window/logMessage', (m: { message: string }) => {
      this.logs.push(m.message);
      this.emit('change');
    });
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === 'snikket' ? this.settings : null)),
    );
    this.conn.onRequest(
      'client/registerCapability',
      (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
        this.registrations.push(...p.registrations);
        this.emit('change');
        return null;
      },
    );
    this.conn.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      this.emit('change');
      return null;
    });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification('$/progress', (p: TestClient['progress'][number]) => {
      this.progress.push(p);
      this.emit('change');
    });
    this.conn.listen();
  }

  async initialize(): Promise<InitializeResult> {
    const capabilities: Record<string, unknown> = {
      ...(this.options.progress ? { window: { workDoneProgress: true } } : {}),
      workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true },
        ...(this.options.pull ? { diagnostics: { refreshSupport: true } } : {}),
      },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { documentationFormat: ['markdown'] } },
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
        },
        ...(this.options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
    };
    const result = await this.conn.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: uri(this.workspace),
      workspaceFolders: [{ uri: uri(this.workspace), name: 'ws' }],
      capabilities,
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  open(file: string, languageId = languageOf(file), text = fs.readFileSync(file, 'utf8')): void {
    this.versions.set(file, 1);
    void this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uri(file), languageId, version: 1, text },
    });
  }

  /** Replaces the whole text of an open document. */
  change(file: string, text: string): number {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    void this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(file), version },
      contentChanges: [{ text }],
    });
    return version;
  }

  close(file: string): void {
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri(file) } });
  }

  watched(changes: { file: string; type: 1 | 2 | 3 }[]): void {
    void this.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: changes.map((c) => ({ uri: uri(c.file), type: c.type })),
    });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest<R>(method, params);
  }

  /** Pushed diagnostics of a file ([] when none were pushed). */
  diagnostics(file: string): Diagnostic[] {
    return this.pushed.get(uri(file))?.diagnostics ?? [];
  }

  /** Resolves when `check` returns a value (tested after every event), rejects after `ms`. */
  waitFor<T>(what: string, check: () => T | undefined | false, ms = 10_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const test = (): boolean => {
        if (this.exited !== undefined) {
          done();
          reject(new Error(`server exited (${this.exited}) while waiting for ${what}\n${this.stderr}`));
          return true;
        }
        const v = check();
        if (v !== undefined && v !== false) {
          done();
          resolve(v);
          return true;
        }
        return false;
      };
      const onChange = (): void => void test();
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `timed out after ${ms} ms waiting for ${what}\nserver log:\n${this.logs.slice(-10).join('\n')}\n${this.stderr}`,
          ),
        );
      }, ms);
      const done = (): void => {
        clearTimeout(timer);
        this.off('change', onChange);
      };
      if (!test()) this.on('change', onChange);
    });
  }

  /** The next `ready` status after now. */
  nextReady(ms = 10_000): Promise<{ state: string; deployments: number }> {
    const from = this.statuses.length;
    return this.waitFor('a ready status', () => this.statuses.slice(from).find((s) => s.state === 'ready'), ms);
  }

  async stop(): Promise<void> {
    if (this.exited === undefined) {
      try {
        await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        void this.conn.sendNotification('exit');
      } catch {
        // already gone
      }
      await Promise.race([new Promise((r) => this.child.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
      if (this.exited === undefined) this.child.kill();
    }
    this.conn.dispose();
  }
}

function languageOf(file: string): string {
  if (file.endsWith('.nix')) return 'nix';
  if (file.endsWith('snikket.conf')) return 'snikket-conf';
  if (/\.ya?ml$/.test(file)) return 'yaml';
  if (file.endsWith('.sh')) return 'shellscript';
  return 'plaintext';
}

export function codes(diags: Diagnostic[]): string[] {
  return [...new Set(diags.map((d) => String(d.code)))].sort();
}

export function at(diags: Diagnostic[], code: string, line: number, character: number): Diagnostic | undefined {
  return diags.find((d) => d.code === code && d.range.start.line === line && d.range.start.character === character);
}
