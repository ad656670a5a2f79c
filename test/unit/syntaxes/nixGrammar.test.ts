import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

// Compiled to out/test/unit/syntaxes: the sources are four levels up from there.
const REPO = join(__dirname, '..', '..', '..', '..');
const GRAMMAR = join(REPO, 'syntaxes', 'nix.tmLanguage.json');
const SCOPE = 'source.nix.snikket-nixos';

let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === SCOPE ? parseRawGrammar(readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null,
  });
  const g = await registry.loadGrammar(SCOPE);
  assert.ok(g, 'the grammar loads');
  grammar = g;
});

/** The innermost scope of every token of `text`, as "token: scope", whitespace-only tokens left out. */
function scopes(text: string): string[] {
  let state = INITIAL;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      const tok = line.slice(t.startIndex, t.endIndex);
      if (tok.trim() !== '') out.push(`${tok}: ${t.scopes[t.scopes.length - 1]}`);
    }
    state = r.ruleStack;
  }
  return out;
}

/** The innermost scope of the first token equal to `token`. */
function scopeOf(text: string, token: string): string | undefined {
  return scopes(text)
    .find((s) => s.startsWith(`${token}: `))
    ?.slice(token.length + 2);
}

describe('syntaxes/nix.tmLanguage.json', () => {
  it('is JSON with the scope name package.json contributes for nix', () => {
    const json = JSON.parse(readFileSync(GRAMMAR, 'utf8')) as { scopeName: string };
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      contributes: { grammars: { language?: string; scopeName: string; path: string }[] };
    };
    const contributed = pkg.contributes.grammars.find((g) => g.language === 'nix');
    assert.deepEqual(contributed, { language: 'nix', scopeName: SCOPE, path: './syntaxes/nix.tmLanguage.json' });
    // Not `source.nix`: another Nix extension's grammar and its injections keep their scope name.
    assert.equal(json.scopeName, SCOPE);
  });

  it('scopes a module header, bindings, keywords, numbers, strings and comments', () => {
    assert.deepEqual(
      scopes('{ config, pkgs, ... }: # the module\nlet port = 5080; in {\n  services.nginx.enable = true;\n}'),
      [
        '{: punctuation.definition.attrset.begin.nix',
        'config: variable.other.nix',
        ',: punctuation.separator.nix',
        'pkgs: variable.other.nix',
        ',: punctuation.separator.nix',
        '...: keyword.operator.ellipsis.nix',
        '}: punctuation.definition.attrset.end.nix',
        ':: punctuation.separator.nix',
        '#: punctuation.definition.comment.nix',
        ' the module: comment.line.number-sign.nix',
        'let: keyword.other.nix',
        'port: entity.other.attribute-name.nix',
        '=: keyword.operator.bind.nix',
        '5080: constant.numeric.integer.nix',
        ';: punctuation.terminator.bind.nix',
        'in: keyword.other.nix',
        '{: punctuation.definition.attrset.begin.nix',
        'services: entity.other.attribute-name.nix',
        '.: punctuation.accessor.nix',
        'nginx: entity.other.attribute-name.nix',
        '.: punctuation.accessor.nix',
        'enable: entity.other.attribute-name.nix',
        '=: keyword.operator.bind.nix',
        'true: constant.language.nix',
        ';: punctuation.terminator.bind.nix',
        '}: punctuation.definition.attrset.end.nix',
      ],
    );
  });

  it('scopes interpolation inside strings and indented strings, with escapes', () => {
    assert.deepEqual(scopes('"https://${domain}:${toString port}/\\n"'), [
      '": punctuation.definition.string.begin.nix',
      'https://: string.quoted.double.nix',
      '${: punctuation.section.embedded.begin.nix',
      'domain: variable.other.nix',
      '}: punctuation.section.embedded.end.nix',
      ':: string.quoted.double.nix',
      '${: punctuation.section.embedded.begin.nix',
      'toString: support.function.builtin.nix',
      'port: variable.other.nix',
      '}: punctuation.section.embedded.end.nix',
      '/: string.quoted.double.nix',
      '\\n: constant.character.escape.nix',
      '": punctuation.definition.string.end.nix',
    ]);
    const indented = "''\n  cp ''${SRC} ${dir}/ # not a comment\n''";
    assert.equal(scopeOf(indented, "''${"), 'constant.character.escape.nix');
    assert.equal(scopeOf(indented, 'dir'), 'variable.other.nix');
    assert.equal(scopeOf(indented, '# not a comment'), undefined);
    assert.equal(scopes(indented).at(-1), "'': punctuation.definition.string.end.nix");
  });

  it('keeps braces inside an interpolation balanced', () => {
    const s = scopes('"${ { a = 1; }.a } x"');
    assert.equal(s.at(-1), '": punctuation.definition.string.end.nix');
    assert.ok(s.includes(' x: string.quoted.double.nix'), s.join('\n'));
  });

  it('scopes paths, search paths, URIs, lambdas, defaults, operators and block comments', () => {
    assert.equal(scopeOf('imports = [ ./snikket/snikket.nix ];', './snikket/snikket.nix'), 'string.unquoted.path.nix');
    assert.equal(scopeOf('import <nixpkgs> {}', '<nixpkgs>'), 'string.unquoted.path.search.nix');
    assert.equal(scopeOf('import <nixpkgs> {}', 'import'), 'support.function.builtin.nix');
    assert.equal(
      scopeOf('src = https://example.org/a.tar.gz;', 'https://example.org/a.tar.gz'),
      'string.unquoted.uri.nix',
    );
    assert.equal(scopeOf('map (x: x + 1) xs', 'x'), 'variable.parameter.function.nix');
    assert.equal(scopeOf('{ port ? 5080 }: port', 'port'), 'variable.parameter.function.nix');
    assert.equal(scopeOf('a // b', '//'), 'keyword.operator.update.nix');
    assert.equal(scopeOf('a == b', '=='), 'keyword.operator.comparison.nix');
    assert.equal(scopeOf('a == b', 'a'), 'variable.other.nix');
    assert.equal(scopeOf('if a then b else c', 'else'), 'keyword.control.conditional.nix');
    assert.equal(scopeOf('x.y or 2', 'or'), 'keyword.operator.or.nix');
    assert.equal(scopeOf('inherit (pkgs) lib;', 'inherit'), 'keyword.other.nix');
    assert.equal(scopeOf('/* a\n b */ 1', ' b '), 'comment.block.nix');
    assert.equal(scopeOf('x = 1.5e3;', '1.5e3'), 'constant.numeric.float.nix');
    assert.equal(scopeOf('my-pkg = 1;', 'my-pkg'), 'entity.other.attribute-name.nix');
  });

  it('tokenizes every .nix file of the examples without leaving a string or comment open', () => {
    for (const file of [
      'examples/blog/configuration.nix',
      'examples/blog/snikket.nix',
      'examples/blog/nginx.nix',
      'examples/blog/snikket/snikket.nix',
      'examples/blog/snikket/copy-certs-job.nix',
    ]) {
      const text = readFileSync(join(REPO, file), 'utf8');
      let state = INITIAL;
      for (const line of text.split('\n')) state = grammar.tokenizeLine(line, state).ruleStack;
      assert.equal(state.depth, INITIAL.depth, file);
    }
  });
});
