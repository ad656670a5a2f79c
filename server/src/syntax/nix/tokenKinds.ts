/** Token kinds: the integer kinds the lexer stores, their names, and the tables that pick them. */
import { Ch } from './charClasses';
import type { NixToken, TokenKind } from './tree';

/** A token as the lexer creates it: kind stays mutable internally (a path becomes path_content). */
export interface Token extends NixToken {
  kind: TokenKind;
}

/** Tokens are plain object literals: V8 allocates those faster than class instances (pretenuring). */
export function newToken(kind: TokenKind, start: number, end: number): Token {
  return { type: 'token', kind, start, end, parent: undefined };
}

/**
 * Token kinds as small integers, in the order of KIND_NAMES (the lexer stores kinds in a typed
 * array; token objects are only made when the tree is built). Trivia kinds come first.
 */
export const enum K {
  Whitespace,
  Comment,
  Ident,
  Int,
  Float,
  Path,
  SearchPath,
  Uri,
  PathContent,
  If,
  Then,
  Else,
  Assert,
  With,
  Let,
  In,
  Rec,
  Inherit,
  Or,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Semi,
  Colon,
  Comma,
  Dot,
  Ellipsis,
  Eq,
  At,
  Question,
  EqEq,
  NotEq,
  Lt,
  Gt,
  Le,
  Ge,
  AndAnd,
  OrOr,
  Impl,
  Update,
  Concat,
  Plus,
  Minus,
  Star,
  Slash,
  Not,
  PipeR,
  PipeL,
  DQuote,
  IndQuote,
  StrContent,
  StrEscape,
  DollarBrace,
  Error,
  /** Past the last token (never stored). */
  Eof,
}

/** The TokenKind of each K. */
export const KIND_NAMES: readonly TokenKind[] = [
  'whitespace',
  'comment',
  'ident',
  'int',
  'float',
  'path',
  'search_path',
  'uri',
  'path_content',
  'if',
  'then',
  'else',
  'assert',
  'with',
  'let',
  'in',
  'rec',
  'inherit',
  'or',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ';',
  ':',
  ',',
  '.',
  '...',
  '=',
  '@',
  '?',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '&&',
  '||',
  '->',
  '//',
  '++',
  '+',
  '-',
  '*',
  '/',
  '!',
  '|>',
  '<|',
  '"',
  "''",
  'str_content',
  'str_escape',
  '${',
  'error',
];

/** Which keyword the identifier text[p, p + n) is, or K.Ident. */
export function keyword(text: string, p: number, n: number): K {
  const c = text.charCodeAt(p);
  switch (n) {
    case 2:
      if (c === 105 /* i */) {
        const d = text.charCodeAt(p + 1);
        return d === 102 ? K.If : d === 110 ? K.In : K.Ident;
      }
      return c === 111 /* o */ && text.charCodeAt(p + 1) === 114 ? K.Or : K.Ident;
    case 3:
      if (c === 108) return text.charCodeAt(p + 1) === 101 && text.charCodeAt(p + 2) === 116 ? K.Let : K.Ident;
      if (c === 114) return text.charCodeAt(p + 1) === 101 && text.charCodeAt(p + 2) === 99 ? K.Rec : K.Ident;
      return K.Ident;
    case 4:
      if (c === 116) return text.startsWith('hen', p + 1) ? K.Then : K.Ident;
      if (c === 101) return text.startsWith('lse', p + 1) ? K.Else : K.Ident;
      if (c === 119) return text.startsWith('ith', p + 1) ? K.With : K.Ident;
      return K.Ident;
    case 6:
      return c === 97 && text.startsWith('ssert', p + 1) ? K.Assert : K.Ident;
    case 7:
      return c === 105 && text.startsWith('nherit', p + 1) ? K.Inherit : K.Ident;
    default:
      return K.Ident;
  }
}

/** Single-character punctuation without alternatives, by char code (0: none). */
export const SIMPLE = new Uint8Array(128);
SIMPLE[Ch.LPAREN] = K.LParen + 1;
SIMPLE[Ch.RPAREN] = K.RParen + 1;
SIMPLE[Ch.LBRACKET] = K.LBracket + 1;
SIMPLE[Ch.RBRACKET] = K.RBracket + 1;
SIMPLE[Ch.SEMI] = K.Semi + 1;
SIMPLE[Ch.COLON] = K.Colon + 1;
SIMPLE[Ch.COMMA] = K.Comma + 1;
SIMPLE[Ch.AT] = K.At + 1;
SIMPLE[Ch.QUESTION] = K.Question + 1;
SIMPLE[Ch.STAR] = K.Star + 1;
