import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { parseNix } from '../../../server/src/syntax/nix';
import { seed } from '../../helpers/seedDeployment';

/** text → `offset:message` of each error (with `rel@offset` of its first definition), or [] when Nix accepts it. */
const CASES: [string, string[]][] = [
  ['{ a = 1; a = 2; }', ["9:attribute 'a' already defined (first on line 1) rel@2"]],
  ['{ a = 1; a.b = 2; }', ["9:attribute 'a.b' already defined (first on line 1) rel@2"]],
  ['{ a.b = 1; a = 2; }', ["11:attribute 'a' already defined (first on line 1) rel@2"]],
  ['{ a.b = 1; a.b = 2; }', ["11:attribute 'a.b' already defined (first on line 1) rel@2"]],
  ['{ a = { b = 1; }; a = { b = 2; }; }', ["24:attribute 'b' already defined (first on line 1) rel@8"]],
  ['{ a = { b = 1; }; a.b.c = 2; }', ["18:attribute 'a.b.c' already defined (first on line 1) rel@8"]],
  ['{ inherit a; a = 1; }', ["13:attribute 'a' already defined (first on line 1) rel@10"]],
  ['{ inherit (x) a; a.b = 1; }', ["17:attribute 'a.b' already defined (first on line 1) rel@14"]],
  ['{ "a" = 1; a = 2; }', ["11:attribute 'a' already defined (first on line 1) rel@2"]],
  ['{ ${"a"} = 1; a = 2; }', ["14:attribute 'a' already defined (first on line 1) rel@2"]],
  ['let a = 1;\n  a = 2; in a', ["13:attribute 'a' already defined (first on line 1) rel@4"]],
  ['rec { a = 1; a = 2; }', ["13:attribute 'a' already defined (first on line 1) rel@6"]],
  ['{ x, x }: x', ["5:duplicate formal function argument 'x' (first on line 1) rel@2"]],
  ['x@{ x }: x', ["4:duplicate formal function argument 'x' (first on line 1) rel@0"]],
  ['{ x ? 1, x }: x', ["9:duplicate formal function argument 'x' (first on line 1) rel@2"]],
  ['let ${x} = 1; in 1', ['4:dynamic attributes not allowed in let']],
  ['{ inherit ${x}; }', ['10:dynamic attributes not allowed in inherit']],
  ['{ inherit "${x}"; }', ['10:dynamic attributes not allowed in inherit']],
  // Accepted by Nix: sets merge, nested paths, constant `${"a"}`, a dynamic name below a let binding.
  ['{ a = { b = 1; }; a = { c = 2; }; }', []],
  ['{ a = { b = 1; }; a.c = 2; }', []],
  ['{ a.c = 2; a = { b = 1; }; }', []],
  ['{ a = rec { b = 1; }; a.c = 2; }', []],
  ['{ a = ({ b = 1; }); a.c = 2; }', []],
  ['{ a.b.c = 1; a.b.d = 2; }', []],
  ['let ${"a"} = 1; in a', []],
  ['{ x, y }: { x = 1; y = 2; }', []],
  // Nix stops reading at a NUL byte: what follows is not an error.
  ['{ a = 1; }\0 { a', []],
];

function errorsOf(text: string): string[] {
  return parseNix(text).errors.map((e) => `${e.start}:${e.message}${e.related ? ` rel@${e.related.start}` : ''}`);
}

describe('nix: errors Nix raises right after parsing', () => {
  for (const [text, expected] of CASES) {
    it(`${JSON.stringify(text)} ${expected.length ? 'is refused' : 'is accepted'}`, () => {
      assert.deepEqual(errorsOf(text), expected);
    });
  }

  it('reports a duplicate through syntax-error at the second definition, the first as related location', () => {
    const d = seed({ host: '  networking.hostName = "blog";\n  networking.hostName = "chat";' });
    const [f, ...rest] = d.findings('syntax-error');
    assert.equal(rest.length, 0);
    assert.equal(f!.message, "attribute 'networking.hostName' already defined (first on line 4)");
    assert.deepEqual(d.where('syntax-error'), ['configuration.nix:5:3']);
    assert.deepEqual(
      f!.related.map((r) => [d.rel(r.file), r.range.start.line + 1, r.range.start.character + 1, r.message]),
      [['configuration.nix', 4, 3, 'first defined here']],
    );
  });

  it('agrees with nix-instantiate --parse on every case', function () {
    if (spawnSync('nix-instantiate', ['--version']).status !== 0) {
      this.skip(); // nix-instantiate is not installed (`apt-get install nix-bin` runs this test)
    }
    for (const [text, expected] of CASES) {
      let nixRefuses = false;
      try {
        // Nix reads a file up to its NUL byte; over stdin the prefix is what it would read.
        execFileSync('nix-instantiate', ['--parse', '-'], {
          input: text.split('\0')[0],
          stdio: ['pipe', 'pipe', 'pipe'],
        });
      } catch {
        nixRefuses = true;
      }
      assert.equal(expected.length > 0, nixRefuses, text);
    }
  });
});
