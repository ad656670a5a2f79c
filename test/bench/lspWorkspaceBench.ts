/**
 * The language server on a large workspace (a real corpus given to `npm run bench -- DIR`): one
 * .nix file opened as an editor does, time to that file's first publishDiagnostics and to a hover
 * answer sent right after the open, then 60 s idle: the server's CPU time over them, and its peak
 * memory (VmHWM) at the end. Linux only (/proc).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { SERVER } from './lspStartBench';

export interface WorkspaceRun {
  firstDiagnosticsMs: number;
  hoverMs: number;
  /** Server CPU time (user + system) during the idle period after the first diagnostics. */
  idleCpuMs: number;
  idleMs: number;
  peakRssMb: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export async function workspaceOnce(workspace: string, file: string, idleMs = 60_000): Promise<WorkspaceRun> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const uri = pathToFileURL(file).href;
  try {
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ ignore: [], severity: {}, searchPaths: [], compose2nixPath: '' })));
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    let t0 = 0;
    const first = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no publishDiagnostics for the open file within 120 s')), 120_000);
      conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
        if (p.uri !== uri) return;
        clearTimeout(timer);
        resolve(performance.now() - t0);
      });
      child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    conn.onNotification(() => undefined);
    conn.listen();
    const wsUri = pathToFileURL(workspace).href;
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: wsUri,
      workspaceFolders: [{ uri: wsUri, name: 'ws' }],
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, hover: { contentFormat: ['markdown'] } },
      },
    });
    await conn.sendNotification('initialized', {});
    t0 = performance.now();
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nix', version: 1, text: fs.readFileSync(file, 'utf8') } });
    const hover = conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }).then(() => performance.now() - t0);
    const firstDiagnosticsMs = await first;
    const hoverMs = await hover;
    const cpu0 = cpuMs(child.pid!);
    const i0 = performance.now();
    await new Promise((r) => setTimeout(r, idleMs));
    const idleCpuMs = cpuMs(child.pid!) - cpu0;
    return { firstDiagnosticsMs, hoverMs, idleCpuMs, idleMs: performance.now() - i0, peakRssMb: peakRssMb(child.pid!) };
  } finally {
    conn.dispose();
    child.kill('SIGKILL');
  }
}
