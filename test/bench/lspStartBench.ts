/**
 * Editor start: spawn the built language server over stdio, initialize it on a workspace as an
 * editor would (push diagnostics, no pull), and time until its first publishDiagnostics. That
 * figure includes the server's debounce (Session.debounceMs), reported with it.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const REPO = path.resolve(__dirname, '..', '..', '..');
export const SERVER = path.join(REPO, 'out', 'server', 'src', 'lsp', 'serverMain.js');

export interface StartRun {
  initializeMs: number;
  firstDiagnosticsMs: number;
}

const TIMEOUT_MS = 60_000;

export function serverExists(): boolean {
  return fs.existsSync(SERVER);
}

export async function startOnce(workspace: string): Promise<StartRun> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  try {
    const first = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no publishDiagnostics within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      conn.onNotification('textDocument/publishDiagnostics', () => {
        clearTimeout(timer);
        resolve(performance.now() - t0);
      });
      child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    // Answer what the server asks, as an editor does.
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) =>
      p.items.map(() => ({ ignore: [], severity: {}, searchPaths: [], compose2nixPath: '' })),
    );
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onNotification(() => undefined);
    conn.listen();
    const wsUri = pathToFileURL(workspace).href;
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: wsUri,
      workspaceFolders: [{ uri: wsUri, name: 'ws' }],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    const initializeMs = performance.now() - t0;
    await conn.sendNotification('initialized', {});
    const firstDiagnosticsMs = await first;
    return { initializeMs, firstDiagnosticsMs };
  } finally {
    conn.dispose();
    child.kill('SIGKILL');
  }
}
