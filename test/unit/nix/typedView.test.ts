import * as assert from 'node:assert/strict';
import {
  addBinding,
  appendToList,
  replaceInStringValue,
  replaceInt,
  type OffsetEdit,
} from '../../../server/src/syntax/nix/edits';
import { Evaluator, type NixValue } from '../../../server/src/syntax/nix/evaluate';
import { collectDefinitions, findDefinitions } from '../../../server/src/syntax/nix/options';
import { parseNix } from '../../../server/src/syntax/nix/parser';
import type { NixNode } from '../../../server/src/syntax/nix/tree';

function module(text: string) {
  const parse = parseNix(text);
  assert.deepEqual(parse.errors, [], 'fixture must parse');
  const ev = new Evaluator(text);
  return { text, parse, ev, defs: collectDefinitions(parse.root, ev) };
}

function valueAt(text: string, path: string[]): NixValue {
  const m = module(text);
  const [def] = findDefinitions(m.defs, path);
  assert.ok(def, `no definition of ${path.join('.')}`);
  return m.ev.evaluate(def.value);
}

function apply(text: string, e: OffsetEdit | undefined): string {
  assert.ok(e, 'expected an edit');
  const out = text.slice(0, e.start) + e.newText + text.slice(e.end);
  assert.deepEqual(parseNix(out).errors, [], `edit must parse: ${out}`);
  return out;
}

const plain = (v: NixValue) => (v.kind === 'string' || v.kind === 'int' || v.kind === 'bool' ? v.value : v.kind);

describe('Nix typed view: option definitions however they are spelled', () => {
  const spellings = [
    '{ networking.firewall.allowedTCPPorts = [ 80 443 ]; }',
    '{ networking = { firewall.allowedTCPPorts = [ 80 443 ]; }; }',
    '{ config, ... }: { networking.firewall = { allowedTCPPorts = [ 80 443 ]; }; }',
    '{ lib, ... }: let ports = [ 80 443 ]; in { config = lib.mkIf true { networking.firewall.allowedTCPPorts = ports; }; }',
    '{ lib, ... }: { networking = lib.mkMerge [ { firewall.allowedTCPPorts = lib.mkForce [ 80 443 ]; } ]; }',
  ];
  for (const text of spellings) {
    it(text, () => {
      const m = module(text);
      const [def, ...more] = findDefinitions(m.defs, ['networking', 'firewall', 'allowedTCPPorts']);
      assert.equal(more.length, 0);
      const list = m.ev.listOf(def!.value);
      assert.deepEqual(
        list?.items.map((n) => plain(m.ev.evaluate(n))),
        [80, 443],
      );
      assert.equal(list?.complete, true);
    });
  }

  it('names dynamic keys by their value: virtualHosts."${domain}"', () => {
    const m = module(
      'let domain = "chat.hedgehog.test"; in { services.nginx.virtualHosts."${domain}".forceSSL = true; services.nginx.virtualHosts.${"groups." + domain} = { }; }',
    );
    assert.deepEqual(
      findDefinitions(m.defs, ['services', 'nginx', 'virtualHosts', '*']).map((d) => d.path[3]!.name),
      ['groups.chat.hedgehog.test'],
    );
    assert.deepEqual(
      findDefinitions(m.defs, ['services', 'nginx', 'virtualHosts', '*', 'forceSSL']).map((d) => d.path[3]!.name),
      ['chat.hedgehog.test'],
    );
  });

  it('an unknown key stays unknown but still matches *', () => {
    const m = module('{ config, ... }: { services.nginx.virtualHosts.${config.networking.fqdn}.forceSSL = true; }');
    const [d] = findDefinitions(m.defs, ['services', 'nginx', 'virtualHosts', '*', 'forceSSL']);
    assert.equal(d!.path[3]!.name, undefined);
  });
});

