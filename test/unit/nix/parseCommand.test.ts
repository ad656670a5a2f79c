import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCommand, readRegularFile } from '../../../server/src/cli/parseCommand';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await parseCommand(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

describe('snikket-nixos parse', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parse-cmd-'));
  const good = join(dir, 'good.nix');
  const bad = join(dir, 'bad.nix');
  writeFileSync(good, '{ a = 1; }\n');
  writeFileSync(bad, '{\n  a = 1\n  b = 2;\n}\n');

  it('prints ok and exits 0 when every file parses', async () => {
    assert.deepEqual(await run([good]), { code: 0, out: `${good}: ok\n`, err: '' });
  });

  it('prints FILE:LINE:COL: message per error and exits 1', async () => {
    const r = await run([good, bad]);
    assert.equal(r.code, 1);
    assert.equal(r.out, `${good}: ok\n${bad}:2:7: expected ';' after the binding of 'a'\n`);
  });

  it('writes JSON with --format json', async () => {
    const r = await run(['--format', 'json', bad, good]);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.out), {
      files: [
        {
          file: bad,
          ok: false,
          errors: [{ line: 2, column: 7, endLine: 2, endColumn: 8, message: "expected ';' after the binding of 'a'" }],
        },
        { file: good, ok: true, errors: [] },
      ],
    });
  });

  it('exits 2 on an unreadable file, with one line on stderr', async () => {
    const missing = join(dir, 'missing.nix');
    const r = await run([good, missing]);
    assert.equal(r.code, 2);
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.match(r.err, /missing\.nix: cannot read file \(ENOENT\)/);
  });

  it('exits 2 on bad usage', async () => {
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['--format', 'xml', good])).code, 2);
    assert.equal((await run(['--bogus', good])).code, 2);
  });

  it('refuses a folder with a reason, goes on with the other files and exits 2', async () => {
    const folder = join(dir, 'folder.nix');
    mkdirSync(folder, { recursive: true });
    const r = await run([folder, good]);
    assert.deepEqual(r, { code: 2, out: `${good}: ok\n`, err: `${folder}: not a regular file, not read\n` });
  });

  it('refuses a FIFO without waiting for a writer', async function () {
    const fifo = join(dir, 'pipe.nix');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      this.skip();
    }
    // A blocking open would hang here: the test's timeout is the assertion.
    assert.deepEqual(readRegularFile(fifo), { reason: 'not a regular file, not read' });
    const r = await run([fifo]);
    assert.deepEqual(r, { code: 2, out: '', err: `${fifo}: not a regular file, not read\n` });
  });

  it('reads a regular file whole, multi-byte characters included', () => {
    const f = join(dir, 'utf8.nix');
    writeFileSync(f, '{ a = "é€😀"; }\n');
    assert.equal(readRegularFile(f), '{ a = "é€😀"; }\n');
    assert.deepEqual(readRegularFile(join(dir, 'nope.nix')), { reason: 'cannot read file (ENOENT)' });
  });
});

describe('snikket-nixos parse through bin/ (the bundle npm run build makes)', () => {
  const repo = resolve(__dirname, '..', '..', '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'parse-bin-'));
  const good = join(dir, 'good.nix');
  const bad = join(dir, 'bad.nix');
  writeFileSync(good, '{ a = 1; }\n');
  writeFileSync(bad, '{\n  a = 1\n  b = 2;\n}\n');

  it('is built', () => {
    assert.ok(
      existsSync(join(repo, 'out', 'server', 'src', 'cli', 'main.bundle.js')),
      'npm run build makes out/server/src/cli/main.bundle.js',
    );
  });

  it('prints the same as the command in-process, exit code included', () => {
    const r = spawnSync(
      process.execPath,
      [join(repo, 'bin', 'snikket-nixos.js'), 'parse', good, bad, join(dir, 'missing.nix')],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 2);
    assert.equal(r.stdout, `${good}: ok\n${bad}:2:7: expected ';' after the binding of 'a'\n`);
    assert.equal(r.stderr, `${join(dir, 'missing.nix')}: cannot read file (ENOENT)\n`);
  });

  it('writes output larger than a pipe holds, whole and in order', () => {
    const files = Array.from({ length: 4000 }, (_, i) => (i % 2 === 0 ? good : bad));
    const r = spawnSync(process.execPath, [join(repo, 'bin', 'snikket-nixos.js'), 'parse', ...files], {
      encoding: 'utf8',
      maxBuffer: 16 << 20,
    });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, `${good}: ok\n${bad}:2:7: expected ';' after the binding of 'a'\n`.repeat(2000));
    assert.equal(r.stderr, '');
  });

  it('stops quietly when the reader closes the pipe (| head)', async () => {
    const files = Array.from({ length: 20000 }, () => good);
    const child = spawn(process.execPath, [join(repo, 'bin', 'snikket-nixos.js'), 'parse', ...files], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    assert.equal(err, '');
    assert.equal(code, 0);
  });
});
