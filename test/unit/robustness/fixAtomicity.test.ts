/**
 * `check --fix` writes through writeFileAtomic (temp file, fsync, rename): whatever moment the
 * process dies at, and whenever the disk fills up, every file is its old or its new complete
 * text, never half of each.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../../server/src/fixes/writeAtomic';
import { REPO, copyBlog, removeDir, runCli } from './helpers';

const BIN = path.join(REPO, 'bin', 'snikket-nixos.js');
/** writeFileAtomic's temp name: `.<name>.<pid>.<time>.tmp`. */
const TEMP = /^\.(.+)\.(\d+)\.(\d+)\.tmp$/;
/** The module object itself (writable), not the import's read-only view of it: what writeAtomic.ts calls through. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs = require('node:fs') as { -readonly [K in keyof typeof fs]: (typeof fs)[K] };

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, rel);
    if (fs.statSync(full).isFile()) out.set(rel, fs.readFileSync(full, 'utf8'));
  }
  return out;
}

function runFix(dir: string, killAfterMs?: number): Promise<{ pid: number; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'check', dir, '--fix', '--format', 'json'], { stdio: 'ignore' });
    let killed = false;
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => (killed = child.kill('SIGKILL')), killAfterMs);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ pid: child.pid!, killed: killed && signal === 'SIGKILL' });
    });
  });
}

describe('robustness: --fix is atomic', function () {
  this.timeout(120_000);

  it("SIGKILL at random moments leaves every file old or new, and at most the killed run's temp file @slow", async () => {
    // The reference: what a complete run writes.
    const ref = copyBlog();
    const before = snapshot(ref);
    const started = performance.now();
    await runFix(ref);
    const runMs = performance.now() - started;
    const after = snapshot(ref);
    removeDir(ref);
    const changed = [...before.keys()].filter((f) => before.get(f) !== after.get(f));
    assert.ok(changed.length >= 2, 'the example should have fixes to write');

    // Deterministic delays spread over the whole run, denser where the writes happen (the end).
    let seed = 42;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    let kills = 0;
    let partial = 0;
    let leftovers = 0;
    for (let i = 0; i < 40; i++) {
      const dir = copyBlog();
      try {
        const delay = i < 10 ? rand() * runMs : runMs * (0.5 + rand() * 0.6);
        const { pid, killed } = await runFix(dir, delay);
        if (killed) kills++;
        const now = snapshot(dir);
        let someNew = false;
        let someOld = false;
        for (const [rel, text] of now) {
          const base = path.basename(rel);
          const m = TEMP.exec(base);
          if (m) {
            // Only the killed run may leave its temp file, and only next to a file it fixes.
            assert.ok(killed, `temp file ${rel} after a run that was not killed`);
            assert.equal(Number(m[2]), pid, `temp file ${rel} of another process`);
            assert.ok(before.has(path.join(path.dirname(rel), m[1]!)), `temp file ${rel} next to no file`);
            leftovers++;
            continue;
          }
          assert.ok(before.has(rel), `unexpected file ${rel}`);
          assert.ok(
            text === before.get(rel) || text === after.get(rel),
            `${rel} is neither the old nor the new text:\n${text}`,
          );
          if (before.get(rel) !== after.get(rel)) {
            if (text === after.get(rel)) someNew = true;
            else someOld = true;
          }
        }
        for (const rel of before.keys()) assert.ok(now.has(rel), `${rel} disappeared`);
        if (someNew && someOld) partial++;
      } finally {
        removeDir(dir);
      }
    }
    // Not an assertion on timing: just what the runs covered, for whoever reads the log.
    console.log(
      `      ${kills}/40 runs killed, ${partial} killed between two files' writes, ${leftovers} temp files left by killed runs`,
    );
  });

  describe('disk full', () => {
    let dir: string;
    const realWriteFileSync = fs.writeFileSync;
    const realFsyncSync = fs.fsyncSync;
    const realRenameSync = fs.renameSync;
    beforeEach(() => {
      dir = copyBlog();
    });
    afterEach(() => {
      nodeFs.writeFileSync = realWriteFileSync;
      nodeFs.fsyncSync = realFsyncSync;
      nodeFs.renameSync = realRenameSync;
      removeDir(dir);
    });

    function enospc(): NodeJS.ErrnoException {
      return Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
        errno: -28,
        syscall: 'write',
      });
    }

    /** Writes half of the text to the descriptor, then fails as a full disk does. */
    function fillDiskMidway(): void {
      nodeFs.writeFileSync = ((
        target: fs.PathOrFileDescriptor,
        data: string | NodeJS.ArrayBufferView,
        options?: fs.WriteFileOptions,
      ) => {
        if (typeof target !== 'number') return realWriteFileSync(target, data, options);
        const bytes =
          typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
        fs.writeSync(target, bytes, 0, Math.floor(bytes.length / 2));
        throw enospc();
      }) as typeof fs.writeFileSync;
    }

    function tempFiles(): string[] {
      return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => TEMP.test(path.basename(f)));
    }

    it('writeFileAtomic: ENOSPC midway leaves the original intact and no temp file', () => {
      const file = path.join(dir, 'snikket.nix');
      const original = fs.readFileSync(file, 'utf8');
      fillDiskMidway();
      assert.throws(() => writeFileAtomic(file, original.replace('5443', '5080') + 'x'.repeat(100_000)), {
        code: 'ENOSPC',
      });
      nodeFs.writeFileSync = realWriteFileSync;
      assert.equal(fs.readFileSync(file, 'utf8'), original);
      assert.deepEqual(tempFiles(), []);
    });

    it('writeFileAtomic: a failing fsync or rename leaves the original intact and no temp file', () => {
      const file = path.join(dir, 'snikket', 'copy-certs.sh');
      const original = fs.readFileSync(file, 'utf8');
      nodeFs.fsyncSync = () => {
        throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      };
      assert.throws(() => writeFileAtomic(file, 'new'), { code: 'EIO' });
      nodeFs.fsyncSync = realFsyncSync;
      nodeFs.renameSync = () => {
        throw enospc();
      };
      assert.throws(() => writeFileAtomic(file, 'new'), { code: 'ENOSPC' });
      nodeFs.renameSync = realRenameSync;
      assert.equal(fs.readFileSync(file, 'utf8'), original);
      assert.deepEqual(tempFiles(), []);
    });

    it('check --fix with a full disk: every file intact, no temp file, the error surfaces', async () => {
      const before = snapshot(dir);
      fillDiskMidway();
      let outcome: string;
      try {
        const r = await runCli(['check', dir, '--fix', '--format', 'json'], dir);
        outcome = `exit ${r.code}: ${r.stderr.trim()}`;
      } catch (e) {
        outcome = `threw ${(e as NodeJS.ErrnoException).code}`;
      }
      nodeFs.writeFileSync = realWriteFileSync;
      assert.match(outcome, /^exit 2: snikket-nixos check: cannot write \S+: no space left on the device$/);
      assert.deepEqual(snapshot(dir), before);
      assert.deepEqual(tempFiles(), []);
    });
  });
});

describe('writeFileAtomic housekeeping', () => {
  it('removes the temp file a killed run left behind, and only that one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snikket-atomic-'));
    const file = path.join(dir, 'snikket.nix');
    fs.writeFileSync(file, 'old');
    // pid 2^22+1 is above Linux's pid_max default: never a running process.
    const stale = path.join(dir, `.snikket.nix.${2 ** 22 + 1}.1700000000000.tmp`);
    const live = path.join(dir, `.snikket.nix.${process.ppid}.1700000000000.tmp`);
    const other = path.join(dir, `.other.nix.${2 ** 22 + 1}.1700000000000.tmp`);
    for (const f of [stale, live, other]) fs.writeFileSync(f, 'half');
    writeFileAtomic(file, 'new');
    assert.equal(fs.readFileSync(file, 'utf8'), 'new');
    assert.deepEqual(fs.readdirSync(dir).sort(), [path.basename(other), path.basename(live), 'snikket.nix'].sort());
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
