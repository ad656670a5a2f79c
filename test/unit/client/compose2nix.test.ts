import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { minimalLineReplacement, splitLinesKeepEnds, withEol } from '../../../client/src/compose2nix/diff';
import { runProcess } from '../../../client/src/compose2nix/run';
import {
  buildInvocation,
  resolveCompose2nix,
  shellJoin,
  shellQuote,
  stripOutput,
  whichIn,
} from '../../../client/src/compose2nix/tool';
import type { ResolveEnv } from '../../../client/src/compose2nix/tool';
import { refusalInUntrusted } from '../../../client/src/trust';

function env(setting: string, onPath: string[], executables: string[] = []): ResolveEnv {
  return {
    setting,
    which: (n) => (onPath.includes(n) ? `/usr/bin/${n}` : undefined),
    isExecutable: (f) => executables.includes(f),
    base: '/work/ws',
  };
}

describe('compose2nix tool resolution', () => {
  it('prefers the setting, then compose2nix on PATH, then nix run, then nix-shell', () => {
    const all = ['compose2nix', 'nix', 'nix-shell'];
    assert.deepEqual(resolveCompose2nix(env('/opt/c2n', all, ['/opt/c2n'])), {
      tool: { kind: 'setting', command: '/opt/c2n', prefix: [], description: '/opt/c2n (snikket.compose2nixPath)' },
    });
    const kinds = [all, ['nix', 'nix-shell'], ['nix-shell']].map((p) => {
      const r = resolveCompose2nix(env('', p));
      return 'tool' in r ? r.tool.kind : 'error';
    });
    assert.deepEqual(kinds, ['path', 'nix-run', 'nix-shell']);
    const none = resolveCompose2nix(env('', []));
    assert.ok('error' in none && /not found/.test(none.error));
  });

  it('a setting that names nothing usable is an error, not a silent fallback', () => {
    const r = resolveCompose2nix(env('/nope/compose2nix', ['compose2nix']));
    assert.ok('error' in r && r.error.includes('/nope/compose2nix'));
    const byName = resolveCompose2nix(env('my-compose2nix', ['compose2nix']));
    assert.ok('error' in byName && byName.error.includes('my-compose2nix'));
    const relative = resolveCompose2nix(env('tools/c2n', [], ['/work/ws/tools/c2n']));
    assert.ok('tool' in relative && relative.tool.command === '/work/ws/tools/c2n');
  });

  it("builds argument arrays with -output appended and the server's -output removed", () => {
    const args = [
      '-inputs',
      'docker-compose.yml',
      '-output',
      'snikket.nix',
      '-project',
      'snikket',
      '-runtime=podman',
      '-output=x',
    ];
    assert.deepEqual(stripOutput(args), ['-inputs', 'docker-compose.yml', '-project', 'snikket', '-runtime=podman']);
    const direct = resolveCompose2nix(env('', ['compose2nix']));
    assert.ok('tool' in direct);
    assert.deepEqual(buildInvocation(direct.tool, args, '/tmp/o dir/snikket.nix'), {
      command: '/usr/bin/compose2nix',
      args: [
        '-inputs',
        'docker-compose.yml',
        '-project',
        'snikket',
        '-runtime=podman',
        '-output',
        '/tmp/o dir/snikket.nix',
      ],
    });
    const nixRun = resolveCompose2nix(env('', ['nix']));
    assert.ok('tool' in nixRun);
    const inv = buildInvocation(nixRun.tool, ['-project', 'snikket'], '/tmp/out.nix');
    assert.equal(inv.command, '/usr/bin/nix');
    assert.deepEqual(inv.args.slice(-6), [
      'nixpkgs#compose2nix',
      '--',
      '-project',
      'snikket',
      '-output',
      '/tmp/out.nix',
    ]);
  });

  it('nix-shell gets one safely quoted command string', () => {
    const r = resolveCompose2nix(env('', ['nix-shell']));
    assert.ok('tool' in r);
    const inv = buildInvocation(r.tool, ['-inputs', "it's here.yml", '-project', 'a b;rm -rf /'], '/tmp/x/out.nix');
    assert.deepEqual(inv.args.slice(0, 3), ['-p', 'compose2nix', '--run']);
    assert.equal(inv.args[3], "compose2nix -inputs 'it'\\''s here.yml' -project 'a b;rm -rf /' -output /tmp/x/out.nix");
  });

  // One shell for all the samples: a shell per sample made the test's duration follow the machine's load.
  it('shellQuote round-trips through a real POSIX shell', () => {
    const samples = fc.sample(
      fc.array(
        fc.string({ unit: 'binary' }).map((s) => s.replace(/\0/g, '')),
        { maxLength: 5 },
      ),
      { numRuns: 60, seed: 42 },
    );
    // Each sample prints its word count, then its words, NUL-separated.
    const script = samples
      .map((words) => `printf '%s\\0' ${words.length}; for a in ${shellJoin(words)}; do printf '%s\\0' "$a"; done`)
      .join('\n');
    const fields = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' }).split('\0');
    let at = 0;
    for (const words of samples) {
      const n = Number(fields[at++]);
      assert.deepEqual(fields.slice(at, at + n), words);
      at += n;
    }
    assert.equal(at, fields.length - 1);
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote('-project'), '-project');
  });

  it('whichIn searches PATH entries in order', () => {
    const found = whichIn('tool', '/a::/b:/c', (f) => f === '/b/tool' || f === '/c/tool');
    assert.equal(found, '/b/tool');
    assert.equal(
      whichIn('tool', undefined, () => true),
      undefined,
    );
  });
});