describe('Nix typed view: constant values', () => {
  it('follows let bindings, interpolation and toString', () => {
    const text =
      'let domain = "chat.hedgehog.test"; port = 5443; in { a = "groups.${domain}"; b = "https://localhost:${toString port}"; c = builtins.toString port; }';
    assert.equal(plain(valueAt(text, ['a'])), 'groups.chat.hedgehog.test');
    assert.equal(plain(valueAt(text, ['b'])), 'https://localhost:5443');
    assert.equal(plain(valueAt(text, ['c'])), '5443');
  });

  it('follows inherit, rec, selection and or-defaults', () => {
    const text =
      'let cfg = { port = 5080; }; inherit (cfg) port; in rec { a = port; b = a; c = cfg.missing or 7; d = cfg.port; }';
    assert.deepEqual(
      ['a', 'b', 'c', 'd'].map((k) => plain(valueAt(text, [k]))),
      [5080, 5080, 7, 5080],
    );
  });

  it('is unknown for function arguments, other options and with-scoped names', () => {
    const text =
      '{ config, port ? 1, ... }: with config; { a = port; b = config.services.x.port; c = someName; d = "x${toString port}"; }';
    assert.deepEqual(
      ['a', 'b', 'c', 'd'].map((k) => valueAt(text, [k]).kind),
      ['unknown', 'unknown', 'unknown', 'unknown'],
    );
  });

  it('does not loop on self-reference', () => {
    assert.equal(valueAt('rec { a = b; b = a; }', ['a']).kind, 'unknown');
  });
});

describe('Nix edit helpers: minimal, formatting kept, result parses', () => {
  it('replaces the literal a value came from (through a let)', () => {
    const text = 'let port = 5443; in { proxy = "https://localhost:${toString port}"; }';
    const v = valueAt(text, ['proxy']);
    assert.equal(
      apply(text, replaceInStringValue(v, 18, 22, '5444')),
      'let port = 5444; in { proxy = "https://localhost:${toString port}"; }',
    );
    assert.equal(
      apply(text, replaceInStringValue(v, 0, 8, 'http://')),
      'let port = 5443; in { proxy = "http://localhost:${toString port}"; }',
    );
  });

  it('with withinValue, refuses to edit a literal other values share', () => {
    const text = 'let port = 5443; in { fallback = "localhost:${toString port}"; own = "localhost:5443"; }';
    assert.equal(replaceInStringValue(valueAt(text, ['fallback']), 10, 14, '5080', { withinValue: true }), undefined);
    assert.equal(
      apply(text, replaceInStringValue(valueAt(text, ['own']), 10, 14, '5080', { withinValue: true })),
      'let port = 5443; in { fallback = "localhost:${toString port}"; own = "localhost:5080"; }',
    );
  });

  it('replaces an integer at its literal', () => {
    const text = '{ r = { from = 49152; to = 49252; }; }';
    const m = module(text);
    const [to] = findDefinitions(m.defs, ['r', 'to']);
    assert.equal(apply(text, replaceInt(m.ev.evaluate(to!.value), 65535)), '{ r = { from = 49152; to = 65535; }; }');
  });

  const listOf = (text: string): NixNode => findDefinitions(module(text).defs, ['l'])[0]!.value;
  it('appends to a one-line list on its line', () => {
    const text = '{ l = [ 80 443 ]; }';
    assert.equal(apply(text, appendToList(listOf(text), text, ['5222', '5269'])), '{ l = [ 80 443 5222 5269 ]; }');
  });

  it('appends to a one-per-line list one per line, same indent', () => {
    const text = '{\n  l = [\n    80\n    443\n  ];\n}\n';
    assert.equal(
      apply(text, appendToList(listOf(text), text, ['5222'])),
      '{\n  l = [\n    80\n    443\n    5222\n  ];\n}\n',
    );
  });

  it('fills an empty list', () => {
    const text = '{ l = [ ]; }';
    assert.equal(apply(text, appendToList(listOf(text), text, ['5222'])), '{ l = [ 5222 ]; }');
  });

  it('adds a binding after the last one, at its indent', () => {
    const text = '{\n  a = 1;\n  b = {\n    c = 2;\n  };\n}\n';
    const m = module(text);
    const b = m.ev.attrsOf(findDefinitions(m.defs, ['b'])[0]!.value)!;
    assert.equal(apply(text, addBinding(b, text, 'd = 3;')), '{\n  a = 1;\n  b = {\n    c = 2;\n    d = 3;\n  };\n}\n');
  });

  it('refuses to edit an unclosed set that is being typed', () => {
    const text = '{ a = { b = 1; ';
    const parse = parseNix(text);
    const ev = new Evaluator(text);
    const [a] = findDefinitions(collectDefinitions(parse.root, ev), ['a']);
    const set = ev.attrsOf(a?.value);
    assert.ok(set);
    assert.equal(addBinding(set, text, 'c = 2;'), undefined);
  });
});
