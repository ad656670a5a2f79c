/**
 * The concrete syntax tree of a Nix file. Every byte of the input belongs to exactly one token
 * (trivia included), so concatenating the tokens in order gives back the input.
 *
 * Layout contract (the typed view in view.ts relies on it; the parser must keep it):
 *
 * | node            | children, in order (trivia tokens may appear between any two)            |
 * |-----------------|---------------------------------------------------------------------------|
 * | Root            | one expression node (absent for empty input), then any Error nodes        |
 * | Lambda          | Ident | Pattern, ':' , body expr                                          |
 * | Pattern         | [PatBind], '{', (PatEntry [','])*, ['...'], '}', [PatBind]               |
 * | PatEntry        | Ident, ['?', default expr]                                                |
 * | PatBind         | '@' then Ident  (when after the braces)  or  Ident then '@' (before)      |
 * | Assert          | 'assert', cond expr, ';', body expr                                       |
 * | With            | 'with', namespace expr, ';', body expr                                    |
 * | LetIn           | 'let', (AttrpathValue | Inherit)*, 'in', body expr                        |
 * | LegacyLet       | 'let', '{', (AttrpathValue | Inherit)*, '}'                               |
 * | IfElse          | 'if', cond, 'then', a, 'else', b                                          |
 * | BinOp           | lhs expr, operator token, rhs expr                                        |
 * | UnaryOp         | '!' or '-', expr                                                          |
 * | HasAttr         | expr, '?', Attrpath                                                       |
 * | Apply           | function expr, argument expr                                              |
 * | Select          | expr, '.', Attrpath, ['or', default expr]                                 |
 * | Paren           | '(', expr, ')'                                                            |
 * | List            | '[', element exprs..., ']'                                                |
 * | AttrSet         | ['rec'], '{', (AttrpathValue | Inherit)*, '}'                             |
 * | AttrpathValue   | Attrpath, '=', value expr, ';'                                            |
 * | Inherit         | 'inherit', [InheritFrom], attr names (Ident | String | Dynamic)*, ';'    |
 * | InheritFrom     | '(', expr, ')'                                                            |
 * | Attrpath        | attr (Ident | String | Dynamic) ('.' attr)*                                |
 * | Ident           | one 'ident' token (or an 'or' keyword token used as a name)               |
 * | Dynamic         | '${', expr, '}'         (an attribute name written as an interpolation)   |
 * | String          | '"', ('str_content' | 'str_escape' | Interpolation)*, '"'                 |
 * | IndentedString  | "''", ('str_content' | 'str_escape' | Interpolation)*, "''"               |
 * | Interpolation   | '${', expr, '}'                                                           |
 * | Literal         | one 'int' | 'float' | 'uri' | 'path' | 'search_path' token                 |
 * | Path            | ('path_content' | Interpolation)+   (a path with interpolation)            |
 * | Error           | whatever the parser could not place (tokens and/or nodes)                 |
 *
 * Where the input is broken, a node can lack a child the table says it has (a missing ';', a
 * missing body): consumers must check for `undefined` and treat the missing part as unknown.
 */
import type { Span } from '../../text/span';

export type TokenKind =
  // trivia
  | 'whitespace'
  | 'comment'
  // atoms
  | 'ident'
  | 'int'
  | 'float'
  | 'path'
  | 'search_path'
  | 'uri'
  | 'path_content'
  // keywords
  | 'if'
  | 'then'
  | 'else'
  | 'assert'
  | 'with'
  | 'let'
  | 'in'
  | 'rec'
  | 'inherit'
  | 'or'
  // punctuation
  | '{'
  | '}'
  | '['
  | ']'
  | '('
  | ')'
  | ';'
  | ':'
  | ','
  | '.'
  | '...'
  | '='
  | '@'
  | '?'
  // operators
  | '=='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | '&&'
  | '||'
  | '->'
  | '//'
  | '++'
  | '+'
  | '-'
  | '*'
  | '/'
  | '!'
  | '|>'
  | '<|'
  // strings
  | '"'
  | "''"
  | 'str_content'
  | 'str_escape'
  | '${'
  // anything the lexer cannot make sense of (a stray byte, a lone '$')
  | 'error';

export type NodeKind =
  | 'Root'
  | 'Lambda'
  | 'Pattern'
  | 'PatEntry'
  | 'PatBind'
  | 'Assert'
  | 'With'
  | 'LetIn'
  | 'LegacyLet'
  | 'IfElse'
  | 'BinOp'
  | 'UnaryOp'
  | 'HasAttr'
  | 'Apply'
  | 'Select'
  | 'Paren'
  | 'List'
  | 'AttrSet'
  | 'AttrpathValue'
  | 'Inherit'
  | 'InheritFrom'
  | 'Attrpath'
  | 'Ident'
  | 'Dynamic'
  | 'String'
  | 'IndentedString'
  | 'Interpolation'
  | 'Literal'
  | 'Path'
  | 'Error';

export interface NixToken {
  readonly type: 'token';
  readonly kind: TokenKind;
  /** Offsets into the parsed text, half-open. */
  readonly start: number;
  readonly end: number;
  parent: NixNode | undefined;
}

export interface NixNode {
  readonly type: 'node';
  readonly kind: NodeKind;
  readonly start: number;
  readonly end: number;
  /** Tokens and child nodes in text order (built on first use: prefer `nodes` where tokens do not matter). */
  readonly children: readonly NixElement[];
  /** Child nodes only, in order. */
  readonly nodes: readonly NixNode[];
  /** Offsets of the node's first own token (not a child node's) of `kind`; `children` is not built for it. */
  tokenSpan(kind: TokenKind): Span | undefined;
  /** Offsets of every token of `kind` in the subtree, in order; no token objects are made. */
  tokenSpans(kind: TokenKind): Span[];
  readonly parent: NixNode | undefined;
}

export type NixElement = NixNode | NixToken;

export interface NixSyntaxError {
  start: number;
  end: number;
  /** Written for a person: "expected ';' after the binding of 'port'". */
  message: string;
  /** Where the clashing first definition is, for errors about a second one. */
  related?: { start: number; end: number; message: string };
}

export interface NixParseResult {
  readonly text: string;
  readonly root: NixNode;
  readonly errors: NixSyntaxError[];
}
