/**
 * A hostile repository against `check --fix`: nothing outside the checked folder is written, no
 * secret reaches the report, a value is written as data, and no link or special file stalls the walk.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { confineNewFiles } from '../../server/src/confine/boundary';
import { sanitizeSettings } from '../../server/src/lsp/settings';
import { addDuplicateKey, attackTree, checksums, replaceIn, runCli, type AttackTree } from './helpers';

describe('security: confinement of reads and writes', function () {
  this.timeout(60_000);
  let t: AttackTree;
  beforeEach(() => {
    t = attackTree();
  });
  afterEach(() => t.dispose());

  it('an env_file outside the repository is never fixed, and the finding says why', async () => {
    // The victim is a real Snikket env file with something to fix (a duplicate key).
    fs.copyFileSync(t.conf, path.join(t.victim, 'snikket.conf'));
    addDuplicateKey(path.join(t.victim, 'snikket.conf'));
    fs.rmSync(t.conf);
    replaceIn(t.compose, /env_file: snikket.conf/g, 'env_file: ../../victim/snikket.conf');
    const before = checksums(t.victim);
    const r = await runCli(['check', t.repo, '--fix', '--format', 'json'], t.repo);
    assert.deepEqual(checksums(t.victim), before);
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string; message: string; fixes: unknown[] }[] };
    const dup = out.diagnostics.find((d) => d.code === 'conf-duplicate-key');
    assert.ok(dup, r.stdout);
    assert.match(dup.message, /\(not fixed: \S+victim\/snikket\.conf is outside the folders being checked\)$/);
    assert.deepEqual(dup.fixes, []);
  });

  it('an imported module outside the repository is never fixed', async () => {
    // The whole Snikket part of the host lives outside; the host module imports it.
    fs.renameSync(path.join(t.repo, 'snikket.nix'), path.join(t.victim, 'snikket.nix'));
    fs.renameSync(path.join(t.repo, 'snikket'), path.join(t.victim, 'snikket'));
    replaceIn(path.join(t.repo, 'configuration.nix'), './snikket.nix', '../victim/snikket.nix');
    // Something the proxy module's fixes would change: a wrong backend port.
    replaceIn(path.join(t.victim, 'snikket.nix'), '5443', '5444');
    const before = checksums(t.victim);
    const r = await runCli(['check', t.repo, '--fix'], t.repo);
    assert.deepEqual(checksums(t.victim), before);
    assert.match(r.stdout, /not fixed: \S+victim\/snikket\.nix is outside the folders being checked/);
  });

  it('a symbolic link to a file outside is not written through, and the walk does not follow it', async () => {
    fs.copyFileSync(t.conf, path.join(t.victim, 'snikket.conf'));
    addDuplicateKey(path.join(t.victim, 'snikket.conf'));
    fs.rmSync(t.conf);
    fs.symlinkSync(path.join(t.victim, 'snikket.conf'), t.conf);
    const before = checksums(t.victim);
    const r = await runCli(['check', t.repo, '--fix', '--format', 'json'], t.repo);
    assert.deepEqual(checksums(t.victim), before);
    assert.ok(fs.lstatSync(t.conf).isSymbolicLink());
    const out = JSON.parse(r.stdout) as { skipped: { file: string; reason: string }[] };
    assert.ok(
      out.skipped.some(
        (s) => s.file === 'snikket/snikket.conf' && /symbolic link out of the checked folder/.test(s.reason),
      ),
      r.stdout,
    );
  });

  it('a symbolic link inside the repository is written through to its target, and stays a link', async () => {
    const real = path.join(t.repo, 'secrets', 'snikket.conf');
    fs.mkdirSync(path.dirname(real));
    fs.renameSync(t.conf, real);
    addDuplicateKey(real);
    fs.symlinkSync('../secrets/snikket.conf', t.conf);
    await runCli(['check', t.repo, '--fix', '--format', 'json'], t.repo);
    assert.ok(fs.lstatSync(t.conf).isSymbolicLink());
    assert.doesNotMatch(
      fs.readFileSync(real, 'utf8'),
      /^SNIKKET_TWEAK_TURNSERVER_MIN_PORT=49152\n(.|\n)*SNIKKET_TWEAK_TURNSERVER_MIN_PORT=49152/,
    );
  });

  it('an admin address with shell code is written single-quoted: sourcing the file runs nothing', async () => {
    const marker = path.join(t.base, 'pwned');
    const evil = `a@b;touch ${marker};:`;
    replaceIn(t.conf, /SNIKKET_ADMIN_EMAIL=.*\n/, '');
    replaceIn(path.join(t.repo, 'nginx.nix'), 'defaults.email = "admin@example.com"', `defaults.email = "${evil}"`);
    await runCli(['check', t.repo, '--fix', '--format', 'json'], t.repo);
    const text = fs.readFileSync(t.conf, 'utf8');
    assert.match(text, new RegExp(`^SNIKKET_ADMIN_EMAIL='${evil.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}'$`, 'm'));
    const seen = execFileSync('sh', ['-c', '. "$1"; printf %s "$SNIKKET_ADMIN_EMAIL"', 'sh', t.conf], {
      encoding: 'utf8',
    });
    assert.equal(seen, evil);
    assert.equal(fs.existsSync(marker), false);
  });

  it('a value that no quoting makes safe yields no fix at all', async () => {
    replaceIn(t.conf, /SNIKKET_ADMIN_EMAIL=.*\n/, '');
    replaceIn(path.join(t.repo, 'nginx.nix'), 'defaults.email = "admin@example.com"', `defaults.email = "a'b@c"`);
    const before = fs.readFileSync(t.conf, 'utf8');
    const r = await runCli(['check', t.repo, '--fix', '--format', 'json'], t.repo);
    assert.equal(fs.readFileSync(t.conf, 'utf8'), before);
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string; fixes: unknown[] }[] };
    const missing = out.diagnostics.find((d) => d.code === 'conf-missing-required');
    assert.ok(missing);
    assert.deepEqual(missing.fixes, []);
  });

  it('a domain with shell code is never spliced into the copy script', async () => {
    const script = path.join(t.repo, 'snikket', 'copy-certs.sh');
    replaceIn(t.conf, 'SNIKKET_DOMAIN=chat.example.com', 'SNIKKET_DOMAIN=chat.example.com$(id)');
    const domainLine = (text: string) => text.split('\n').find((l) => l.startsWith('DOMAIN='));
    const before = fs.readFileSync(script, 'utf8');
    await runCli(['check', t.repo, '--fix', '--format', 'json'], t.repo);
    const after = fs.readFileSync(script, 'utf8');
    assert.doesNotMatch(after, /\$\(id\)/);
    // Other fixes of the script (its cp line) are the rule's own text and may apply; DOMAIN stays.
    assert.equal(domainLine(after), domainLine(before));
  });

  for (const format of ['text', 'json', 'sarif']) {
    it(`a secrets file named as env_file never reaches the ${format} report`, async () => {
      const secret = path.join(t.victim, 'secrets.env');
      fs.writeFileSync(
        secret,
        'API_TOKEN=hunter2-very-secret\nDB_PASSWORD=correct-horse-battery\nDB_PASSWORD=staple-again\n',
      );
      const inside = path.join(t.repo, 'snikket', 'tokens.env');
      fs.writeFileSync(inside, 'TOKEN=inside-secret-value\nTOKEN=inside-secret-again\n');
      replaceIn(
        t.compose,
        'env_file: snikket.conf',
        `env_file:\n      - ${secret}\n      - tokens.env\n      - snikket.conf`,
      );
      const r = await runCli(['check', t.repo, '--format', format], t.repo);
      for (const s of ['hunter2', 'correct-horse', 'staple-again', 'inside-secret'])
        assert.ok(!r.stdout.includes(s), `${s} in the report:\n${r.stdout}`);
      // The deployment is still checked with its real env file.
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
    });
  }

  it('control characters from the repository are escaped in text output: no forged summary', async () => {
    replaceIn(
      t.conf,
      'SNIKKET_TWEAK_TURNSERVER_MIN_PORT=49152',
      'SNIKKET_TWEAK_TURNSERVER_MIN_PORT=1\x1b[2K\r0 error(s)\nSNIKKET_TWEAK_TURNSERVER_MIN_PORT=49152',
    );
    const r = await runCli(['check', t.repo], t.repo);
    assert.ok(!/[\x1b\r]/.test(r.stdout), JSON.stringify(r.stdout));
    assert.match(r.stdout, /\\x1b\[2K\\r0 error\(s\)/);
  });

  it('a very long value is cut in the report', async () => {
    replaceIn(
      t.conf,
      'SNIKKET_TWEAK_TURNSERVER_MIN_PORT=49152',
      `SNIKKET_TWEAK_TURNSERVER_MIN_PORT=${'A'.repeat(5000)}\nSNIKKET_TWEAK_TURNSERVER_MIN_PORT=49152`,
    );
    const r = await runCli(['check', t.repo, '--format', 'json'], t.repo);
    assert.ok(!r.stdout.includes('A'.repeat(121)));
    assert.match(r.stdout, /\(A{119}… \(5002 characters\)/);
  });

  it('a symbolic link to / is not followed: the check ends and says so', async () => {
    fs.symlinkSync('/', path.join(t.repo, 'r'));
    const r = await runCli(['check', t.repo, '--format', 'json'], t.repo);
    const out = JSON.parse(r.stdout) as { deployments: unknown[]; skipped: { file: string; reason: string }[] };
    assert.equal(out.deployments.length, 1);
    assert.ok(
      out.skipped.some((s) => s.file === 'r' && /not followed/.test(s.reason)),
      r.stdout,
    );
  });

  it('the walk stops at the file budget and says so', async () => {
    const many = path.join(t.repo, 'many');
    fs.mkdirSync(many);
    for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(many, `f${i}.txt`), '');
    const r = await runCli(['check', t.repo, '--format', 'json', '--max-files', '20'], t.repo);
    const out = JSON.parse(r.stdout) as { skipped: { file: string; reason: string }[] };
    assert.ok(
      out.skipped.some((s) => /more than 20 folder entries: the walk stopped there/.test(s.reason)),
      r.stdout,
    );
    assert.equal((await runCli(['check', t.repo, '--max-files', 'lots'], t.repo)).code, 2);
  });

  it('the editor setting snikket.maxFiles sets the same budget', () => {
    assert.equal(sanitizeSettings({ maxFiles: 20 }).maxFiles, 20);
    assert.equal(sanitizeSettings({ maxFiles: -1 }).maxFiles, undefined);
    assert.equal(sanitizeSettings({ maxFiles: 'lots' }).maxFiles, undefined);
  });

  it('the walk skips /proc, /sys and /dev', async function () {
    if (!fs.existsSync('/proc/self')) this.skip();
    const r = await runCli(['check', '/proc', '--format', 'json'], t.repo);
    const out = JSON.parse(r.stdout) as { deployments: unknown[]; skipped: { reason: string }[] };
    assert.deepEqual(out.deployments, []);
    assert.ok(out.skipped.some((s) => /system folder/.test(s.reason)));
  });
});

describe('security: special files and commands', function () {
  this.timeout(30_000);

  it('check on a path that is neither a file nor a folder exits 2', async function () {
    if (!fs.existsSync('/dev/null')) this.skip();
    const r = await runCli(['check', '/dev/null'], '/');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /neither a file nor a folder/);
  });

  it('parse refuses a FIFO and /dev/zero with a reason', async function () {
    const t = attackTree();
    try {
      const fifo = path.join(t.base, 'pipe.nix');
      try {
        execFileSync('mkfifo', [fifo]);
      } catch {
        this.skip();
      }
      const r = await runCli(['parse', fifo, '/dev/zero'], t.base);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /pipe\.nix: not a regular file, not read/);
      assert.match(r.stderr, /\/dev\/zero: not a regular file, not read/);
    } finally {
      t.dispose();
    }
  });

  it('lsp without a transport prints the usage and exits 2', async () => {
    const r = await runCli(['lsp'], '/');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--stdio or --node-ipc/);
    assert.match(r.stderr, /^Usage: snikket-nixos/m);
  });
});

describe('security: scaffold files', () => {
  it('are refused when a planted link would take them out of the folder, and never overwrite', () => {
    const t = attackTree();
    try {
      fs.rmSync(path.join(t.repo, 'snikket'), { recursive: true });
      fs.symlinkSync(t.victim, path.join(t.repo, 'snikket'));
      const out = confineNewFiles([{ path: path.join(t.repo, 'snikket', 'copy-certs.sh'), text: '' }], t.repo);
      assert.deepEqual(out.files, []);
      assert.match(out.error ?? '', /copy-certs\.sh is outside the folders being checked: nothing created/);
      // An existing file stays in the list: the writer leaves it alone and says so.
      const kept = confineNewFiles([{ path: path.join(t.repo, 'nginx.nix'), text: '' }], t.repo);
      assert.equal(kept.error, undefined);
      assert.equal(kept.files.length, 1);
    } finally {
      t.dispose();
    }
  });
});
