/**
 * The checker on hostile workspaces: every case must end in a report (a diagnostic, or the file
 * skipped with a reason), never a crash or a hang. "Never hangs" is asserted by the test
 * completing under mocha's timeout; nothing here times itself.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NodeFileHost, type FileHost } from '../../../server/src/model/fileHost';
import { nixModuleOfSize } from '../../bench/repoGenerator';
import {
  assertCliCompleted,
  assertNoInternalErrors,
  assertReported,
  copyBlog,
  randomBytes,
  reasonsFor,
  removeDir,
  runCheck,
  runCli,
} from './helpers';

describe('robustness: hostile workspaces', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = copyBlog();
  });
  afterEach(() => removeDir(dir));

  const conf = () => path.join(dir, 'snikket', 'snikket.conf');
  const compose = () => path.join(dir, 'snikket', 'docker-compose.yml');

  async function checkBoth(): Promise<ReturnType<typeof runCheck>> {
    const result = runCheck(dir);
    assertNoInternalErrors(result);
    assertCliCompleted(await runCli(['check', dir, '--format', 'json'], dir));
    return result;
  }

  it('a binary file named snikket.conf is skipped as binary', async () => {
    fs.writeFileSync(
      conf(),
      Buffer.concat([
        Buffer.from('SNIKKET_DOMAIN=chat.example.com\n'),
        randomBytes(1, 4096, false),
        Buffer.from([0, 0, 0]),
      ]),
    );
    assertReported(await checkBoth(), conf(), /binary/);
  });

  it('a 50 MB configuration.nix is skipped as too large, without being read', async () => {
    const big = path.join(dir, 'configuration.nix');
    // Sparse: the size is there, the bytes are not, so the test stays fast.
    fs.truncateSync(big, 50 * 1024 * 1024);
    const result = await checkBoth();
    assertReported(result, big, /too large/);
    // The rest of the deployment is still checked.
    assert.ok(result.deployments.length >= 1);
  });

  it('a 50 MB file of text named snikket.conf is skipped as too large', async () => {
    const line = 'SNIKKET_TWEAK_EXTRA=' + 'x'.repeat(1000) + '\n';
    const fd = fs.openSync(conf(), 'w');
    const chunk = Buffer.from(line.repeat(1024));
    for (let i = 0; i < 50; i++) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    assertReported(await checkBoth(), conf(), /too large/);
  });

  it('a symlink loop (a folder linking to its parent) is walked once', async () => {
    fs.symlinkSync('..', path.join(dir, 'snikket', 'loop'));
    fs.symlinkSync(dir, path.join(dir, 'self'));
    const result = await checkBoth();
    assert.equal(result.deployments.length, 1);
    assert.ok(
      result.findings.every(
        (f) => !f.file.includes(`${path.sep}loop${path.sep}`) && !f.file.includes(`${path.sep}self${path.sep}`),
      ),
    );
  });

  it('a dangling symlink named docker-compose.yml is reported as dangling', async () => {
    fs.rmSync(compose());
    fs.symlinkSync(path.join(dir, 'nowhere', 'docker-compose.yml'), compose());
    assertReported(await checkBoth(), compose(), /dangling/);
  });

  it('a symlink to itself named snikket.conf (ELOOP) is reported', async () => {
    fs.rmSync(conf());
    fs.symlinkSync('snikket.conf', conf());
    const result = await checkBoth();
    assert.ok(reasonsFor(result, conf()).length > 0, 'the self-link should be reported');
  });

  it('an unreadable snikket.conf (chmod 000) is reported, or read when running as root', async () => {
    fs.chmodSync(conf(), 0o000);
    let blocked = true;
    try {
      fs.readFileSync(conf());
      blocked = false; // root reads it anyway: only the no-crash part can be asserted
    } catch {
      // as a normal user
    }
    const result = await checkBoth();
    if (blocked) assertReported(result, conf(), /permission denied/);
  });

  it('an unreadable folder is reported and the rest is checked', async () => {
    const sub = path.join(dir, 'private');
    fs.mkdirSync(sub);
    fs.writeFileSync(path.join(sub, 'secret.nix'), '{ }\n');
    fs.chmodSync(sub, 0o000);
    const result = await checkBoth();
    assert.equal(result.deployments.length, 1);
  });

  it('a file deleted between listing and reading is reported as missing', async () => {
    const real = new NodeFileHost();
    const victim = conf();
    const host: FileHost = {
      list: (root, wanted) => {
        const l = real.list(root, wanted);
        fs.rmSync(victim);
        return l;
      },
      read: (f) => real.read(f),
      exists: (f) => real.exists(f),
    };
    const result = runCheck(dir, host);
    assertNoInternalErrors(result);
    assertReported(result, victim, /no such file|missing|does not exist|not found/i);
  });

  it('a file that grows between listing and reading is read whole, not cut at its listed size', () => {
    const host = new NodeFileHost();
    const victim = conf();
    assert.ok(host.list(dir, (n) => n === 'snikket.conf').files.includes(victim));
    const grown = `${fs.readFileSync(victim, 'utf8')}# ${'x'.repeat(5000)}\nSNIKKET_LOGLEVEL=debug\n`;
    fs.writeFileSync(victim, grown);
    assert.deepEqual(host.read(victim), { ok: true, text: grown });
    // Read once more, as any file not just listed: the same text.
    assert.deepEqual(host.read(victim), { ok: true, text: grown });
  });

  it('a file that becomes a FIFO between listing and reading does not block the read', function () {
    const host = new NodeFileHost();
    const victim = conf();
    assert.ok(host.list(dir, (n) => n === 'snikket.conf').files.includes(victim));
    fs.rmSync(victim);
    try {
      execFileSync('mkfifo', [victim]);
    } catch {
      this.skip(); // no mkfifo here
    }
    // Listed as a regular file, opened without waiting: empty or an error, never a hang.
    const first = host.read(victim);
    assert.ok(!first.ok || first.text === '');
    // Asked again, it is a pipe: refused before any open.
    assert.deepEqual(host.read(victim), { ok: false, reason: 'not a regular file' });
  });

  it('a FIFO named snikket.conf is skipped, never opened (it would block)', async function () {
    fs.rmSync(conf());
    try {
      execFileSync('mkfifo', [conf()]);
    } catch {
      this.skip(); // no mkfifo here
    }
    const result = await checkBoth();
    // As a listed file it is not a regular file; referenced from the compose file it must still not block.
    assert.ok(result.deployments.length >= 1);
    // Given as the path to check: neither a file nor a folder, refused (exit 2) without opening it.
    const r = await runCli(['check', conf(), '--format', 'json'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /neither a file nor a folder/);
  });

  it('a compose file with a billion-laughs alias bomb is reported, not expanded', async () => {
    const lines = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`x-${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const text = fs
      .readFileSync(compose(), 'utf8')
      .replace('volumes:\n  acme_challenges:', `${lines.join('\n')}\nvolumes:\n  acme_challenges:`);
    fs.writeFileSync(compose(), text.replace('restart: "unless-stopped"', 'restart: "unless-stopped"\n    labels: *l'));
    assertReported(await checkBoth(), compose(), /alias/i);
  });

  it('deeply nested Nix (100,000 `[`) is a syntax error, not a stack overflow', async () => {
    const deep = path.join(dir, 'deep.nix');
    fs.writeFileSync(deep, `# snikket\n{ imports = [ ./configuration.nix ]; x = ${'['.repeat(100_000)}; }\n`);
    const result = await checkBoth();
    assert.ok(reasonsFor(result, deep).length > 0, 'the nesting should be reported');
  });

  it('deeply nested Nix of every bracket kind (parens, sets, lets, strings) completes', async () => {
    const deep = path.join(dir, 'deep.nix');
    const n = 50_000;
    fs.writeFileSync(
      deep,
      `# snikket\n{ imports = [ ./configuration.nix ]; a = ${'('.repeat(n)}1${')'.repeat(n)}; b = ${'{ x = '.repeat(n)}1${'; }'.repeat(n)}; c = ${'"${'.repeat(n / 10)}x${'}"'.repeat(n / 10)}; }\n`,
    );
    await checkBoth();
  });

  it('a 10 MB Nix file of valid code is skipped as too large', async () => {
    const big = path.join(dir, 'big.nix');
    fs.writeFileSync(big, nixModuleOfSize(7, 10 * 1024 * 1024, 'snikket'));
    assertReported(await checkBoth(), big, /too large/);
  });

  it('a Nix file of valid code just under the size limit is parsed and checked @slow', async () => {
    const big = path.join(dir, 'big.nix');
    // imported, so discovery parses it and rules walk it
    fs.writeFileSync(big, nixModuleOfSize(8, 7 * 1024 * 1024, 'snikket'));
    fs.writeFileSync(
      path.join(dir, 'configuration.nix'),
      fs.readFileSync(path.join(dir, 'configuration.nix'), 'utf8').replace('./nginx.nix', './nginx.nix\n    ./big.nix'),
    );
    const result = await checkBoth();
    assert.equal(result.deployments.length, 1);
    assert.ok(result.deployments[0]!.deployment.nix.some((d) => d.path === big));
  });

  for (const printable of [false, true]) {
    it(`random ${printable ? 'printable ' : ''}bytes named *.nix, *.yml, *.conf, *.sh and the deployment's own files`, async () => {
      const names = [
        'junk.nix',
        'junk.yml',
        'junk.yaml',
        'junk.conf',
        'junk.env',
        'junk.sh',
        'snikket/snikket.conf',
        'snikket/docker-compose.yml',
        'snikket/copy-certs.sh',
        'snikket.nix',
        'snikket/snikket.nix',
      ];
      names.forEach((n, i) => {
        // Keep the marks discovery looks for, so the readers really see the bytes.
        const mark = n.endsWith('.nix')
          ? 'snikket imports '
          : n.includes('compose') || n.endsWith('.yml') || n.endsWith('.yaml')
            ? 'image: snikket/x\n'
            : n.endsWith('.sh')
              ? '/var/lib/acme\n'
              : 'SNIKKET_DOMAIN=x\n';
        fs.writeFileSync(
          path.join(dir, n),
          Buffer.concat([Buffer.from(mark), randomBytes(100 + i, 20_000, printable)]),
        );
      });
      const result = await checkBoth();
      if (!printable) {
        for (const n of ['snikket/snikket.conf', 'snikket/docker-compose.yml', 'snikket/copy-certs.sh']) {
          // Random bytes nearly always hold a NUL in the first 8 KB.
          assertReported(result, path.join(dir, n), /binary/);
        }
      }
    });
  }

  it('invalid UTF-8 without NUL bytes is read (replacement characters), not a crash', async () => {
    fs.writeFileSync(
      conf(),
      Buffer.concat([
        Buffer.from('SNIKKET_DOMAIN=chat.'),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]),
        Buffer.from('.com\nSNIKKET_ADMIN_EMAIL=a@b\n'),
      ]),
    );
    await checkBoth();
  });

  it('a folder named snikket.conf and a folder named configuration.nix', async () => {
    fs.rmSync(conf());
    fs.mkdirSync(conf());
    fs.renameSync(path.join(dir, 'nginx.nix'), path.join(dir, 'nginx.tmp'));
    fs.mkdirSync(path.join(dir, 'nginx.nix'));
    const result = await checkBoth();
    assert.ok(result.deployments.length >= 1);
  });

  it('a workspace path that is a file, a FIFO-free empty folder, or does not exist', async () => {
    assertCliCompleted(await runCli(['check', path.join(dir, 'snikket.nix'), '--format', 'json'], dir));
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    assertCliCompleted(await runCli(['check', empty, '--format', 'json'], dir));
    const r = await runCli(['check', path.join(dir, 'nope'), '--format', 'json'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no such file or folder/);
  });
});
