import assert from 'node:assert/strict';
import { dumpTree, parseNix, printTree } from '../../../server/src/syntax/nix';
import type { NixNode } from '../../../server/src/syntax/nix';

/** Every form of the grammar, with the exact tree (trivia omitted). */
const FORMS: [string, string][] = [
  ['x', '(Ident x)'],
  ['42', '(Literal 42)'],
  ['3.14', '(Literal 3.14)'],
  ['2.', '(Literal 2.)'],
  ['.5', '(Literal .5)'],
  ['1e-3', '(Apply (Literal 1) (Ident e-3))'],
  ['00.5', '(Apply (Literal 00) (Literal .5))'],
  ['1.5e3', '(Literal 1.5e3)'],
  ['"hello"', '(String " "hello" ")'],
  ['"a\\nb\\"c"', '(String " "a" "\\\\n" "b" "\\\\\\"" "c" ")'],
  ['"$${x} $x $"', '(String " "$${x} $x $" ")'],
  ['"a${b}c${d}"', '(String " "a" (Interpolation ${ (Ident b) }) "c" (Interpolation ${ (Ident d) }) ")'],
  [
    "''\n  line ${x}\n  ''$ ''' ''\\n\n''",
    '(IndentedString \'\' "\\n  line " (Interpolation ${ (Ident x) }) "\\n  " "\'\'$" " " "\'\'\'" " " "\'\'\\\\n" "\\n" \'\')',
  ],
  ['./foo/bar.nix', '(Literal ./foo/bar.nix)'],
  ['/etc/nixos', '(Literal /etc/nixos)'],
  ['~/x/y', '(Literal ~/x/y)'],
  ['<nixpkgs>', '(Literal <nixpkgs>)'],
  ['<nixpkgs/lib>', '(Literal <nixpkgs/lib>)'],
  ['./${name}.nix', '(Path "./" (Interpolation ${ (Ident name) }) ".nix")'],
  ['a/${b}/c', '(Path "a/" (Interpolation ${ (Ident b) }) "/c")'],
  ['https://example.org/a?b=c,d', '(Literal https://example.org/a?b=c,d)'],
  ['x:y', '(Literal x:y)'],
  ['(x)', '(Paren ( (Ident x) ))'],
  ['[ 1 "a" f x ]', '(List [ (Literal 1) (String " "a" ") (Ident f) (Ident x) ])'],
  ['[ ]', '(List [ ])'],
  ['{ }', '(AttrSet { })'],
  [
    'rec { a = 1; b = a; }',
    '(AttrSet rec { (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) (AttrpathValue (Attrpath (Ident b)) = (Ident a) ;) })',
  ],
  [
    'let { a = 1; body = a; }',
    '(LegacyLet let { (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) (AttrpathValue (Attrpath (Ident body)) = (Ident a) ;) })',
  ],
  [
    '{ a.b.c = 1; "d" = 2; ${e} = 3; or = 4; }',
    '(AttrSet { (AttrpathValue (Attrpath (Ident a) . (Ident b) . (Ident c)) = (Literal 1) ;) (AttrpathValue (Attrpath (String " "d" ")) = (Literal 2) ;) (AttrpathValue (Attrpath (Dynamic ${ (Ident e) })) = (Literal 3) ;) (AttrpathValue (Attrpath (Ident or)) = (Literal 4) ;) })',
  ],
  [
    '{ inherit a b; inherit (c) d "e"; inherit; }',
    '(AttrSet { (Inherit inherit (Ident a) (Ident b) ;) (Inherit inherit (InheritFrom ( (Ident c) )) (Ident d) (String " "e" ") ;) (Inherit inherit ;) })',
  ],
  ['x: x', '(Lambda (Ident x) : (Ident x))'],
  [
    '{ a, b ? 2, ... }: a',
    '(Lambda (Pattern { (PatEntry (Ident a)) , (PatEntry (Ident b) ? (Literal 2)) , ... }) : (Ident a))',
  ],
  ['{ a, }: a', '(Lambda (Pattern { (PatEntry (Ident a)) , }) : (Ident a))'],
  ['args @ { a }: a', '(Lambda (Pattern (PatBind (Ident args) @) { (PatEntry (Ident a)) }) : (Ident a))'],
  ['{ a } @ args: a', '(Lambda (Pattern { (PatEntry (Ident a)) } (PatBind @ (Ident args))) : (Ident a))'],
  ['{}: 1', '(Lambda (Pattern { }) : (Literal 1))'],
  ['{ ... }: 1', '(Lambda (Pattern { ... }) : (Literal 1))'],
  ['assert a; b', '(Assert assert (Ident a) ; (Ident b))'],
  ['with pkgs; [ hello ]', '(With with (Ident pkgs) ; (List [ (Ident hello) ]))'],
  [
    'let a = 1; b = 2; in a',
    '(LetIn let (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) (AttrpathValue (Attrpath (Ident b)) = (Literal 2) ;) in (Ident a))',
  ],
  ['let in 1', '(LetIn let in (Literal 1))'],
  ['if a then b else c', '(IfElse if (Ident a) then (Ident b) else (Ident c))'],
  ['a -> b -> c', '(BinOp (Ident a) -> (BinOp (Ident b) -> (Ident c)))'],
  ['a || b && c', '(BinOp (Ident a) || (BinOp (Ident b) && (Ident c)))'],
  ['a == b', '(BinOp (Ident a) == (Ident b))'],
  ['a != b', '(BinOp (Ident a) != (Ident b))'],
  ['a < b', '(BinOp (Ident a) < (Ident b))'],
  ['a <= b == c', '(BinOp (BinOp (Ident a) <= (Ident b)) == (Ident c))'],
  ['a // b // c', '(BinOp (Ident a) // (BinOp (Ident b) // (Ident c)))'],
  ['a + b * c - d / e', '(BinOp (BinOp (Ident a) + (BinOp (Ident b) * (Ident c))) - (BinOp (Ident d) / (Ident e)))'],
  ['a ++ b ++ c', '(BinOp (Ident a) ++ (BinOp (Ident b) ++ (Ident c)))'],
  ['!a', '(UnaryOp ! (Ident a))'],
  ['!a + b', '(UnaryOp ! (BinOp (Ident a) + (Ident b)))'],
  ['-a', '(UnaryOp - (Ident a))'],
  ['- a ? b', '(HasAttr (UnaryOp - (Ident a)) ? (Attrpath (Ident b)))'],
  ['-f x', '(UnaryOp - (Apply (Ident f) (Ident x)))'],
  ['a ? b.c', '(HasAttr (Ident a) ? (Attrpath (Ident b) . (Ident c)))'],
  [
    'a ? "b" ? ${c}',
    '(HasAttr (HasAttr (Ident a) ? (Attrpath (String " "b" "))) ? (Attrpath (Dynamic ${ (Ident c) })))',
  ],
  ['f x y', '(Apply (Apply (Ident f) (Ident x)) (Ident y))'],
  ['f x.y z', '(Apply (Apply (Ident f) (Select (Ident x) . (Attrpath (Ident y)))) (Ident z))'],
  ['a.b.c', '(Select (Ident a) . (Attrpath (Ident b) . (Ident c)))'],
  ['a.${b}."c"', '(Select (Ident a) . (Attrpath (Dynamic ${ (Ident b) }) . (String " "c" ")))'],
  ['a.b or c', '(Select (Ident a) . (Attrpath (Ident b)) or (Ident c))'],
  [
    'a.b or c.d or e',
    '(Select (Ident a) . (Attrpath (Ident b)) or (Select (Ident c) . (Attrpath (Ident d)) or (Ident e)))',
  ],
  ['f or', '(Apply (Ident f) (Ident or))'],
  ['a |> f |> g', '(BinOp (BinOp (Ident a) |> (Ident f)) |> (Ident g))'],
  ['f <| g <| x', '(BinOp (Ident f) <| (BinOp (Ident g) <| (Ident x)))'],
  ['__curPos', '(Ident __curPos)'],
  ['a-b - c', '(BinOp (Ident a-b) - (Ident c))'],
  ["a'", "(Ident a')"],
  ['x.1', '(Apply (Ident x) (Literal .1))'],
  [
    '{ a = x: y: x; }.a',
    '(Select (AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Lambda (Ident x) : (Lambda (Ident y) : (Ident x))) ;) }) . (Attrpath (Ident a)))',
  ],
  [
    'let a = 1; inherit (b) c; in a',
    '(LetIn let (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) (Inherit inherit (InheritFrom ( (Ident b) )) (Ident c) ;) in (Ident a))',
  ],
  ['[ (f x) { } [ ] ]', '(List [ (Paren ( (Apply (Ident f) (Ident x)) )) (AttrSet { }) (List [ ]) ])'],
  [
    'f { a = 1; } [ 2 ]',
    '(Apply (Apply (Ident f) (AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) })) (List [ (Literal 2) ]))',
  ],
  [
    '{ x = import ./x.nix { inherit pkgs; }; }',
    '(AttrSet { (AttrpathValue (Attrpath (Ident x)) = (Apply (Apply (Ident import) (Literal ./x.nix)) (AttrSet { (Inherit inherit (Ident pkgs) ;) })) ;) })',
  ],
  ['""', '(String " ")'],
  ["''''", "(IndentedString '' '')"],
  ['# comment\n1 /* block */', '(Literal 1)'],
  ['﻿1', '(Literal 1)\n! 0-1 unexpected byte order mark (U+FEFF): save the file without it'],
  ['1\r\n', '(Literal 1)'],
  ["''\r\n  x\r\n''", "(IndentedString '' \"\\r\\n  x\\r\\n\" '')"],
  ['"\\${x}"', '(String " "\\\\$" "{x}" ")'],
  ["''\\${x}''", "(IndentedString '' \"\\\\\" (Interpolation ${ (Ident x) }) '')"],
  ['let\n  a = 1;\nin\n  a', '(LetIn let (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) in (Ident a))'],
  ['a.or', '(Select (Ident a) . (Attrpath (Ident or)))'],
  [
    'let or = 1; in or',
    "(Root (LetIn let (AttrpathValue (Attrpath (Ident or)) = (Literal 1) ;) in) (Error or))\n! 12-14 expected expression after 'in'",
  ],
];

