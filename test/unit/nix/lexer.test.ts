import assert from 'node:assert/strict';
import { lex } from '../../../server/src/syntax/nix';

/** `kind:text` of the significant tokens. */
function toks(src: string): string[] {
  return lex(src)
    .tokens.filter((t) => t.kind !== 'whitespace' && t.kind !== 'comment')
    .map((t) => `${t.kind}:${src.slice(t.start, t.end)}`);
}

const CASES: [string, string[]][] = [
  ['a-b', ['ident:a-b']],
  ['a - b', ['ident:a', '-:-', 'ident:b']],
  ["a'", ["ident:a'"]],
  ['1e-3', ['int:1', 'ident:e-3']],
  ['00.5', ['int:00', 'float:.5']],
  ['2.', ['float:2.']],
  ['.5', ['float:.5']],
  ['1.5e+3', ['float:1.5e+3']],
  ['0.5', ['float:0.5']],
  ['0.', ['int:0', '.:.']],
  ['1/2', ['path:1/2']],
  ['a/b', ['path:a/b']],
  ['a / b', ['ident:a', '/:/', 'ident:b']],
  ['a//b', ['ident:a', '//://', 'ident:b']],
  ['++a/b', ['path:++a/b']],
  ['x:y', ['uri:x:y']],
  ['x: y', ['ident:x', ':::', 'ident:y']],
  ['https://a/, y', ['uri:https://a/,', 'ident:y']],
  ['<nixpkgs>', ['search_path:<nixpkgs>']],
  ['<nixpkgs/lib>', ['search_path:<nixpkgs/lib>']],
  ['a <b', ['ident:a', '<:<', 'ident:b']],
  ['~/x', ['path:~/x']],
  ['~', ['error:~']],
  ['./${x}.nix', ['path_content:./', '${:${', 'ident:x', '}:}', 'path_content:.nix']],
  ['~/${x}', ['path_content:~/', '${:${', 'ident:x', '}:}']],
  ['a/${x}//b', ['path_content:a/', '${:${', 'ident:x', '}:}', 'path_content://b']],
  ['./a${x}', ['path_content:./a', '${:${', 'ident:x', '}:}']],
  ['./a/', ['path:./a/']],
  [
    'if then else assert with let in rec inherit or',
    [
      'if:if',
      'then:then',
      'else:else',
      'assert:assert',
      'with:with',
      'let:let',
      'in:in',
      'rec:rec',
      'inherit:inherit',
      'or:or',
    ],
  ],
  [
    '== != <= >= && || -> // ++ |> <| ...',
    ['==:==', '!=:!=', '<=:<=', '>=:>=', '&&:&&', '||:||', '->:->', '//://', '++:++', '|>:|>', '<|:<|', '...:...'],
  ],
  ['"a\\nb$${x}$"', ['":"', 'str_content:a', 'str_escape:\\n', 'str_content:b$${x}$', '":"']],
  ['"${a}"', ['":"', '${:${', 'ident:a', '}:}', '":"']],
  [
    "''a''$b'''c''\\nd'e''",
    [
      "'':''",
      'str_content:a',
      "str_escape:''$",
      'str_content:b',
      "str_escape:'''",
      'str_content:c',
      "str_escape:''\\n",
      "str_content:d'e",
      "'':''",
    ],
  ],
  ["''${x}''", ["'':''", '${:${', 'ident:x', '}:}', "'':''"]],
  [
    '{ a = { b = "${ { c = 1; }.c }"; }; }',
    [
      '{:{',
      'ident:a',
      '=:=',
      '{:{',
      'ident:b',
      '=:=',
      '":"',
      '${:${',
      '{:{',
      'ident:c',
      '=:=',
      'int:1',
      ';:;',
      '}:}',
      '.:.',
      'ident:c',
      '}:}',
      '":"',
      ';:;',
      '}:}',
      ';:;',
      '}:}',
    ],
  ],
  ['$ & |', ['error:$', 'error:&', 'error:|']],
];

describe('nix lexer', () => {
  for (const [src, expected] of CASES) {
    it(`lexes ${JSON.stringify(src)}`, () => assert.deepEqual(toks(src), expected));
  }

  it('covers every character exactly once, trivia included', () => {
    const src = '\ufeff# c\r\n{ a = /* b */ "x${y}" ; }\u0000 é 🚀';
    const { tokens } = lex(src);
    let pos = 0;
    for (const t of tokens) {
      assert.equal(t.start, pos);
      assert.ok(t.end > t.start);
      pos = t.end;
    }
    assert.equal(pos, src.length);
  });

  it('reports lexical errors', () => {
    assert.deepEqual(lex('"abc').errors, [{ start: 0, end: 4, message: 'unterminated string' }]);
    assert.deepEqual(lex("''abc").errors, [{ start: 0, end: 5, message: 'unterminated indented string' }]);
    assert.deepEqual(lex('/* x').errors, [{ start: 0, end: 4, message: 'unterminated comment' }]);
    assert.deepEqual(lex('./a/ ').errors, [{ start: 0, end: 4, message: 'path has a trailing slash' }]);
    assert.deepEqual(lex('9223372036854775807').errors, []);
    assert.deepEqual(lex('9223372036854775808').errors, [
      { start: 0, end: 19, message: "integer '9223372036854775808' is out of the 64-bit range" },
    ]);
    assert.deepEqual(lex('\ufeff1').errors, [
      { start: 0, end: 1, message: 'unexpected byte order mark (U+FEFF): save the file without it' },
    ]);
  });

  it('cuts a string at its line end only when asked to', () => {
    const src = '"abc\nd"';
    assert.deepEqual(toks(src), ['":"', 'str_content:abc\nd', '":"']);
    const cut = lex(src, new Set([0]));
    assert.deepEqual(
      cut.tokens.filter((t) => t.kind !== 'whitespace').map((t) => t.kind),
      ['"', 'str_content', 'ident', '"'],
    );
  });
});
