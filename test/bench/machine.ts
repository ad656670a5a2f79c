/** The machine the figures were measured on: they mean little without it. */
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return `(${cmd} not available)`;
  }
}

export function describeMachine(): string {
  return [
    `nproc: ${run('nproc', [])}`,
    `node: ${process.version} (${os.platform()} ${os.arch()}, ${os.release()})`,
    // Other work on the machine during the run skews every figure: say how busy it was.
    `load average (1, 5, 15 min) at the end of the run: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
    `lscpu | head:`,
    ...run('sh', ['-c', 'lscpu | head'])
      .split('\n')
      .map((l) => `  ${l}`),
    `free -g:`,
    ...run('free', ['-g'])
      .split('\n')
      .map((l) => `  ${l}`),
  ].join('\n');
}
