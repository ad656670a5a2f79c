/** Where the CLI writes, so tests can capture it. */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** Whether stdout is a terminal (colours). */
  color: boolean;
}

export function processIo(): Io {
  // A reader that stops early (`| head`) closes the pipe: stop writing quietly, like other CLIs.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    color: !!process.stdout.isTTY && !process.env['NO_COLOR'],
  };
}