/** Broken input: the exact tree and errors (`! start-end message`). */
const RECOVERY: [string, string][] = [
  [
    '{\n  a = 1;\n  x = \n  b = 2;\n}',
    "(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) (AttrpathValue (Attrpath (Ident x)) =) (AttrpathValue (Attrpath (Ident b)) = (Literal 2) ;) })\n! 15-16 expected expression after '='",
  ],
  [
    '{\n  a = 1\n  b = 2;\n}',
    "(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Literal 1)) (AttrpathValue (Attrpath (Ident b)) = (Literal 2) ;) })\n! 8-9 expected ';' after the binding of 'a'",
  ],
  [
    '{\n  a = 1;\n  port = 5080\n}',
    "(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) (AttrpathValue (Attrpath (Ident port)) = (Literal 5080)) })\n! 20-24 expected ';' after the binding of 'port'",
  ],
  [
    '{\n  a = { x = 1;\n  b = 2;\n}',
    "(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (AttrSet { (AttrpathValue (Attrpath (Ident x)) = (Literal 1) ;) (AttrpathValue (Attrpath (Ident b)) = (Literal 2) ;) })))\n! 0-1 unexpected end of file: this '{' is not closed",
  ],
  [
    '{\n  a = [ 1 2;\n  b = 2;\n}',
    "(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (List [ (Literal 1) (Literal 2)) ;) (AttrpathValue (Attrpath (Ident b)) = (Literal 2) ;) })\n! 8-9 expected ']' to close this '['",
  ],
  [
    '{\n  a = (1 + 2;\n  b = 2;\n}',
    "(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Paren ( (BinOp (Literal 1) + (Literal 2))) ;) (AttrpathValue (Attrpath (Ident b)) = (Literal 2) ;) })\n! 8-9 expected ')' to close this '('",
  ],
  [
    '{\n  a = "abc;\n  b = 2;\n}',
    '(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (String " "abc;")) (AttrpathValue (Attrpath (Ident b)) = (Literal 2) ;) })\n! 8-13 unterminated string',
  ],
  [
    '{\n  a = "x";\n  b = "abc;\n  c = "y";\n  d = 4;\n}',
    '(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (String " "x" ") ;) (AttrpathValue (Attrpath (Ident b)) = (String " "abc;")) (AttrpathValue (Attrpath (Ident c)) = (String " "y" ") ;) (AttrpathValue (Attrpath (Ident d)) = (Literal 4) ;) })\n! 19-24 unterminated string',
  ],
  [
    '{ a = 1; ) b = 2; }',
    "(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) (Error )) (AttrpathValue (Attrpath (Ident b)) = (Literal 2) ;) })\n! 9-10 unexpected ')'",
  ],
  [
    '{ a = 1 ); b = 2; }',
    "(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Literal 1) (Error )) ;) (AttrpathValue (Attrpath (Ident b)) = (Literal 2) ;) })\n! 8-9 unexpected ')'",
  ],
  [
    '1 == 2 == 3',
    "(BinOp (BinOp (Literal 1) == (Literal 2)) == (Literal 3))\n! 7-9 '==' is not associative: add parentheses",
  ],
  [
    '1 < 2 > 3',
    "(BinOp (BinOp (Literal 1) < (Literal 2)) > (Literal 3))\n! 6-7 '<' and '>' cannot be chained: add parentheses",
  ],
  [
    'a |> f <| b',
    "(BinOp (BinOp (Ident a) |> (Ident f)) <| (Ident b))\n! 7-9 '|>' and '<|' cannot be mixed: add parentheses",
  ],
  [
    '{ src = ./foo/; }',
    '(AttrSet { (AttrpathValue (Attrpath (Ident src)) = (Literal ./foo/) ;) })\n! 8-14 path has a trailing slash',
  ],
  [
    '{ a = 1; } }',
    "(Root (AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) }) (Error }))\n! 11-12 unexpected '}'",
  ],
  ['x: x )', "(Root (Lambda (Ident x) : (Ident x)) (Error )))\n! 5-6 unexpected ')'"],
  [
    '{ a = 1; b = 2',
    "(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) (AttrpathValue (Attrpath (Ident b)) = (Literal 2)))\n! 0-1 unexpected end of file: this '{' is not closed",
  ],
  [
    'let a = 1; in',
    "(LetIn let (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) in)\n! 11-13 expected expression after 'in'",
  ],
  [
    'let a = 1;',
    "(LetIn let (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;))\n! 10-10 unexpected end of file: expected 'in' after the bindings of 'let'",
  ],
  ['if a then b', "(IfElse if (Ident a) then (Ident b))\n! 10-11 expected 'else' after the 'then' branch"],
  [
    '{ a = 1 + ; b = 2; }',
    "(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (BinOp (Literal 1) +) ;) (AttrpathValue (Attrpath (Ident b)) = (Literal 2) ;) })\n! 8-9 expected expression after '+'",
  ],
  [
    '{ a.b. = 1; c = 2; }',
    "(AttrSet { (AttrpathValue (Attrpath (Ident a) . (Ident b) .) = (Literal 1) ;) (AttrpathValue (Attrpath (Ident c)) = (Literal 2) ;) })\n! 5-6 expected an attribute name after '.'",
  ],
  [
    '{ inherit a\n  b = 2; }',
    "(AttrSet { (Inherit inherit (Ident a)) (AttrpathValue (Attrpath (Ident b)) = (Literal 2) ;) })\n! 10-11 expected ';' after 'inherit'",
  ],
  ['[ 1, 2 ]', "(List [ (Literal 1) (Error ,) (Literal 2) ])\n! 3-4 unexpected ','"],
  [
    '{ a = 1; = 2; b = 3; }',
    "(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) (Error = 2 ;) (AttrpathValue (Attrpath (Ident b)) = (Literal 3) ;) })\n! 9-10 unexpected '='",
  ],
  [
    '{ a = 1; $ b = 2; }',
    '(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) (Error "$") (AttrpathValue (Attrpath (Ident b)) = (Literal 2) ;) })\n! 9-10 unexpected character \'$\'',
  ],
  ['f (', "(Apply (Ident f) (Paren ())\n! 2-3 expected expression after '('"],
  ['"abc', '(String " "abc")\n! 0-4 unterminated string'],
  ["''abc", '(IndentedString \'\' "abc")\n! 0-5 unterminated indented string'],
  [
    "{ a = ''\n x\n; b = 1; }",
    '(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (IndentedString \'\' "\\n x\\n; b = 1; }")))\n! 6-22 unterminated indented string',
  ],
  ['/* abc', '(Root)\n! 0-6 unterminated comment'],
  [
    '99999999999999999999',
    "(Literal 99999999999999999999)\n! 0-20 integer '99999999999999999999' is out of the 64-bit range",
  ],
  [
    '{ a ? 1, b }',
    "(Lambda (Pattern { (PatEntry (Ident a) ? (Literal 1)) , (PatEntry (Ident b)) }))\n! 11-12 expected ':' after the argument pattern",
  ],
  [
    '{ pkgs, lib }:\n{ a = 1; }',
    '(Lambda (Pattern { (PatEntry (Ident pkgs)) , (PatEntry (Ident lib)) }) : (AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) }))',
  ],
  ['x: y: ', "(Lambda (Ident x) : (Lambda (Ident y) :))\n! 4-5 expected expression after ':'"],
  ['a.', "(Select (Ident a) .)\n! 1-2 expected an attribute name after '.'"],
  [
    '{ a = x.; b = 1; }',
    "(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Select (Ident x) .) ;) (AttrpathValue (Attrpath (Ident b)) = (Literal 1) ;) })\n! 7-8 expected an attribute name after '.'",
  ],
  [
    '{\n  services.nginx.enable = true\n  services.snikket.enable = true;\n}',
    "(AttrSet { (AttrpathValue (Attrpath (Ident services) . (Ident nginx) . (Ident enable)) = (Ident true)) (AttrpathValue (Attrpath (Ident services) . (Ident snikket) . (Ident enable)) = (Ident true) ;) })\n! 28-32 expected ';' after the binding of 'services.nginx.enable'",
  ],
  [
    '﻿{ a = 1; }',
    '(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) })\n! 0-1 unexpected byte order mark (U+FEFF): save the file without it',
  ],
  ['a\u0000b', '(Root (Ident a) (Error "\\u0000" b))'], // Nix stops reading at the NUL byte: no error
  [
    '{ a = 1; b = 2; ;; c = 3; }',
    "(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) (AttrpathValue (Attrpath (Ident b)) = (Literal 2) ;) (Error ; ;) (AttrpathValue (Attrpath (Ident c)) = (Literal 3) ;) })\n! 16-17 unexpected ';'",
  ],
  [
    '{ ${x} = 1; "y" = 2 "z" = 3; }',
    '(AttrSet { (AttrpathValue (Attrpath (Dynamic ${ (Ident x) })) = (Literal 1) ;) (AttrpathValue (Attrpath (String " "y" ")) = (Literal 2)) (AttrpathValue (Attrpath (String " "z" ")) = (Literal 3) ;) })\n! 18-19 expected \';\' after the binding of \'"y"\'',
  ],
  [
    'let a = 1 in a',
    "(LetIn let (AttrpathValue (Attrpath (Ident a)) = (Literal 1)) in (Ident a))\n! 8-9 expected ';' after the binding of 'a'",
  ],
  [
    '{ a = if x then 1; b = 2; }',
    "(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (IfElse if (Ident x) then (Literal 1)) ;) (AttrpathValue (Attrpath (Ident b)) = (Literal 2) ;) })\n! 16-17 expected 'else' after the 'then' branch",
  ],
  ['f ${x}', "(Root (Ident f) (Error ${ x }))\n! 2-4 unexpected '${'"],
];

