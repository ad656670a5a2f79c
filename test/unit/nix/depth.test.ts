import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNix } from '../../../server/src/syntax/nix/parser';
import { printTree } from '../../../server/src/syntax/nix/print';

/** Openers of every kind of nesting, including operator, application and body chains. */
const OPENERS = [
  '(',
  '[',
  '{',
  '"${',
  "''${",
  './${',
  '{ a = ',
  '{ ${',
  'a.${',
  'rec { a = ',
  'let { a = ',
  'x: ',
  '{x}: ',
  'a: b: ',
  '(x: ',
  '- ',
  '!',
  '-(',
  '!(',
  'let a = 1; in ',
  'assert a; ',
  'with a; ',
  'if a then b else ',
  'if (',
  'a.b or ',
  'a or (',
  'a -> ',
  'a + ',
  'a ++ ',
  'a // ',
  'a |> ',
  'a <| ',
  'a ? ${',
  'f ',
  'f (',
  'f (g (',
  '[ (f ',
  '{ a = [ (',
  '[[',
  'inherit (',
  '{ inherit (',
  '"${"${',
  '1 + if ',
  '( = (',
];

describe('nix parser nesting limit', () => {
  it('parses nesting up to the limit without errors, and reports deeper nesting once', () => {
    for (const n of [100, 500, 999]) assert.deepEqual(parseNix('('.repeat(n) + '1' + ')'.repeat(n)).errors, []);
    const src = '('.repeat(1200) + '1' + ')'.repeat(1200);
    const r = parseNix(src);
    assert.deepEqual(r.errors, [{ start: 1000, end: 1001, message: 'nesting too deep' }]);
    assert.equal(printTree(r.root, src), src);
  });

  it('bounds long operator and application chains too', () => {
    for (const chain of ['a + ', 'a -> ', 'f ', 'a |> ']) {
      const src = chain.repeat(5000) + '1';
      const r = parseNix(src);
      assert.deepEqual(
        r.errors.map((e) => e.message),
        ['nesting too deep'],
        chain,
      );
      assert.equal(printTree(r.root, src), src);
    }
  });

  it('never relies on catching a stack overflow', () => {
    const dir = join(__dirname, '..', '..', '..', '..', 'server', 'src', 'syntax', 'nix');
    const modules = readdirSync(dir).filter((f) => /^(parse|lex)/.test(f));
    assert.ok(modules.length > 5);
    for (const m of modules) assert.doesNotMatch(readFileSync(join(dir, m), 'utf8'), /RangeError|catch\s*\(/, m);
  });

  it('stays within half of the default stack, even before the code is optimised @slow', function () {
    // Several cold processes: on a loaded machine they take minutes. The children's own timeout is
    // the guard against a hang, not a time budget.
    this.timeout(0);
    // One fresh process per opener (cold code: interpreter frames are the biggest; a process that
    // parsed other nestings first has optimised, smaller frames) with half of Node's default stack.
    const parser = require.resolve('../../../server/src/syntax/nix/parser');
    for (const o of OPENERS) {
      const script = `
        const { parseNix } = require(${JSON.stringify(parser)});
        const r = parseNix(${JSON.stringify(o)}.repeat(100000) + '1');
        process.stdout.write(String(r.errors.filter((e) => e.message === 'nesting too deep').length));
      `;
      const run = spawnSync(process.execPath, ['--stack-size=492', '-e', script], {
        encoding: 'utf8',
        timeout: 600_000,
      });
      assert.equal(run.status, 0, `${JSON.stringify(o)}: ${run.stderr}`);
      assert.ok(Number(run.stdout) <= 1, `${JSON.stringify(o)}: ${run.stdout} nesting errors`);
    }
  });
});
