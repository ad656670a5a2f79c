/** Where the CLI writes, so tests can capture it. */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** Whether stdout is a terminal (colours). */
  color: boolean;
}

export function processIo(): Io {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    color: !!process.stdout.isTTY && !process.env['NO_COLOR'],
  };
}
