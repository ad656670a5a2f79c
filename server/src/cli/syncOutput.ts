/**
 * Output for short CLI processes by plain synchronous writes to the file descriptors: creating
 * `process.stdout` loads Node's stream modules, ≈ 5 ms of a 75 ms `parse` process. Order is kept
 * between the two descriptors as every write completes before the next begins.
 */
import { writeSync } from 'node:fs';
import type { ParseCommandIo } from './parseCommand';

/** A writer to `fd` (1 or 2). */
function syncWriter(fd: 1 | 2): (s: string) => void {
  let stream: NodeJS.WriteStream | undefined;
  return (s) => {
    if (stream !== undefined) {
      stream.write(s);
      return;
    }
    const buf = Buffer.from(s, 'utf8');
    let off = 0;
    while (off < buf.length) {
      try {
        off += writeSync(fd, buf, off, buf.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // A reader that stops early (`| head`) closes the pipe: stop quietly, like other CLIs.
        if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
        // A descriptor another process left non-blocking: Node's stream waits for it to drain.
        if (code !== 'EAGAIN') throw e;
        stream = processStream(fd);
        stream.write(buf.subarray(off));
        return;
      }
    }
  };
}

const guarded = new Set<NodeJS.WriteStream>();

function processStream(fd: 1 | 2): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  return stream;
}

export function syncIo(): ParseCommandIo {
  return { stdout: syncWriter(1), stderr: syncWriter(2) };
}
