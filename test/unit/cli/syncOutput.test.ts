import * as assert from 'node:assert/strict';
import { syncIo } from '../../../server/src/cli/syncOutput';

// The module object itself (an `import *` is a read-only copy): the writer reads writeSync off it per call.
const fs = require('node:fs') as { writeSync: unknown };

/** An error as the fs calls throw it. */
function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

describe('parse output by synchronous writes', () => {
  const realWrite = fs.writeSync;
  const realStdoutWrite = process.stdout.write;
  const realExit = process.exit;
  afterEach(() => {
    fs.writeSync = realWrite;
    process.stdout.write = realStdoutWrite;
    process.exit = realExit;
  });

  it('writes every byte of a multi-byte text, over partial writes, to the descriptor', () => {
    const seen: string[] = [];
    fs.writeSync = (fd: number, buf: Buffer, off: number, len: number): number => {
      assert.equal(fd, 1);
      // At most 3 bytes per call: a character may be split between two writes.
      const n = Math.min(3, len);
      seen.push(buf.subarray(off, off + n).toString('latin1'));
      return n;
    };
    syncIo().stdout('a: ok\né€😀\n');
    assert.equal(Buffer.from(seen.join(''), 'latin1').toString('utf8'), 'a: ok\né€😀\n');
  });

  it('hands the rest, and every later text, to Node’s stream when the descriptor would block', () => {
    let calls = 0;
    fs.writeSync = (_fd: number, _buf: Buffer, _off: number, len: number): number => {
      if (++calls === 1) return Math.min(4, len);
      throw errno('EAGAIN');
    };
    const streamed: string[] = [];
    process.stdout.write = ((chunk: string | Uint8Array) => {
      streamed.push(Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
    const out = syncIo().stdout;
    out('abcdefgh\n');
    out('second\n');
    process.stdout.write = realStdoutWrite;
    assert.deepEqual(streamed, ['efgh\n', 'second\n']);
    assert.equal(calls, 2);
  });

  it('exits quietly when the reader has closed the pipe', () => {
    fs.writeSync = (): number => {
      throw errno('EPIPE');
    };
    let exited: number | string | null | undefined = -1;
    process.exit = ((code?: number | string | null) => {
      exited = code;
      throw new Error('exit');
    }) as typeof process.exit;
    assert.throws(() => syncIo().stdout('x\n'), /exit/);
    process.exit = realExit;
    assert.equal(exited, process.exitCode ?? 0);
  });

  it('throws any other write error', () => {
    fs.writeSync = (): number => {
      throw errno('EIO');
    };
    assert.throws(() => syncIo().stderr('x\n'), /EIO/);
  });
});