describe('minimal line replacement', () => {
  it('replaces only the changed lines', () => {
    const old = 'a\nb\nc\nd\n';
    const r = minimalLineReplacement(old, 'a\nB\nc\nd\n');
    assert.deepEqual(r, { start: 2, end: 4, text: 'B\n' });
    assert.equal(minimalLineReplacement(old, old), undefined);
    assert.deepEqual(minimalLineReplacement('a\nb', 'a\nb\n'), { start: 2, end: 3, text: 'b\n' });
    assert.deepEqual(minimalLineReplacement('', 'x\n'), { start: 0, end: 0, text: 'x\n' });
  });

  it('always reproduces the new text (property)', () => {
    const line = fc.constantFrom('a', 'b', 'c', '', '  x = 1;', '\r');
    const text = fc
      .array(line, { maxLength: 12 })
      .chain((ls) => fc.boolean().map((end) => ls.join('\n') + (end && ls.length ? '\n' : '')));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const r = minimalLineReplacement(a, b);
        if (a === b) return r === undefined;
        assert.ok(r);
        assert.equal(a.slice(0, r.start) + r.text + a.slice(r.end), b);
        // Starts at a line start.
        assert.ok(r.start === 0 || a[r.start - 1] === '\n');
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it('splits lines keeping ends and converts EOLs', () => {
    assert.deepEqual(splitLinesKeepEnds('a\r\nb\nc'), ['a\r\n', 'b\n', 'c']);
    assert.equal(withEol('a\nb\r\n', '\r\n'), 'a\r\nb\r\n');
    assert.equal(withEol('a\r\nb\n', '\n'), 'a\nb\n');
  });
});

describe('untrusted workspace', () => {
  it('refuses compose2nix and terminal commands with a reason only when untrusted', () => {
    assert.equal(refusalInUntrusted('compose2nix', true), undefined);
    assert.match(refusalInUntrusted('compose2nix', false)!, /untrusted workspace/);
    assert.match(refusalInUntrusted('compose2nix', false)!, /compose2nixPath/);
    assert.match(refusalInUntrusted('terminal', false)!, /untrusted/);
  });
});

describe('runProcess', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snikket-run-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function script(name: string, body: string): string {
    const f = path.join(dir, name);
    fs.writeFileSync(f, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return f;
  }

  it('passes arguments without a shell and collects output', async () => {
    const f = script('echo.sh', 'for a in "$@"; do echo "[$a]"; done; echo err >&2');
    const r = await runProcess({ command: f, args: ['a b', '$(x)', ';'], cwd: dir });
    assert.equal(r.code, 0);
    assert.match(r.output, /\[a b\]\n\[\$\(x\)\]\n\[;\]\n/);
    assert.match(r.output, /err/);
  });

  it('reports exit codes and spawn errors', async () => {
    const f = script('fail.sh', 'echo boom >&2; exit 3');
    const r = await runProcess({ command: f, args: [], cwd: dir });
    assert.equal(r.code, 3);
    assert.match(r.output, /boom/);
    const missing = await runProcess({ command: path.join(dir, 'missing'), args: [], cwd: dir });
    assert.match(missing.spawnError ?? '', /ENOENT/);
  });

  // Waiting for the 30 s sleep would exceed the test's timeout: ending at all is the assertion.
  it('cancel kills the process group', async () => {
    const f = script('sleep.sh', 'echo started; sleep 30 & wait');
    const ac = new AbortController();
    const r = await runProcess({ command: f, args: [], cwd: dir, signal: ac.signal, onOutput: () => ac.abort() });
    assert.equal(r.cancelled, true);
  });
});
