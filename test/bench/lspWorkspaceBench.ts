/**
 * The language server on a large workspace (a real corpus given to `npm run bench -- DIR`): one
 * .nix file opened as an editor does, time to that file's first publishDiagnostics, to a hover
 * answer sent right after the open and to the end of discovery (the first `ready` status: the
 * check after the walk), then 60 s idle: the server's CPU time over them, and its peak memory
 * (VmHWM) at the end. Linux only (/proc).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import * as path from 'node:path';
import { SERVER_NODE_ARGS } from '../../server/src/api/launch';
import { SERVER } from './lspStartBench';
import { cachedRepo, type RepoOptions } from './repoGenerator';
import { mb, ms, type Row } from './stats';

/** Issue 15's large workspace: a generated 40,000-file NixOS fleet without Snikket anywhere. */
const LARGE_REPO: RepoOptions = { seed: 20261130, nixFiles: 40_000, totalBytes: 60 * 1024 * 1024, deployments: 0 };

/** Rows for one run of the server on a workspace: first diagnostics, hover, idle CPU, memory, edits. */
export function workspaceRows(section: string, what: string, r: WorkspaceRun, noDeployment: boolean): Row[] {
  return [
    {
      section,
      measure: `${what}: open → its first publishDiagnostics`,
      value: ms(r.firstDiagnosticsMs),
      target: '< 1 s',
      met: r.firstDiagnosticsMs < 1000,
    },
    {
      section,
      measure: `${what}: open → discovery done and checked (first ready status)`,
      value: ms(r.readyMs),
    },
    {
      section,
      measure: `${what}: open → hover answered (sent right after the open)`,
      value: ms(r.hoverMs),
      target: '< 1 s',
      met: r.hoverMs < 1000,
    },
    {
      section,
      measure: `${what}: server CPU over ${(r.idleMs / 1000).toFixed(0)} s idle after that`,
      value: ms(r.idleCpuMs),
      note: `of which ${ms(r.idleCpuMs - r.settledCpuMs)} in the first ${SETTLE_MS / 1000} s`,
    },
    {
      section,
      measure: `${what}: server CPU over the rest of the idle period (after ${SETTLE_MS / 1000} s)`,
      value: ms(r.settledCpuMs),
      target: '≈ 0',
      met: r.settledCpuMs < 50,
    },
    {
      section,
      measure: `${what}: server peak memory (VmHWM)`,
      value: `${r.peakRssMb.toFixed(0)} MB`,
      target: '< 300 MB',
      met: r.peakRssMb < 300,
    },
    ...(noDeployment
      ? [
          {
            section,
            measure: `${what}: server memory after the idle period (VmRSS)`,
            value: `${r.rssMb.toFixed(0)} MB`,
            target: '< 100 MB',
            met: r.rssMb < 100,
          },
        ]
      : []),
    { section, measure: `${what}: server CPU per keystroke in the opened file (20 edits)`, value: ms(r.editCpuMs) },
  ];
}

/** The language server on the generated large workspace (`npm run bench -- --only lsp-large`). */
export async function largeWorkspaceRows(): Promise<Row[]> {
  const info = cachedRepo(LARGE_REPO);
  const file = path.join(info.dir, 'hosts', 'h000', 'configuration.nix');
  const r = await workspaceOnce(info.dir, file);
  return workspaceRows(
    'Large workspace',
    `generated fleet without Snikket (${info.nixFiles} .nix files, ${mb(info.nixBytes)}), one module opened`,
    r,
    true,
  );
}

export interface WorkspaceRun {
  firstDiagnosticsMs: number;
  hoverMs: number;
  /** Open → the first `ready` status: the walk is done and its check published. */
  readyMs: number;
  /** Server CPU time (user + system, every thread) during the idle period after discovery is done. */
  idleCpuMs: number;
  /** The same, without its first SETTLE_MS (V8 finishing its background compiles and collections). */
  settledCpuMs: number;
  idleMs: number;
  peakRssMb: number;
  /** Resident memory at the end of the idle period (VmRSS). */
  rssMb: number;
  /** Server CPU time per one-character edit of the opened file, after the idle period (20 edits, 50 ms apart). */
  editCpuMs: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux
/**
 * The start of the idle period in which V8 may still finish what the walk started (optimizing
 * compiles on background threads, a memory-reducing collection): measured, ≈ 100 ms once.
 */
const SETTLE_MS = 10_000;

function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export async function workspaceOnce(
  workspace: string,
  file: string,
  idleMs = 60_000,
  /** V8 flags: by default those the VS Code client starts the server with. */
  nodeArgs: readonly string[] = SERVER_NODE_ARGS,
): Promise<WorkspaceRun> {
  const child = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const uri = pathToFileURL(file).href;
  try {
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) =>
      p.items.map(() => ({ ignore: [], severity: {}, searchPaths: [], compose2nixPath: '' })),
    );
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    let t0 = 0;
    const first = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('no publishDiagnostics for the open file within 120 s')),
        120_000,
      );
      conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
        if (p.uri !== uri) return;
        clearTimeout(timer);
        resolve(performance.now() - t0);
      });
      child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const ready = new Promise<number>((resolve) =>
      conn.onNotification('snikket/status', (st: { state: string }) => {
        if (st.state === 'ready' && t0 > 0) resolve(performance.now() - t0);
      }),
    );
    conn.onNotification(() => undefined);
    conn.listen();
    const wsUri = pathToFileURL(workspace).href;
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: wsUri,
      workspaceFolders: [{ uri: wsUri, name: 'ws' }],
      capabilities: {
        window: { workDoneProgress: true },
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          hover: { contentFormat: ['markdown'] },
        },
      },
    });
    await conn.sendNotification('initialized', {});
    t0 = performance.now();
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'nix', version: 1, text: fs.readFileSync(file, 'utf8') },
    });
    const hover = conn
      .sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } })
      .then(() => performance.now() - t0);
    const firstDiagnosticsMs = await first;
    const hoverMs = await hover;
    const readyMs = await ready;
    const cpu0 = cpuMs(child.pid!);
    const i0 = performance.now();
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const settled = cpuMs(child.pid!);
    await new Promise((r) => setTimeout(r, idleMs - SETTLE_MS));
    const idleCpuMs = cpuMs(child.pid!) - cpu0;
    const settledCpuMs = cpuMs(child.pid!) - settled;
    const idleEnd = performance.now();
    const rssMb = statusMb(child.pid!, 'VmRSS');
    // Keystrokes in the opened file: each should cost what that file can change, not a re-scan.
    const text = fs.readFileSync(file, 'utf8');
    const edits = 20;
    const cpu1 = cpuMs(child.pid!);
    for (let i = 1; i <= edits; i++) {
      await conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: i + 1 },
        contentChanges: [{ text: i % 2 ? `${text} ` : text }],
      });
      await new Promise((r) => setTimeout(r, 50));
    }
    // The debounced check of the last edit.
    await new Promise((r) => setTimeout(r, 500));
    const editCpuMs = (cpuMs(child.pid!) - cpu1) / edits;
    return {
      firstDiagnosticsMs,
      hoverMs,
      readyMs,
      idleCpuMs,
      settledCpuMs,
      idleMs: idleEnd - i0,
      peakRssMb: statusMb(child.pid!, 'VmHWM'),
      rssMb,
      editCpuMs,
    };
  } finally {
    conn.dispose();
    child.kill('SIGKILL');
  }
}
