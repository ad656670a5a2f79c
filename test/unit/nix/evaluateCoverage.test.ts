import * as assert from 'node:assert/strict';
import { Evaluator, type NixValue } from '../../../server/src/syntax/nix/evaluate';
import { collectDefinitions, findDefinitions } from '../../../server/src/syntax/nix/options';
import { parseNix } from '../../../server/src/syntax/nix/parser';

/** The value a module gives `path`, read through the evaluator's attribute API. */
function read(text: string, defPath: string[], attrPath: string[] = []): NixValue | undefined {
  const parse = parseNix(text);
  assert.deepEqual(parse.errors, [], 'fixture must parse');
  const ev = new Evaluator(text);
  // The longest definition on the way: `a.b = { c = ...; }` or `a.b.c = ...`.
  const full = [...defPath, ...attrPath];
  const defs = collectDefinitions(parse.root, ev);
  let at = full.length;
  let def = findDefinitions(defs, full)[0];
  while (!def && at > 1) def = findDefinitions(defs, full.slice(0, --at))[0];
  assert.ok(def, `no definition of ${defPath.join('.')}`);
  let v: NixValue | undefined = ev.evaluate(def.value);
  for (const name of full.slice(at)) v = v === undefined ? undefined : ev.attr(v, name);
  return v;
}

const shown = (v: NixValue | undefined) =>
  v === undefined
    ? 'absent'
    : v.kind === 'string' || v.kind === 'int' || v.kind === 'bool'
      ? v.value
      : v.kind === 'unknown'
        ? `unknown: ${v.reason ?? ''}`
        : v.kind;

const C = ['virtualisation', 'oci-containers', 'containers', 'snikket'];