function kindsOf(node: NixNode, kind: string, out: NixNode[] = []): NixNode[] {
  const stack: NixNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === kind) out.push(n);
    for (const c of n.children) if (c.type === 'node') stack.push(c);
  }
  return out;
}

function bindingNames(src: string): string[] {
  const r = parseNix(src);
  return kindsOf(r.root, 'AttrpathValue')
    .map((b) => {
      const path = b.children.find((c) => c.type === 'node' && c.kind === 'Attrpath')!;
      return src.slice(path.start, path.end);
    })
    .sort();
}

describe('nix parser: forms', () => {
  for (const [src, expected] of FORMS) {
    it(`parses ${JSON.stringify(src)}`, () => {
      const r = parseNix(src);
      assert.equal(dumpTree(r), expected);
      assert.equal(printTree(r.root, src), src);
    });
  }

  it('gives every node the range of its tokens and sets parents', () => {
    const src = '{ a = [ 1 2 ]; /* c */ b = x: x.y or 3; }\n';
    const r = parseNix(src);
    const check = (n: NixNode): void => {
      for (const c of n.children) {
        assert.equal(c.parent, n);
        assert.ok(c.start >= n.start && c.end <= n.end, `${c.kind} inside ${n.kind}`);
        if (c.type === 'node') check(c);
      }
    };
    check(r.root);
    assert.equal(r.root.start, 0);
    assert.equal(r.root.end, src.length);
    const set = r.root.children.find((c) => c.type === 'node')!;
    assert.equal(set.start, 0);
    assert.equal(set.end, src.length - 1);
  });

  it('keeps leading trivia outside of nodes', () => {
    const src = '  # c\n  { a = 1; }';
    const r = parseNix(src);
    const set = r.root.children.find((c) => c.type === 'node')!;
    assert.equal(src.slice(set.start, set.end), '{ a = 1; }');
    const binding = kindsOf(r.root, 'AttrpathValue')[0]!;
    assert.equal(src.slice(binding.start, binding.end), 'a = 1;');
  });
});

