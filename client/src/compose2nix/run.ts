/**
 * Runs a program with an argument array (never through a shell), streams its output, and can
 * be cancelled. No vscode import: unit-tested with a stand-in executable.
 */
import { spawn } from 'node:child_process';

export interface RunResult {
  /** Exit code; null when killed or when it never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr interleaved, capped to the last `maxOutput` characters. */
  output: string;
  cancelled: boolean;
  /** Why it could not start (ENOENT, EACCES, ...). */
  spawnError?: string;
}

export interface RunOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
  /** Grace period between SIGTERM and SIGKILL on cancel. */
  killAfterMs?: number;
  maxOutput?: number;
}

export function runProcess(opts: RunOptions): Promise<RunResult> {
  const max = opts.maxOutput ?? 64_000;
  return new Promise((resolve) => {
    let output = '';
    let cancelled = false;
    let settled = false;
    const append = (s: string) => {
      output += s;
      if (output.length > max) output = output.slice(output.length - max);
    };
    const child = spawn(opts.command, [...opts.args], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so Cancel also stops what nix-shell/nix started.
      detached: process.platform !== 'win32',
    });
    const finish = (r: RunResult) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const kill = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        if (process.platform !== 'win32') process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        try {
          child.kill(sig);
        } catch {
          /* gone */
        }
      }
    };
    const onAbort = () => {
      cancelled = true;
      kill('SIGTERM');
      setTimeout(() => {
        if (!settled) kill('SIGKILL');
      }, opts.killAfterMs ?? 3000).unref();
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      append(s);
      opts.onOutput?.(s, 'stdout');
    });
    child.stderr!.setEncoding('utf8').on('data', (s: string) => {
      append(s);
      opts.onOutput?.(s, 'stderr');
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      finish({ code: null, signal: null, output, cancelled, spawnError: `${e.code ?? 'error'}: ${e.message}` });
    });
    child.on('close', (code, signal) => finish({ code, signal, output, cancelled }));
  });
}

/** The last lines of a program's output, for an error message. */
export function tail(text: string, lines = 12): string {
  const all = text.replace(/\s+$/, '').split('\n');
  return all.slice(-lines).join('\n');
}