describe('Nix evaluation: what NixOS users write for Snikket values', () => {
  const cases: [string, string, string[], string | number | boolean][] = [
    [
      'inherit from a let',
      'let environment = { SNIKKET_DOMAIN = "chat.example.net"; }; in { virtualisation.oci-containers.containers.snikket = { inherit environment; }; }',
      ['environment', 'SNIKKET_DOMAIN'],
      'chat.example.net',
    ],
    [
      'inherit (cfg)',
      'let cfg = { environment.SNIKKET_DOMAIN = "a.test"; }; in { virtualisation.oci-containers.containers.snikket = { inherit (cfg) environment; }; }',
      ['environment', 'SNIKKET_DOMAIN'],
      'a.test',
    ],
    [
      'inherit from rec',
      'rec { d = "r.test"; virtualisation.oci-containers.containers.snikket.environment = { SNIKKET_DOMAIN = d; }; }',
      ['environment', 'SNIKKET_DOMAIN'],
      'r.test',
    ],
    [
      '// right wins',
      'let common = { SNIKKET_DOMAIN = "old.test"; A = "1"; }; in { virtualisation.oci-containers.containers.snikket.environment = common // { SNIKKET_DOMAIN = "new.test"; }; }',
      ['environment', 'SNIKKET_DOMAIN'],
      'new.test',
    ],
    [
      '// keeps the left',
      'let common = { A = "1"; }; in { virtualisation.oci-containers.containers.snikket.environment = common // { B = "2"; }; }',
      ['environment', 'A'],
      '1',
    ],
    [
      'mkMerge with mkIf true and false',
      '{ lib, ... }: { virtualisation.oci-containers.containers.snikket.environment = lib.mkMerge [ { A = "1"; } (lib.mkIf true { B = "2"; }) (lib.mkIf false { C = "3"; }) ]; }',
      ['environment', 'B'],
      '2',
    ],
    [
      'optionalAttrs true',
      '{ lib, ... }: { virtualisation.oci-containers.containers.snikket.environment = { A = "1"; } // lib.optionalAttrs true { B = "2"; }; }',
      ['environment', 'B'],
      '2',
    ],
    [
      'mkDefault and mkForce',
      '{ lib, ... }: { virtualisation.oci-containers.containers.snikket.environment = lib.mkForce { A = lib.mkDefault "x"; }; }',
      ['environment', 'A'],
      'x',
    ],
    [
      'a local function applied',
      'let container = image: { inherit image; environment.SNIKKET_DOMAIN = "f.test"; }; in { virtualisation.oci-containers.containers.snikket = container "snikket/snikket-server:stable"; }',
      ['image'],
      'snikket/snikket-server:stable',
    ],
    [
      'a curried function with a pattern argument',
      'let mk = { domain, port ? 5443 }: name: { environment = { SNIKKET_DOMAIN = domain; SNIKKET_TWEAK_HTTPS_PORT = toString port; N = name; }; }; in { virtualisation.oci-containers.containers.snikket = mk { domain = "p.test"; } "n"; }',
      ['environment', 'SNIKKET_TWEAK_HTTPS_PORT'],
      '5443',
    ],
    [
      'genAttrs over a known list',
      '{ lib, ... }: { virtualisation.oci-containers.containers = lib.genAttrs [ "snikket" ] (name: { environment.NAME = "${name}-x"; }); }',
      ['environment', 'NAME'],
      'snikket-x',
    ],
    [
      'interpolation and builtins.toString',
      'let port = 5080; in { virtualisation.oci-containers.containers.snikket.environment.P = "${builtins.toString port}"; }',
      ['environment', 'P'],
      '5080',
    ],
    [
      'if with a known condition',
      'let on = true; in { virtualisation.oci-containers.containers.snikket.environment.P = if on then "a" else "b"; }',
      ['environment', 'P'],
      'a',
    ],
  ];
  for (const [title, text, attrs, expected] of cases) {
    it(title, () => {
      assert.equal(shown(read(text, C, attrs)), expected);
    });
  }

  const unknowns: [string, string, string[], RegExp][] = [
    [
      'a function argument',
      '{ domain, ... }: { virtualisation.oci-containers.containers.snikket.environment.SNIKKET_DOMAIN = domain; }',
      ['environment', 'SNIKKET_DOMAIN'],
      /function argument/,
    ],
    [
      'builtins.readFile',
      '{ virtualisation.oci-containers.containers.snikket.environment.SNIKKET_DOMAIN = builtins.readFile ./domain; }',
      ['environment', 'SNIKKET_DOMAIN'],
      /readFile/,
    ],
    [
      '// with an unknown right side hides everything',
      '{ extra, ... }: { virtualisation.oci-containers.containers.snikket.environment = { A = "1"; } // extra; }',
      ['environment', 'A'],
      /function argument/,
    ],
    [
      '// with an unknown left side: other names are unknown, not absent',
      '{ base, ... }: { virtualisation.oci-containers.containers.snikket.environment = base // { B = "2"; }; }',
      ['environment', 'A'],
      /function argument/,
    ],
    [
      'optionalAttrs with an unknown condition',
      '{ lib, cond, ... }: { virtualisation.oci-containers.containers.snikket.environment = lib.optionalAttrs cond { A = "1"; }; }',
      ['environment', 'A'],
      /^unknown: set only when cond holds$/,
    ],
    [
      'a function the file does not define',
      '{ lib, ... }: { virtualisation.oci-containers.containers.snikket.environment = lib.mapAttrs (n: v: v) { A = "1"; }; }',
      ['environment', 'A'],
      /^unknown/,
    ],
    [
      'genAttrs over an unknown list',
      '{ lib, names, ... }: { virtualisation.oci-containers.containers = lib.genAttrs names (n: { environment.A = "1"; }); }',
      [],
      /^unknown/,
    ],
    [
      'config without a host',
      '{ config, ... }: { virtualisation.oci-containers.containers.snikket.environment.SNIKKET_DOMAIN = "chat.${config.networking.domain}"; }',
      ['environment', 'SNIKKET_DOMAIN'],
      /networking\.domain/,
    ],
  ];
  for (const [title, text, attrs, expected] of unknowns) {
    it(`unknown: ${title}`, () => {
      if (attrs.length === 0) {
        assert.equal(read(text, ['virtualisation', 'oci-containers', 'containers'])?.kind, 'unknown');
        return;
      }
      assert.match(String(shown(read(text, C, attrs))), expected);
    });
  }

  it('absent stays absent in a known set', () => {
    assert.equal(
      shown(
        read('{ virtualisation.oci-containers.containers.snikket.environment = { A = "1"; } // { B = "2"; }; }', C, [
          'environment',
          'C',
        ]),
      ),
      'absent',
    );
  });

  it("a let-bound helper named like a builtin is the user's function", () => {
    assert.equal(
      shown(
        read(
          'let mkForce = x: "wrapped"; in { virtualisation.oci-containers.containers.snikket.environment.A = mkForce "x"; }',
          C,
          ['environment', 'A'],
        ),
      ),
      'wrapped',
    );
  });

  it('a value built in a function keeps the literal it came from, for fixes', () => {
    const text =
      'let mk = d: { environment.SNIKKET_DOMAIN = d; }; in { virtualisation.oci-containers.containers.snikket = mk "chat.test"; }';
    const v = read(text, C, ['environment', 'SNIKKET_DOMAIN']);
    assert.ok(v?.kind === 'string');
    const origin = v.segments[0]?.origin;
    assert.ok(origin);
    assert.equal(text.slice(origin.start, origin.end), 'chat.test');
  });

  it('recursion through functions ends', () => {
    const v = read('let f = x: f x; in { virtualisation.oci-containers.containers.snikket.environment.A = f 1; }', C, [
      'environment',
      'A',
    ]);
    assert.equal(v?.kind, 'unknown');
  });
});
