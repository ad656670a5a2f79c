/**
 * ASCII character classes and the character codes the lexer compares against. Both are const enums
 * so that they are inlined as literals in the hot loops (no loads from another module's exports).
 */

/** Flags of CLS. */
export const enum CharClass {
  PATH_CHAR = 1, // [a-zA-Z0-9._+-]
  ID_START = 2, // [a-zA-Z_]
  ID_CHAR = 4, // [a-zA-Z0-9_'-]
  DIGIT = 8,
  SCHEME = 16, // [a-zA-Z0-9+.-]
  URI_CHAR = 32, // [a-zA-Z0-9%/?:@&=+$,_.!~*'-]
}

/** The CharClass flags of each ASCII character. */
export const CLS = new Uint8Array(128);
(() => {
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    let f = 0;
    const letter = /[a-zA-Z]/.test(ch);
    const digit = /[0-9]/.test(ch);
    if (letter || digit || ch === '.' || ch === '_' || ch === '+' || ch === '-') f |= CharClass.PATH_CHAR;
    if (letter || ch === '_') f |= CharClass.ID_START;
    if (letter || digit || ch === '_' || ch === "'" || ch === '-') f |= CharClass.ID_CHAR;
    if (digit) f |= CharClass.DIGIT;
    if (letter || digit || ch === '+' || ch === '.' || ch === '-') f |= CharClass.SCHEME;
    if (letter || digit || "%/?:@&=+$,_.!~*'-".includes(ch)) f |= CharClass.URI_CHAR;
    CLS[c] = f;
  }
})();

export const is = (c: number, f: CharClass): boolean => c < 128 && (CLS[c]! & f) !== 0;

// Runs of characters matched by sticky regular expressions (set lastIndex, test, read lastIndex):
// V8 runs them as native code from the first file on, where a loop over charCodeAt runs in the
// interpreter until it is optimised, and a short process spends most of its time before that.
/** [ \n\r\t]* */
export const WHITESPACE_RUN = /[ \n\r\t]*/y;
/** The rest of an identifier. */
export const ID_REST = /[a-zA-Z0-9_'-]*/y;
/** The rest of a line comment. */
export const LINE_REST = /[^\n\r]*/y;
/** Content of a `"` string without an escape, `$` or line end. */
export const STR_PLAIN = /[^"\\$\n\r]*/y;
/** Content of an indented string without `'` or `$`. */
export const IND_STR_PLAIN = /[^'$]*/y;

/** UTF-16 code units by name. */
export const enum Ch {
  TAB = 9,
  LF = 10,
  CR = 13,
  SPACE = 32,
  BANG = 33,
  DQUOTE = 34,
  HASH = 35,
  DOLLAR = 36,
  AMP = 38,
  QUOTE = 39,
  LPAREN = 40,
  RPAREN = 41,
  STAR = 42,
  PLUS = 43,
  COMMA = 44,
  MINUS = 45,
  DOT = 46,
  SLASH = 47,
  D0 = 48,
  D9 = 57,
  COLON = 58,
  SEMI = 59,
  LT = 60,
  EQ = 61,
  GT = 62,
  QUESTION = 63,
  AT = 64,
  LBRACKET = 91,
  BACKSLASH = 92,
  RBRACKET = 93,
  LBRACE = 123,
  PIPE = 124,
  RBRACE = 125,
  TILDE = 126,
  E = 69,
  e = 101,
  BOM = 0xfeff,
}
