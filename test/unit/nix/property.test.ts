import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseNix, printTree } from '../../../server/src/syntax/nix';
import type { NixNode, NixParseResult } from '../../../server/src/syntax/nix';
import { generateNixCorpus } from '../../bench/corpus';

const SNIPPETS = [
  '{ config, lib, pkgs, ... }:\nwith lib;\nlet cfg = config.services.snikket; in {\n  a.b = [ 1 2.5 "x${y}" ./p/${q}.nix <nixpkgs> ];\n}\n',
  "let f = { a ? 1, ... } @ args: a + 1; s = ''\n  x ${y} ''$ '''\n''; in f { } // { z = s; }",
  'rec { inherit (x) a "b"; c = if a then b else c -> d || e && !f == g; d = h ? i.j or k; }',
  '# c\n/* d */ assert a < b; x: y: [ (x y) z.${w} "a\\"b" ]',
];

/** Nodes must nest their children in order, cover them, and be parented. */
function checkStructure(r: NixParseResult): void {
  const stack: NixNode[] = [r.root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    let pos = n.start;
    for (const c of n.children) {
      assert.equal(c.parent, n);
      assert.ok(c.start >= pos, `${c.kind} ordered in ${n.kind}`);
      pos = c.end;
      if (c.type === 'node') stack.push(c);
    }
    assert.ok(pos <= n.end);
  }
  for (const e of r.errors)
    assert.ok(e.start >= 0 && e.end >= e.start && e.end <= r.text.length, `error range ${e.start}-${e.end}`);
}

function lossless(text: string): void {
  const r = parseNix(text);
  assert.equal(printTree(r.root, text), text);
  checkStructure(r);
}

const nixish = fc.constantFrom(
  ...'{}[]();:,.=@?!-+*/<>|&"\'$\\#~ \n\tabcx019_'.split(''),
  '${',
  "''",
  '...',
  '//',
  '/*',
  '*/',
  '->',
  '==',
  'let ',
  ' in ',
  'if ',
  'then',
  'else',
  'or',
  'rec',
  'inherit',
  'with',
  './a',
  '<p>',
  'x:',
  '\r\n',
  '\u0000',
  '\ufeff',
  'é',
  '🚀',
);

describe('nix parser: properties @slow', function () {
  this.timeout(120000);

  it('is lossless and never throws on random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), lossless), { numRuns: 2000 });
  });

  it('is lossless on random Nix-ish token soup', () => {
    fc.assert(
      fc.property(
        fc.array(nixish, { maxLength: 120 }).map((a) => a.join('')),
        lossless,
      ),
      { numRuns: 3000 },
    );
  });

  it('is lossless on random bytes read as latin1 and as UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const buf = Buffer.from(bytes);
        lossless(buf.toString('latin1'));
        lossless(buf.toString('utf8'));
      }),
      { numRuns: 1500 },
    );
  });

  it('is lossless on mutations of valid snippets (delete, insert, duplicate)', () => {
    const mutation = fc.tuple(fc.constantFrom('delete', 'insert', 'duplicate'), fc.nat(), fc.nat({ max: 20 }), nixish);
    fc.assert(
      fc.property(fc.constantFrom(...SNIPPETS), fc.array(mutation, { minLength: 1, maxLength: 5 }), (src, muts) => {
        let t = src;
        for (const [op, at0, n, ins] of muts) {
          const at = at0 % (t.length + 1);
          if (op === 'delete') t = t.slice(0, at) + t.slice(at + 1 + (n % 3));
          else if (op === 'insert') t = t.slice(0, at) + ins + t.slice(at);
          else t = t.slice(0, at) + t.slice(at, at + n) + t.slice(at);
        }
        lossless(t);
      }),
      { numRuns: 3000 },
    );
  });

  for (const open of [
    '(',
    '[',
    '{',
    '"${',
    '{ a = ',
    'x: ',
    '- ',
    '!',
    'let a = 1; in ',
    'a.b or ',
    'if a then b else ',
    'a -> ',
    'a + ',
    'f ',
    '{ a = [ (',
  ])
    it(`survives 100,000 nested ${JSON.stringify(open)}`, () => {
      const src = open.repeat(100000) + '1';
      const r = parseNix(src);
      assert.equal(printTree(r.root, src), src);
      assert.ok(r.errors.length >= 1 && r.errors.length <= 3, r.errors.map((e) => e.message).join(' | '));
    });

  it('parses well-nested input of depth 100 without errors', () => {
    const src = '['.repeat(100) + '1' + ']'.repeat(100) + ' ' + '('.repeat(100) + ')'.repeat(100);
    assert.equal(
      parseNix(
        '{ a = ' +
          '['.repeat(100) +
          ']'.repeat(100) +
          '; b = ' +
          '{ x = '.repeat(100) +
          '1' +
          '; }'.repeat(100) +
          '; }',
      ).errors.length,
      0,
    );
    assert.ok(parseNix(src).errors.length > 0); // `()` is empty
  });

  // How fast belongs to `npm run bench`; this checks that a 10 MB file parses at all, losslessly.
  it('parses a 10 MB generated file without errors, losslessly', () => {
    const big = `[\n${generateNixCorpus(10_300_000, 42)
      .map((f) => `(${f.replace(/^# .*\n/, '')})`)
      .join('\n')}\n]`;
    assert.ok(big.length >= 10_000_000);
    const r = parseNix(big);
    assert.deepEqual(r.errors, []);
    assert.equal(printTree(r.root, big), big);
  });
});
