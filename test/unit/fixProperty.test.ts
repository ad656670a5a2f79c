/**
 * Every preferred fix over examples/, the fixtures and their mutants: applying it removes its
 * finding and adds none, every file still parses (with `nix-instantiate --parse` where installed),
 * only the deployment's files change, and `--fix` settles: a second run changes nothing.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../server/src/cli/main';
import type { Finding } from '../../server/src/model/findings';
import { REPO, TestDeployment } from '../helpers/fixture';
import { MUTANTS, type Mutant } from '../helpers/mutants';

const NIX = (() => {
  try {
    execFileSync('nix-instantiate', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Drifts the compose2nix fix and the suppressions must handle, on top of the shared mutants. */
const MORE: Mutant[] = [
  {
    name: 'conf changed after compose2nix',
    fixture: 'examples/blog',
    edits: {
      'snikket/snikket.conf': [
        ['SNIKKET_ADMIN_EMAIL=admin@example.com\n', ''],
        ['SNIKKET_TWEAK_TURNSERVER_MAX_PORT=49252', 'SNIKKET_TWEAK_TURNSERVER_MAX_PORT=49252\nSNIKKET_LOGLEVEL=debug'],
      ],
    },
  },
  {
    name: 'compose service added, image changed',
    fixture: 'examples/blog',
    edits: {
      'snikket/docker-compose.yml': [
        ['image: snikket/snikket-web-portal:stable', 'image: snikket/snikket-web-portal:beta'],
        [
          'volumes:\n  acme_challenges:',
          '  extra:\n    container_name: snikket-extra\n    image: snikket/snikket-server:stable\n    network_mode: host\n    env_file: snikket.conf\n    restart: "unless-stopped"\n\nvolumes:\n  acme_challenges:',
        ],
      ],
    },
  },
  {
    name: 'compose volume renamed',
    fixture: 'examples/blog',
    edits: { 'snikket/docker-compose.yml': [[/snikket_data/g, 'snikket_store']] },
  },
  {
    name: 'unused suppressions',
    fixture: 'examples/blog',
    edits: {
      'snikket.nix': [
        ['  services.nginx = {', '  # snikket-nixos-ignore domain-mismatch, placeholder-value\n  services.nginx = {'],
      ],
      'snikket/snikket.conf': [[/^/, '# snikket-nixos-ignore-file conf-duplicate-key\n']],
    },
  },
];

/** Every example deployment as it is (examples/realworld/* included once it exists). */
const EXAMPLES: Mutant[] = (() => {
  const dirs = (rel: string) => {
    const abs = path.join(REPO, rel);
    return fs.existsSync(abs)
      ? fs
          .readdirSync(abs, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => `${rel}/${e.name}`)
      : [];
  };
  const all = [
    ...dirs('examples').filter((d) => d !== 'examples/realworld' && d !== 'examples/blog'),
    ...dirs('examples/realworld'),
  ];
  return all.map((fixture) => ({ name: `${fixture} as is`, fixture, edits: {} }));
})();

const key = (f: Finding, rel: (p: string) => string) => `${rel(f.file)} ${f.code} ${f.message}`;

/**
 * What a finding counts as when asking "did the fix add one": its file and code (a fix may change
 * the wording of a finding it does not remove), and for a placeholder its text alone (a fix that
 * copies a placeholder already reported, such as SNIKKET_DOMAIN's, into another file repeats that cause).
 */
const cause = (f: Finding, rel: (p: string) => string) =>
  f.code === 'placeholder-value' ? `${f.code} ${f.message}` : `${rel(f.file)} ${f.code}`;

function nixParses(file: string): string | undefined {
  try {
    execFileSync('nix-instantiate', ['--parse', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    return undefined;
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  }
}

async function fixCli(dir: string): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await main(['check', '--fix', dir], {
    stdout: (s) => (stdout += s),
    stderr: () => undefined,
    cwd: dir,
    color: false,
  });
  return { code, stdout };
}

describe('preferred fixes: a property over examples, fixtures and mutants', function () {
  if (!NIX) it('nix-instantiate --parse checks are skipped: nix-instantiate is not installed');

  for (const m of [...MUTANTS, ...MORE, ...EXAMPLES]) {
    it(`${m.name}: each preferred fix removes its finding, adds none, keeps files parsing, stays in the deployment`, () => {
      const base = TestDeployment.copy(m.fixture, m.edits);
      const before = base.findings();
      const problems: string[] = [];
      for (const f of before) {
        const fix = f.fixes.find((x) => x.isPreferred);
        if (!fix) continue;
        assert.ok(fix.edits.length > 0 && !fix.command, `${f.code}: a preferred fix without edits`);
        const d = TestDeployment.copy(m.fixture, m.edits);
        const local = (p: string) => d.path(base.rel(p));
        const old = d.snapshot();
        for (const e of fix.edits)
          assert.ok(!base.rel(e.file).startsWith('..'), `${fix.title} edits ${e.file}, outside the deployment`);
        d.apply({ ...fix, edits: fix.edits.map((e) => ({ ...e, file: local(e.file) })) });
        const now = d.findings();
        const ctx = `${f.code} "${fix.title}"`;
        if (
          now.some(
            (x) =>
              x.code === f.code &&
              key(x, (p) => d.rel(p)) === key(f, (p) => base.rel(p)) &&
              x.range.start.line === f.range.start.line,
          )
        )
          problems.push(`${ctx}: its finding remains`);
        const count = (list: Finding[], rel: (p: string) => string) => {
          const m = new Map<string, number>();
          for (const x of list) m.set(cause(x, rel), (m.get(cause(x, rel)) ?? 0) + 1);
          return m;
        };
        const was = count(before, (p) => base.rel(p));
        for (const [c, n] of count(now, (p) => d.rel(p))) {
          if (n <= (was.get(c) ?? 0) || (c.startsWith('placeholder-value ') && was.has(c))) continue;
          problems.push(`${ctx}: adds ${c}`);
        }
        const after = d.snapshot();
        assert.deepEqual([...after.keys()].sort(), [...old.keys()].sort(), `${ctx}: created or removed files`);
        if (NIX) {
          for (const [rel, text] of after) {
            if (rel.endsWith('.nix') && text !== old.get(rel)) {
              const err = nixParses(d.path(rel));
              if (err) problems.push(`${ctx}: ${rel} no longer parses: ${err}`);
            }
          }
        }
        d.dispose();
      }
      assert.deepEqual(problems, []);
    });
  }

  for (const m of [...MUTANTS, ...MORE, ...EXAMPLES]) {
    it(`${m.name}: check --fix settles, a second run changes nothing`, async () => {
      const d = TestDeployment.copy(m.fixture, m.edits);
      await fixCli(d.dir);
      const settled = d.snapshot();
      const again = await fixCli(d.dir);
      assert.doesNotMatch(again.stdout, /^fixed /m);
      assert.deepEqual(d.snapshot(), settled);
      assert.deepEqual(d.findings('syntax-error'), []);
    });
  }

  it('check --fix on a copy of examples/blog exits 0', async () => {
    const d = TestDeployment.copy('examples/blog');
    const r = await fixCli(d.dir);
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual([...new Set(d.findings().map((f) => f.severity))], ['warning', 'information']);
  });
});