describe('nix parser: recovery and messages', () => {
  for (const [src, expected] of RECOVERY) {
    it(`recovers from ${JSON.stringify(src)}`, () => {
      const r = parseNix(src);
      assert.equal(dumpTree(r), expected);
      assert.equal(printTree(r.root, src), src);
    });
  }

  const module = (damage: string): string =>
    `{ config, lib, ... }:\n{\n  before.one = 1;\n  before.two = "x";\n${damage}\n  after.one = [ 1 2 ];\n  after.two = { x = 1; };\n}\n`;

  const damages: [string, string][] = [
    ['half-typed binding', '  x = '],
    ['missing semicolon', '  x = 1'],
    ['unclosed bracket', '  x = [ 1 2;'],
    ['unclosed paren', '  x = (f 1;'],
    ['unclosed string', '  x = "abc;'],
    ['stray paren', '  x = 1 );'],
    ['stray keyword', '  then'],
    ['missing value and semicolon', '  x ='],
    ['missing equals', '  x 1;'],
    ['double equals', '  x = = 1;'],
  ];
  for (const [what, damage] of damages) {
    it(`keeps the bindings around a ${what}`, () => {
      const names = bindingNames(module(damage));
      for (const n of ['before.one', 'before.two', 'after.one', 'after.two'])
        assert.ok(names.includes(n), `${n} in ${names.join(',')}`);
      const r = parseNix(module(damage));
      assert.equal(r.errors.length, 1, r.errors.map((e) => e.message).join(' | '));
    });
  }

  it('reports an empty file and a comment-only file', () => {
    assert.deepEqual(parseNix('').errors, [{ start: 0, end: 0, message: 'unexpected end of file' }]);
    assert.deepEqual(parseNix('# only\n').errors, [{ start: 7, end: 7, message: 'unexpected end of file' }]);
  });

  it('reports dynamic attributes in let and inherit as Nix does right after parsing (a constant `${"a"}` is not dynamic)', () => {
    assert.deepEqual(parseNix('let ${"a"} = 1; in a').errors, []);
    assert.deepEqual(parseNix('x: { inherit ${x}; }').errors, [
      { start: 13, end: 17, message: 'dynamic attributes not allowed in inherit' },
    ]);
  });

  it('reports one error for an unclosed brace at the end of the file', () => {
    const r = parseNix('{\n  a = {\n    b = 1;\n  };\n  c = 2;\n');
    assert.deepEqual(r.errors, [{ start: 0, end: 1, message: "unexpected end of file: this '{' is not closed" }]);
  });
});
