/**
 * How --fix writes: all or nothing, never over an editor's save, never a read-only file or one
 * with hard links, keeping owner and mode, never blocked by a folder planted under a temp name;
 * conflicting fixes of a shared file and huge files of duplicates handled.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Boundary } from '../../server/src/confine/boundary';
import { compatiblePreferredFixes, conflictingFixes } from '../../server/src/fixes/applyEdits';
import { writeFilesAtomic } from '../../server/src/fixes/writeAtomic';
import type { Finding } from '../../server/src/model/findings';
import { addDuplicateKey, attackTree, checksums, runCli, type AttackTree } from './helpers';

/** The module object itself (writable): what writeAtomic.ts calls through. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs = require('node:fs') as { -readonly [K in keyof typeof fs]: (typeof fs)[K] };
const TEMP = /^\..+\.\d+\.\d+\.tmp$/;

describe('security: write integrity', function () {
  this.timeout(60_000);
  let t: AttackTree;
  const realOpenSync = fs.openSync;
  beforeEach(() => {
    t = attackTree();
  });
  afterEach(() => {
    nodeFs.openSync = realOpenSync;
    t.dispose();
  });

  it('a file changed between reading and renaming keeps the newer text and is reported', () => {
    const before = fs.readFileSync(t.conf, 'utf8');
    const editorSave = before + '# saved by the editor\n';
    // The editor saves while the temp file is being written.
    nodeFs.openSync = ((p: fs.PathLike, flags: fs.OpenMode = 'r', mode?: fs.Mode) => {
      if (flags === 'wx') fs.writeFileSync(t.conf, editorSave);
      return realOpenSync(p, flags, mode);
    }) as typeof fs.openSync;
    const out = writeFilesAtomic([{ file: t.conf, before, after: 'fixed\n' }], new Boundary([t.repo]));
    nodeFs.openSync = realOpenSync;
    assert.deepEqual(out.written, []);
    assert.match(out.refused[0]!.reason, /changed while the fixes were computed/);
    assert.equal(fs.readFileSync(t.conf, 'utf8'), editorSave);
    assert.deepEqual(
      fs.readdirSync(path.dirname(t.conf)).filter((n) => TEMP.test(n)),
      [],
    );
  });

  it('when one temp file cannot be written, no file is changed (exit 2 means nothing written)', async () => {
    const proxy = path.join(t.repo, 'snikket.nix');
    addDuplicateKey(t.conf);
    fs.writeFileSync(proxy, fs.readFileSync(proxy, 'utf8').replace('5443', '5444'));
    const before = checksums(t.repo);
    let opened = 0;
    nodeFs.openSync = ((p: fs.PathLike, flags: fs.OpenMode = 'r', mode?: fs.Mode) => {
      if (flags === 'wx' && ++opened === 2)
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return realOpenSync(p, flags, mode);
    }) as typeof fs.openSync;
    const r = await runCli(['check', t.repo, '--fix', '--format', 'json'], t.repo);
    nodeFs.openSync = realOpenSync;
    assert.ok(opened >= 2, 'two files to fix');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot write \S+: no space left on the device/);
    assert.deepEqual(checksums(t.repo), before);
  });

  it('a read-only file is not fixed, with a clear message', async () => {
    addDuplicateKey(t.conf);
    fs.chmodSync(t.conf, 0o444);
    const before = fs.readFileSync(t.conf, 'utf8');
    const r = await runCli(['check', t.repo, '--fix', '--format', 'json'], t.repo);
    assert.equal(fs.readFileSync(t.conf, 'utf8'), before);
    assert.equal(fs.statSync(t.conf).mode & 0o777, 0o444);
    assert.match(r.stderr, /not fixed snikket\/snikket\.conf: the file is read-only/);
  });

  it('a file with hard links is not fixed: neither link is cut off nor the other name changed', async () => {
    addDuplicateKey(t.conf);
    const other = path.join(t.victim, 'hardlink.conf');
    fs.linkSync(t.conf, other);
    const before = checksums(t.victim);
    const r = await runCli(['check', t.repo, '--fix', '--format', 'json'], t.repo);
    assert.deepEqual(checksums(t.victim), before);
    assert.equal(fs.statSync(t.conf).ino, fs.statSync(other).ino);
    assert.match(r.stderr, /2 hard links: not fixed/);
  });

  it('the mode is kept, and the owner too when running as root', async function () {
    addDuplicateKey(t.conf);
    fs.chmodSync(t.conf, 0o640);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) fs.chownSync(t.conf, 4242, 4243);
    await runCli(['check', t.repo, '--fix', '--format', 'json'], t.repo);
    const st = fs.statSync(t.conf);
    assert.doesNotMatch(
      fs.readFileSync(t.conf, 'utf8'),
      /^SNIKKET_TWEAK_TURNSERVER_MIN_PORT=49152\n(.|\n)*\nSNIKKET_TWEAK_TURNSERVER_MIN_PORT=49152/,
      'fixed',
    );
    assert.equal(st.mode & 0o7777, 0o640);
    if (asRoot) assert.deepEqual([st.uid, st.gid], [4242, 4243]);
  });

  it('a folder planted under a temp file name neither blocks --fix nor is removed', async () => {
    addDuplicateKey(t.conf);
    const planted = path.join(path.dirname(t.conf), `.snikket.conf.${2 ** 22 + 1}.1.tmp`);
    fs.mkdirSync(planted);
    await runCli(['check', t.repo, '--fix', '--format', 'json'], t.repo);
    assert.ok(fs.statSync(planted).isDirectory());
    assert.equal(fs.readFileSync(t.conf, 'utf8').match(/^SNIKKET_TWEAK_TURNSERVER_MIN_PORT=/gm)?.length, 1);
  });
});

describe('security: choosing fixes', () => {
  const finding = (file: string, line: number, newText: string): Finding => ({
    file,
    range: { start: { line, character: 0 }, end: { line, character: 5 } },
    severity: 'error',
    code: 'domain-mismatch',
    message: 'm',
    related: [],
    fixes: [
      {
        title: `set ${newText}`,
        isPreferred: true,
        edits: [{ file, range: { start: { line, character: 0 }, end: { line, character: 5 } }, newText }],
      },
    ],
  });

  it('two deployments wanting different text in a shared file: neither fix is applied, one conflict says why', () => {
    const findings = [
      finding('/r/shared.nix', 3, 'a.example'),
      finding('/r/shared.nix', 3, 'b.example'),
      finding('/r/other.nix', 1, 'x'),
    ];
    assert.deepEqual(
      compatiblePreferredFixes(findings).map((f) => f.title),
      ['set x'],
    );
    const conflicts = conflictingFixes(findings);
    assert.equal(conflicts.length, 1);
    assert.match(
      conflicts[0]!.reason,
      /^2 fixes want different text on line 4 \(deployments sharing the file disagree\): not fixed$/,
    );
  });

  it('60,000 duplicate-key removals are chosen without comparing every pair (completes under the test timeout)', () => {
    const findings: Finding[] = [];
    for (let i = 0; i < 60_000; i++) {
      const range = { start: { line: i, character: 0 }, end: { line: i + 1, character: 0 } };
      findings.push({
        file: '/r/snikket.conf',
        range,
        severity: 'warning',
        code: 'conf-duplicate-key',
        message: `${i}`,
        related: [],
        fixes: [{ title: 'Remove', isPreferred: true, edits: [{ file: '/r/snikket.conf', range, newText: '' }] }],
      });
    }
    // Overlapping ones are left out: every second fix also covers its neighbour's line.
    findings.push({
      ...findings[10]!,
      fixes: [
        {
          title: 'Overlap',
          isPreferred: true,
          edits: [
            {
              file: '/r/snikket.conf',
              range: { start: { line: 10, character: 0 }, end: { line: 12, character: 0 } },
              newText: '',
            },
          ],
        },
      ],
    });
    const chosen = compatiblePreferredFixes(findings);
    assert.equal(chosen.length, 60_000);
    assert.ok(!chosen.some((f) => f.title === 'Overlap'));
  });
});
