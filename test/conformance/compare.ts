/**
 * Compares parseNix with the reference parser (`nix-instantiate --parse`) file by file: both must
 * agree on "this file has a syntax error". Nix's other parse-time errors (undefined variables,
 * duplicate attributes, dynamic attributes in let/inherit) are not syntax errors.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lex } from '../../server/src/syntax/nix/lexer';
import { parseNix } from '../../server/src/syntax/nix/parser';
import { LineIndex } from '../../server/src/text/lineIndex';

export type NixVerdict =
  | 'ok' // parsed
  | 'syntax' // a syntax error
  | 'not-syntax' // an error that is not a syntax error
  | 'pipes' // a syntax error on pipe operators, which Nix < 2.24 does not know
  | 'aborted' // a semantic error stopped Nix before the place where we found a syntax error
  | 'crash' // Nix crashed (exit 139): ignored
  | 'timeout';

export interface FileReport {
  file: string;
  nix: NixVerdict;
  nixMessage: string;
  /** Our errors, as `line:col message`. */
  ours: string[];
  agree: boolean;
  /** Set when the verdict cannot be compared (crash, timeout, pipes, aborted). */
  ignored: boolean;
}

export interface Report {
  available: boolean;
  files: FileReport[];
  /** Valid for Nix, rejected by us. */
  falseErrors: FileReport[];
  /** Syntax errors for Nix that we miss. */
  missedErrors: FileReport[];
  ignored: number;
}

const NIX = 'nix-instantiate';

export function nixAvailable(): boolean {
  try {
    const r = spawnSync(NIX, ['--version'], { encoding: 'utf8', timeout: 10000 });
    return r.status === 0;
  } catch {
    return false;
  }
}

let nixEnv: NodeJS.ProcessEnv | undefined;
function env(): NodeJS.ProcessEnv {
  if (nixEnv === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'nix-conf-'));
    nixEnv = {
      ...process.env,
      HOME: dir,
      NIX_STATE_DIR: join(dir, 'state'),
      NIX_CONF_DIR: dir,
      NIX_LOG_DIR: join(dir, 'log'),
    };
  }
  return nixEnv;
}

interface NixRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  timedOut: boolean;
}

function runNix(file: string): Promise<NixRun> {
  return new Promise((resolve) => {
    const child = spawn(NIX, ['--parse', '--store', 'dummy://', file], {
      env: env(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, 5000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 20000) stderr += d;
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, signal: null, stderr: String(e), timedOut: false });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, timedOut });
    });
  });
}

const SYNTAX_MARKERS = ['syntax error', 'trailing slash', 'unexpected', 'unterminated', 'invalid integer'];
/** Errors Nix 2.8 throws in the middle of parsing: it stops there, the rest is not checked. */
const MID_PARSE = ['already defined', 'duplicate formal', 'dynamic attributes not allowed in inherit'];

function firstErrorLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.startsWith('error:')) ?? stderr.split('\n')[0] ?? '';
  return line.trim();
}

/** `at FILE:L:C` of a Nix error, 1-based, if present. */
function nixErrorPos(stderr: string): { line: number; col: number } | undefined {
  const m = /at [^\n]*?:(\d+):(\d+)/.exec(stderr);
  return m === null ? undefined : { line: Number(m[1]), col: Number(m[2]) };
}

function hasPipes(text: string): boolean {
  return lex(text).tokens.some((t) => t.kind === '|>' || t.kind === '<|');
}

async function compareFile(file: string): Promise<FileReport> {
  const text = readFileSync(file, 'utf8');
  const result = parseNix(text);
  const idx = new LineIndex(text);
  const ours = result.errors.map((e) => {
    const p = idx.position(e.start);
    return `${p.line + 1}:${p.character + 1} ${e.message}`;
  });
  const run = await runNix(file);
  const msg = firstErrorLine(run.stderr);
  let nix: NixVerdict;
  if (run.timedOut) nix = 'timeout';
  else if (run.code === 139 || run.signal === 'SIGSEGV' || run.signal === 'SIGABRT') nix = 'crash';
  else if (run.code === 0) nix = 'ok';
  else if (SYNTAX_MARKERS.some((m) => run.stderr.includes(m))) nix = hasPipes(text) ? 'pipes' : 'syntax';
  else if (MID_PARSE.some((m) => run.stderr.includes(m))) {
    // Nix stopped early: a syntax error we report after that point is not comparable.
    const pos = nixErrorPos(run.stderr);
    const first = result.errors[0];
    const firstPos = first === undefined ? undefined : idx.position(first.start);
    const after = pos !== undefined && firstPos !== undefined && firstPos.line + 1 >= pos.line;
    nix = after ? 'aborted' : 'not-syntax';
  } else nix = 'not-syntax';
  const weHaveErrors = result.errors.length > 0;
  let agree = true;
  let ignored = false;
  if (nix === 'ok' || nix === 'not-syntax') agree = !weHaveErrors;
  else if (nix === 'syntax') agree = weHaveErrors;
  else ignored = true;
  return { file, nix, nixMessage: msg, ours, agree, ignored };
}

async function pool<T, R>(items: T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

export async function compareWithNix(files: string[], concurrency = 8): Promise<Report> {
  if (!nixAvailable()) return { available: false, files: [], falseErrors: [], missedErrors: [], ignored: 0 };
  const reports = await pool(files, concurrency, compareFile);
  return {
    available: true,
    files: reports,
    falseErrors: reports.filter((r) => !r.agree && (r.nix === 'ok' || r.nix === 'not-syntax')),
    missedErrors: reports.filter((r) => !r.agree && r.nix === 'syntax'),
    ignored: reports.filter((r) => r.ignored).length,
  };
}

export function formatDisagreement(r: FileReport): string {
  const head = r.nix === 'syntax' ? 'MISSED (Nix: syntax error)' : `FALSE ERROR (Nix: ${r.nix})`;
  return `${head}: ${r.file}\n    nix: ${r.nixMessage || '(ok)'}\n    ours: ${r.ours.length === 0 ? '(ok)' : r.ours.join(' | ')}`;
}
