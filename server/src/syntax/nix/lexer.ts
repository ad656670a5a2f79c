/**
 * Hand-written, mode-aware lexer for Nix. Every UTF-16 code unit of the input ends up in exactly
 * one token (trivia included), so the tokens concatenated give back the input.
 *
 * It follows the reference lexer (NixOS/nix lexer.l): a stack of modes where `{` and `${` push the
 * normal mode and `}` pops, strings and indented strings are modes of their own, and a path
 * followed by `${` continues as a path after the interpolation.
 */
import type { NixSyntaxError, NixToken, TokenKind } from './tree';

/** A token as the lexer creates it: kind stays mutable internally (a path becomes path_content). */
export interface Token extends NixToken {
  kind: TokenKind;
}

/** Tokens are plain object literals: V8 allocates those faster than class instances (pretenuring). */
export function newToken(kind: TokenKind, start: number, end: number): Token {
  return { type: 'token', kind, start, end, parent: undefined };
}

export interface LexResult {
  tokens: Token[];
  /** Indices of the significant (non-trivia) tokens, then tokens.length. */
  sig: number[];
  errors: NixSyntaxError[];
  /** Start offsets of `"` strings that reached the end of the file unterminated. */
  unterminatedStrings: number[];
  /** Start offsets (of the opening quote) of `"` strings whose content crossed a line end. */
  multilineStrings: number[];
}

// Character classes.
const PATH_CHAR = 1; // [a-zA-Z0-9._+-]
const ID_START = 2; // [a-zA-Z_]
const ID_CHAR = 4; // [a-zA-Z0-9_'-]
const DIGIT = 8;
const SCHEME = 16; // [a-zA-Z0-9+.-]
const URI_CHAR = 32; // [a-zA-Z0-9%/?:@&=+$,_.!~*'-]
const LETTER = 64;

const CLS = new Uint8Array(128);
(() => {
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    let f = 0;
    const letter = /[a-zA-Z]/.test(ch);
    const digit = /[0-9]/.test(ch);
    if (letter || digit || ch === '.' || ch === '_' || ch === '+' || ch === '-') f |= PATH_CHAR;
    if (letter || ch === '_') f |= ID_START;
    if (letter || digit || ch === '_' || ch === "'" || ch === '-') f |= ID_CHAR;
    if (digit) f |= DIGIT;
    if (letter || digit || ch === '+' || ch === '.' || ch === '-') f |= SCHEME;
    if (letter || digit || "%/?:@&=+$,_.!~*'-".includes(ch)) f |= URI_CHAR;
    if (letter) f |= LETTER;
    CLS[c] = f;
  }
})();

const is = (c: number, f: number): boolean => c < 128 && (CLS[c]! & f) !== 0;

const enum Mode {
  Normal,
  Str,
  IndStr,
  Path,
}

const C_TAB = 9;
const C_LF = 10;
const C_CR = 13;
const C_SPACE = 32;
const C_BANG = 33;
const C_DQUOTE = 34;
const C_HASH = 35;
const C_DOLLAR = 36;
const C_AMP = 38;
const C_QUOTE = 39;
const C_LPAREN = 40;
const C_RPAREN = 41;
const C_STAR = 42;
const C_PLUS = 43;
const C_COMMA = 44;
const C_MINUS = 45;
const C_DOT = 46;
const C_SLASH = 47;
const C_0 = 48;
const C_9 = 57;
const C_COLON = 58;
const C_SEMI = 59;
const C_LT = 60;
const C_EQ = 61;
const C_GT = 62;
const C_QUESTION = 63;
const C_AT = 64;
const C_LBRACKET = 91;
const C_BACKSLASH = 92;
const C_RBRACKET = 93;
const C_LBRACE = 123;
const C_PIPE = 124;
const C_RBRACE = 125;
const C_TILDE = 126;
const C_E = 69;
const C_e = 101;
const C_BOM = 0xfeff;

const MAX_INT = '9223372036854775807';

/**
 * Token kinds as small integers, in the order of KIND_NAMES (the lexer stores kinds in a typed
 * array; token objects are only made when the tree is built). Trivia kinds come first.
 */
export const enum K {
  Whitespace, Comment, Ident, Int, Float, Path, SearchPath, Uri, PathContent,
  If, Then, Else, Assert, With, Let, In, Rec, Inherit, Or,
  LBrace, RBrace, LBracket, RBracket, LParen, RParen, Semi, Colon, Comma, Dot, Ellipsis, Eq, At, Question,
  EqEq, NotEq, Lt, Gt, Le, Ge, AndAnd, OrOr, Impl, Update, Concat, Plus, Minus, Star, Slash, Not, PipeR, PipeL,
  DQuote, IndQuote, StrContent, StrEscape, DollarBrace, Error,
  /** Past the last token (never stored). */
  Eof,
}

/** The TokenKind of each K. */
export const KIND_NAMES: readonly TokenKind[] = [
  'whitespace', 'comment', 'ident', 'int', 'float', 'path', 'search_path', 'uri', 'path_content',
  'if', 'then', 'else', 'assert', 'with', 'let', 'in', 'rec', 'inherit', 'or',
  '{', '}', '[', ']', '(', ')', ';', ':', ',', '.', '...', '=', '@', '?',
  '==', '!=', '<', '>', '<=', '>=', '&&', '||', '->', '//', '++', '+', '-', '*', '/', '!', '|>', '<|',
  '"', "''", 'str_content', 'str_escape', '${', 'error',
];

/** The lexer's output without token objects: kinds and start offsets in typed arrays. */
export interface CompactLex {
  /** Number of tokens. */
  n: number;
  kinds: Uint8Array;
  /** Start offset of each token; starts[n] is the text length (token i ends at starts[i + 1]). */
  starts: Int32Array;
  /** Indices of the significant (non-trivia) tokens, then n (at sig[nsig]). */
  sig: Int32Array;
  nsig: number;
  errors: NixSyntaxError[];
  /** Start offsets of `"` strings that reached the end of the file unterminated. */
  unterminatedStrings: number[];
  /** Start offsets (of the opening quote) of `"` strings whose content crossed a line end. */
  multilineStrings: number[];
}

/**
 * Lexes `text`. `cutStrings` lists start offsets of `"` strings that must end (unterminated) at the
 * end of their first line: the parser uses it to recover from a string left open while typing.
 */
export function lex(text: string, cutStrings?: ReadonlySet<number>): LexResult {
  const c = lexCompact(text, cutStrings, true);
  const tokens: Token[] = new Array<Token>(c.n);
  for (let i = 0; i < c.n; i++) tokens[i] = newToken(KIND_NAMES[c.kinds[i]!]!, c.starts[i]!, c.starts[i + 1]!);
  const sig: number[] = Array.from(c.sig.subarray(0, c.nsig + 1));
  return { tokens, sig, errors: c.errors, unterminatedStrings: c.unterminatedStrings, multilineStrings: c.multilineStrings };
}

/** Which keyword the identifier text[p, p + n) is, or K.Ident. */
function keyword(text: string, p: number, n: number): K {
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
const SIMPLE = new Uint8Array(128);
SIMPLE[C_LPAREN] = K.LParen + 1;
SIMPLE[C_RPAREN] = K.RParen + 1;
SIMPLE[C_LBRACKET] = K.LBracket + 1;
SIMPLE[C_RBRACKET] = K.RBracket + 1;
SIMPLE[C_SEMI] = K.Semi + 1;
SIMPLE[C_COLON] = K.Colon + 1;
SIMPLE[C_COMMA] = K.Comma + 1;
SIMPLE[C_AT] = K.At + 1;
SIMPLE[C_QUESTION] = K.Question + 1;
SIMPLE[C_STAR] = K.Star + 1;

/** Capacity (tokens) up to which the lexer's arrays are kept for the next pooled lexing. */
const POOL_MAX = 1 << 19;
let pool: { kinds: Uint8Array; starts: Int32Array; sig: Int32Array } | undefined;

class Lexer {
  n = 0;
  kinds: Uint8Array;
  starts: Int32Array;
  sig: Int32Array;
  nsig = 0;
  readonly errors: NixSyntaxError[] = [];
  readonly unterminatedStrings: number[] = [];
  readonly multilineStrings: number[] = [];
  readonly modes: Mode[] = [Mode.Normal];
  // For each open "path" mode: index of its first token, whether it saw an interpolation.
  readonly pathFirst: number[] = [];
  readonly pathInterp: boolean[] = [];
  // For each open string mode: the offset of its opening quote.
  readonly strStart: number[] = [];
  pos = 0;
  noPathUntil = 0;

  constructor(
    readonly text: string,
    readonly cutStrings: ReadonlySet<number> | undefined,
    pooled: boolean,
  ) {
    // About one token per 3 characters in real code; grown by doubling when that is not enough.
    const cap = ((text.length / 3) | 0) + 16;
    if (pooled && cap <= POOL_MAX) {
      // Reuse the arrays of the previous pooled lexing (their old contents are overwritten).
      if (pool === undefined || pool.kinds.length < cap) {
        const size = Math.min(POOL_MAX, Math.max(cap, 4096) * 2);
        pool = { kinds: new Uint8Array(size), starts: new Int32Array(size + 1), sig: new Int32Array(size + 1) };
      }
      this.kinds = pool.kinds;
      this.starts = pool.starts;
      this.sig = pool.sig;
    } else {
      this.kinds = new Uint8Array(cap);
      this.starts = new Int32Array(cap + 1);
      this.sig = new Int32Array(cap + 1);
    }
  }

  private grow(): void {
    const cap = this.kinds.length * 2;
    const k = new Uint8Array(cap);
    k.set(this.kinds);
    this.kinds = k;
    const s = new Int32Array(cap + 1);
    s.set(this.starts);
    this.starts = s;
    const g = new Int32Array(cap + 1);
    g.set(this.sig);
    this.sig = g;
  }

  /** A significant token starting at `start` (it ends where the next token starts). */
  push(kind: K, start: number): void {
    const i = this.n;
    if (i === this.kinds.length) this.grow();
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.sig[this.nsig++] = i;
    this.n = i + 1;
  }

  pushTrivia(kind: K, start: number): void {
    const i = this.n;
    if (i === this.kinds.length) this.grow();
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.n = i + 1;
  }

  error(start: number, end: number, message: string): void {
    this.errors.push({ start, end, message });
  }

  checkInt(start: number, end: number): void {
    const text = this.text;
    let s = start;
    while (s < end - 1 && text.charCodeAt(s) === C_0) s++;
    const n = end - s;
    if (n > 19 || (n === 19 && text.slice(s, end) > MAX_INT)) {
      this.error(start, end, `integer \`${text.slice(start, Math.min(end, start + 40))}\` is out of the 64-bit range`);
    }
  }

  enterPath(start: number, n: number): void {
    this.push(K.Path, start);
    this.modes.push(Mode.Path);
    this.pathFirst.push(this.n - 1);
    this.pathInterp.push(false);
    this.pos = start + n;
  }

  endPath(): void {
    this.modes.pop();
    const first = this.pathFirst.pop()!;
    const interp = this.pathInterp.pop()!;
    const last = this.n - 1;
    if (last > first) {
      // More than one piece: every literal piece is path content.
      this.kinds[first] = K.PathContent;
      if (!interp) this.error(this.starts[first + 1]!, first + 2 < this.n ? this.starts[first + 2]! : this.pos, 'a path cannot contain `//`');
    }
    const lk = this.kinds[last]!;
    if (lk === K.Path || lk === K.PathContent) {
      if (this.text.charCodeAt(this.pos - 1) === C_SLASH) this.error(this.starts[last]!, this.pos, 'path has a trailing slash');
    }
  }

  run(): CompactLex {
    const text = this.text;
    const len = text.length;
    const modes = this.modes;
    while (this.pos < len) {
      const mode = modes[modes.length - 1]!;
      if (mode === Mode.Normal) {
        // Fast paths for the commonest tokens (whitespace, plain identifiers and keywords), in a
        // loop of their own: runs of them need no mode lookup.
        let pos = this.pos;
        while (pos < len) {
          const c = text.charCodeAt(pos);
          if (c === C_SPACE || c === C_LF) {
            const start = pos++;
            for (;;) {
              const d = text.charCodeAt(pos);
              if (d === C_SPACE || d === C_LF || d === C_CR || d === C_TAB) pos++;
              else break;
            }
            this.pushTrivia(K.Whitespace, start);
            continue;
          }
          if (c < 128 && (CLS[c]! & ID_START) !== 0) {
            let j = pos + 1;
            let d = text.charCodeAt(j);
            while (d < 128 && (CLS[d]! & ID_CHAR) !== 0) d = text.charCodeAt(++j);
            // Followed by what cannot continue it as a path or URI: an identifier or keyword.
            if (!(d === C_SLASH || d === C_COLON || d === C_DOT || d === C_PLUS) || j < this.noPathUntil) {
              const idLen = j - pos;
              this.push(idLen <= 7 && idLen >= 2 ? keyword(text, pos, idLen) : K.Ident, pos);
              pos = j;
              continue;
            }
          }
          break;
        }
        this.pos = pos;
        if (pos < len) this.normal(text, len);
      }
      else if (mode === Mode.Str) this.str(text, len);
      else if (mode === Mode.IndStr) this.indStr(text, len);
      else {
        // Path continuation after the first piece of a path or after an interpolation in it.
        let pos = this.pos;
        const c = text.charCodeAt(pos);
        if (c === C_DOLLAR && text.charCodeAt(pos + 1) === C_LBRACE) {
          this.pathInterp[this.pathInterp.length - 1] = true;
          this.push(K.DollarBrace, pos);
          this.pos = pos + 2;
          modes.push(Mode.Normal);
          continue;
        }
        if (c === C_SLASH || is(c, PATH_CHAR)) {
          const start = pos;
          pos++;
          while (pos < len) {
            const d = text.charCodeAt(pos);
            if (d === C_SLASH || (d < 128 && (CLS[d]! & PATH_CHAR) !== 0)) pos++;
            else break;
          }
          this.push(K.PathContent, start);
          this.pos = pos;
          continue;
        }
        this.endPath();
      }
    }
    // End of file: close whatever is still open.
    let reportedEof = false;
    while (modes.length > 1) {
      const mode = modes[modes.length - 1]!;
      if (mode === Mode.Path) {
        this.endPath();
        continue;
      }
      if (mode === Mode.Str || mode === Mode.IndStr) {
        const open = this.strStart.pop()!;
        if (mode === Mode.Str) this.unterminatedStrings.push(open);
        // One error for the innermost open string (the outer ones end at the same place).
        if (!reportedEof) this.error(open, len, mode === Mode.Str ? 'unterminated string' : 'unterminated indented string');
        reportedEof = true;
      }
      modes.pop();
    }
    this.starts[this.n] = len;
    this.sig[this.nsig] = this.n;
    return {
      n: this.n,
      kinds: this.kinds,
      starts: this.starts,
      sig: this.sig,
      nsig: this.nsig,
      errors: this.errors,
      unterminatedStrings: this.unterminatedStrings,
      multilineStrings: this.multilineStrings,
    };
  }

  /** One token (whitespace run, comment, atom, operator) in normal mode. */
  private normal(text: string, len: number): void {
    let pos = this.pos;
    const c = text.charCodeAt(pos);
    // Whitespace (a BOM is kept inside whitespace so the tokens stay lossless).
    if (c === C_SPACE || c === C_LF || c === C_CR || c === C_TAB || c === C_BOM) {
      // Nix rejects a byte order mark; it stays trivia here so that the tree is not disturbed.
      if (c === C_BOM) this.error(pos, pos + 1, 'unexpected byte order mark (U+FEFF): save the file without it');
      const start = pos++;
      for (;;) {
        const d = text.charCodeAt(pos);
        if (d === C_SPACE || d === C_LF || d === C_CR || d === C_TAB) pos++;
        else break;
      }
      this.pushTrivia(K.Whitespace, start);
      this.pos = pos;
      return;
    }
    if (c < 128) {
      const cls = CLS[c]!;
      if ((cls & ID_START) !== 0) {
        let j = pos + 1;
        while (j < len) {
          const d = text.charCodeAt(j);
          if (d < 128 && (CLS[d]! & ID_CHAR) !== 0) j++;
          else break;
        }
        const idLen = j - pos;
        // A path or a URI may be longer than the identifier.
        const d = text.charCodeAt(j);
        if ((d === C_SLASH || d === C_COLON || d === C_DOT || d === C_PLUS) && j >= this.noPathUntil) {
          // Both a path and a URI need a `/` or `:` after a run of [a-zA-Z0-9._+-]; when that run
          // ends otherwise, no identifier inside it can start one either (`a.b.c = …`).
          let e = j;
          while (e < len && is(text.charCodeAt(e), PATH_CHAR)) e++;
          const f = text.charCodeAt(e);
          if (f === C_SLASH || f === C_COLON) {
            const uriLen = c !== 95 ? matchUri(text, pos) : 0;
            const pathLen = matchPath(text, pos);
            if (pathLen > idLen && pathLen >= uriLen) {
              this.enterPath(pos, pathLen);
              return;
            }
            if (uriLen > idLen) {
              this.push(K.Uri, pos);
              this.pos = pos + uriLen;
              return;
            }
          } else this.noPathUntil = e;
        }
        this.push(idLen <= 7 && idLen >= 2 ? keyword(text, pos, idLen) : K.Ident, pos);
        this.pos = j;
        return;
      }
      if ((cls & DIGIT) !== 0) {
        let j = pos + 1;
        while (j < len && is(text.charCodeAt(j), DIGIT)) j++;
        const intLen = j - pos;
        const n = text.charCodeAt(j);
        // Only a `.`, `/`, or path character after the digits can make a float or a path.
        const floatLen = n === C_DOT || n === C_E || n === C_e ? matchFloat(text, pos) : 0;
        const pathLen = n < 128 && (n === C_SLASH || (CLS[n]! & PATH_CHAR) !== 0) ? matchPath(text, pos) : 0;
        if (pathLen > intLen && pathLen > floatLen) {
          this.enterPath(pos, pathLen);
        } else if (floatLen > intLen) {
          this.push(K.Float, pos);
          this.pos = pos + floatLen;
        } else {
          this.push(K.Int, pos);
          this.checkInt(pos, j);
          this.pos = j;
        }
        return;
      }
      const simple = SIMPLE[c]!;
      if (simple !== 0) {
        this.push(simple - 1, pos);
        this.pos = pos + 1;
        return;
      }
    }
    const start = pos;
    switch (c) {
      case C_LBRACE:
        this.push(K.LBrace, pos);
        this.pos = pos + 1;
        this.modes.push(Mode.Normal);
        return;
      case C_RBRACE:
        this.push(K.RBrace, pos);
        this.pos = pos + 1;
        if (this.modes.length > 1) this.modes.pop();
        return;
      case C_DOLLAR:
        if (text.charCodeAt(pos + 1) === C_LBRACE) {
          this.push(K.DollarBrace, pos);
          this.pos = pos + 2;
          this.modes.push(Mode.Normal);
        } else {
          this.push(K.Error, pos);
          this.pos = pos + 1;
        }
        return;
      case C_DQUOTE:
        this.push(K.DQuote, pos);
        this.pos = pos + 1;
        this.modes.push(Mode.Str);
        this.strStart.push(start);
        return;
      case C_QUOTE:
        if (text.charCodeAt(pos + 1) === C_QUOTE) {
          this.push(K.IndQuote, pos);
          this.pos = pos + 2;
          this.modes.push(Mode.IndStr);
          this.strStart.push(start);
        } else {
          this.push(K.Error, pos);
          this.pos = pos + 1;
        }
        return;
      case C_HASH: {
        let j = pos + 1;
        while (j < len) {
          const d = text.charCodeAt(j);
          if (d === C_LF || d === C_CR) break;
          j++;
        }
        this.pushTrivia(K.Comment, pos);
        this.pos = j;
        return;
      }
      case C_SLASH: {
        const n = text.charCodeAt(pos + 1);
        if (n === C_STAR) {
          const close = text.indexOf('*/', pos + 2);
          this.pushTrivia(K.Comment, pos);
          if (close < 0) {
            this.error(pos, len, 'unterminated comment');
            this.pos = len;
          } else this.pos = close + 2;
          return;
        }
        const pathLen = matchPath(text, pos);
        if (pathLen > 0) {
          this.enterPath(pos, pathLen);
          return;
        }
        if (n === C_SLASH) {
          this.push(K.Update, pos);
          this.pos = pos + 2;
        } else {
          this.push(K.Slash, pos);
          this.pos = pos + 1;
        }
        return;
      }
      case C_DOT:
      case C_PLUS:
      case C_MINUS: {
        const n = text.charCodeAt(pos + 1);
        // A path needs a path character or `/` next; a float needs a digit next (after `.`).
        // Inside a run of path characters already known not to end in `/` or `:`, no path starts.
        const pathLen = pos >= this.noPathUntil && (n === C_SLASH || is(n, PATH_CHAR)) ? matchPath(text, pos) : 0;
        const floatLen = c === C_DOT && n >= C_0 && n <= C_9 ? matchFloat(text, pos) : 0;
        let opLen = 1;
        let op: K = c === C_DOT ? K.Dot : c === C_PLUS ? K.Plus : K.Minus;
        if (c === C_DOT && n === C_DOT && text.charCodeAt(pos + 2) === C_DOT) {
          opLen = 3;
          op = K.Ellipsis;
        } else if (c === C_PLUS && n === C_PLUS) {
          opLen = 2;
          op = K.Concat;
        } else if (c === C_MINUS && n === C_GT) {
          opLen = 2;
          op = K.Impl;
        }
        if (pathLen > opLen && pathLen > floatLen) this.enterPath(pos, pathLen);
        else if (floatLen > opLen) {
          this.push(K.Float, pos);
          this.pos = pos + floatLen;
        } else {
          this.push(op, pos);
          this.pos = pos + opLen;
        }
        return;
      }
      case C_TILDE: {
        const n = matchHomePath(text, pos);
        if (n > 0) this.enterPath(pos, n);
        else {
          this.push(K.Error, pos);
          this.pos = pos + 1;
        }
        return;
      }
      case C_LT: {
        // <nixpkgs/path>
        let j = pos + 1;
        let ok = false;
        if (is(text.charCodeAt(j), PATH_CHAR)) {
          while (j < len && is(text.charCodeAt(j), PATH_CHAR)) j++;
          for (;;) {
            const d = text.charCodeAt(j);
            if (d === C_SLASH && is(text.charCodeAt(j + 1), PATH_CHAR)) {
              j += 2;
              while (j < len && is(text.charCodeAt(j), PATH_CHAR)) j++;
            } else {
              ok = d === C_GT;
              break;
            }
          }
        }
        if (ok) {
          this.push(K.SearchPath, pos);
          this.pos = j + 1;
        } else {
          const n = text.charCodeAt(pos + 1);
          this.push(n === C_EQ ? K.Le : n === C_PIPE ? K.PipeL : K.Lt, pos);
          this.pos = pos + (n === C_EQ || n === C_PIPE ? 2 : 1);
        }
        return;
      }
      case C_GT:
      case C_EQ:
      case C_BANG: {
        const two = text.charCodeAt(pos + 1) === C_EQ;
        this.push(c === C_GT ? (two ? K.Ge : K.Gt) : c === C_EQ ? (two ? K.EqEq : K.Eq) : two ? K.NotEq : K.Not, pos);
        this.pos = pos + (two ? 2 : 1);
        return;
      }
      case C_AMP:
        if (text.charCodeAt(pos + 1) === C_AMP) {
          this.push(K.AndAnd, pos);
          this.pos = pos + 2;
        } else {
          this.push(K.Error, pos);
          this.pos = pos + 1;
        }
        return;
      case C_PIPE: {
        const n = text.charCodeAt(pos + 1);
        if (n === C_PIPE || n === C_GT) {
          this.push(n === C_PIPE ? K.OrOr : K.PipeR, pos);
          this.pos = pos + 2;
        } else {
          this.push(K.Error, pos);
          this.pos = pos + 1;
        }
        return;
      }
      default: {
        // A stray character; keep surrogate pairs together.
        let j = pos + 1;
        if (c >= 0xd800 && c <= 0xdbff && j < len) {
          const d = text.charCodeAt(j);
          if (d >= 0xdc00 && d <= 0xdfff) j++;
        }
        this.push(K.Error, pos);
        this.pos = j;
        return;
      }
    }
  }

  /** Content up to the next escape, interpolation or end of a `"` string, and what stops it. */
  private str(text: string, len: number): void {
    const open = this.strStart[this.strStart.length - 1]!;
    const cut = this.cutStrings !== undefined && this.cutStrings.has(open);
    let pos = this.pos;
    const start = pos;
    let crossed = false;
    let stop = -1; // 0 closing quote, 1 escape, 2 interpolation, 3 cut at line end
    while (pos < len) {
      const c = text.charCodeAt(pos);
      if (c === C_DQUOTE) {
        stop = 0;
        break;
      }
      if (c === C_BACKSLASH) {
        stop = 1;
        break;
      }
      if (c === C_DOLLAR) {
        const n = text.charCodeAt(pos + 1);
        if (n === C_LBRACE) {
          stop = 2;
          break;
        }
        pos += n === C_DOLLAR ? 2 : 1;
        continue;
      }
      if (c === C_LF || c === C_CR) {
        if (cut) {
          stop = 3;
          break;
        }
        crossed = true;
      }
      pos++;
    }
    if (pos > len) pos = len;
    if (pos > start) this.push(K.StrContent, start);
    const ml = this.multilineStrings;
    if (crossed && (ml.length === 0 || ml[ml.length - 1] !== open)) ml.push(open);
    if (stop === 0) {
      this.push(K.DQuote, pos);
      this.pos = pos + 1;
      this.modes.pop();
      this.strStart.pop();
    } else if (stop === 1) {
      let j = pos + 1;
      if (j < len) {
        const d = text.charCodeAt(j);
        j++;
        if (d >= 0xd800 && d <= 0xdbff && j < len) {
          const e = text.charCodeAt(j);
          if (e >= 0xdc00 && e <= 0xdfff) j++;
        }
      }
      this.push(K.StrEscape, pos);
      this.pos = j;
    } else if (stop === 2) {
      this.push(K.DollarBrace, pos);
      this.pos = pos + 2;
      this.modes.push(Mode.Normal);
    } else {
      this.pos = pos;
      if (stop === 3) {
        this.error(open, pos, 'unterminated string');
        this.modes.pop();
        this.strStart.pop();
      }
      // stop === -1: end of file, handled after the loop.
    }
  }

  /** Content up to the next escape, interpolation or end of an indented string. */
  private indStr(text: string, len: number): void {
    let pos = this.pos;
    const start = pos;
    let stop = -1; // 0 close, 1 escape (length in escLen), 2 interpolation
    let escLen = 0;
    while (pos < len) {
      const c = text.charCodeAt(pos);
      if (c === C_QUOTE) {
        if (text.charCodeAt(pos + 1) === C_QUOTE) {
          const n = text.charCodeAt(pos + 2);
          if (n === C_DOLLAR || n === C_QUOTE) {
            stop = 1;
            escLen = 3;
          } else if (n === C_BACKSLASH) {
            stop = 1;
            escLen = Math.min(4, len - pos);
            if (escLen === 4) {
              const d = text.charCodeAt(pos + 3);
              if (d >= 0xd800 && d <= 0xdbff && pos + 4 < len) {
                const e = text.charCodeAt(pos + 4);
                if (e >= 0xdc00 && e <= 0xdfff) escLen = 5;
              }
            }
          } else stop = 0;
          break;
        }
        pos++;
        continue;
      }
      if (c === C_DOLLAR) {
        const n = text.charCodeAt(pos + 1);
        if (n === C_LBRACE) {
          stop = 2;
          break;
        }
        pos += n === C_DOLLAR ? 2 : 1;
        continue;
      }
      pos++;
    }
    if (pos > len) pos = len;
    if (pos > start) this.push(K.StrContent, start);
    if (stop === 0) {
      this.push(K.IndQuote, pos);
      this.pos = pos + 2;
      this.modes.pop();
      this.strStart.pop();
    } else if (stop === 1) {
      this.push(K.StrEscape, pos);
      this.pos = pos + escLen;
    } else if (stop === 2) {
      this.push(K.DollarBrace, pos);
      this.pos = pos + 2;
      this.modes.push(Mode.Normal);
    } else this.pos = pos;
  }
}

/**
 * The tokens of `text` in typed arrays (what the parser uses); see `lex`. With `pooled`, the arrays
 * may be shared with the previous and the next pooled call: the result is only valid until then.
 */
export function lexCompact(text: string, cutStrings?: ReadonlySet<number>, pooled = false): CompactLex {
  return new Lexer(text, cutStrings, pooled).run();
}

function matchPath(text: string, p: number): number {
  const len = text.length;
  let j = p;
  while (j < len && is(text.charCodeAt(j), PATH_CHAR)) j++;
  let segs = 0;
  for (;;) {
    if (text.charCodeAt(j) === C_SLASH && is(text.charCodeAt(j + 1), PATH_CHAR)) {
      j += 2;
      while (j < len && is(text.charCodeAt(j), PATH_CHAR)) j++;
      segs++;
    } else break;
  }
  if (segs > 0) {
    if (text.charCodeAt(j) === C_SLASH) j++;
    return j - p;
  }
  if (text.charCodeAt(j) === C_SLASH && text.charCodeAt(j + 1) === C_DOLLAR && text.charCodeAt(j + 2) === C_LBRACE) {
    return j + 1 - p;
  }
  return 0;
}

function matchHomePath(text: string, p: number): number {
  const len = text.length;
  let j = p + 1;
  let segs = 0;
  while (text.charCodeAt(j) === C_SLASH && is(text.charCodeAt(j + 1), PATH_CHAR)) {
    j += 2;
    while (j < len && is(text.charCodeAt(j), PATH_CHAR)) j++;
    segs++;
  }
  if (segs > 0) {
    if (text.charCodeAt(j) === C_SLASH) j++;
    return j - p;
  }
  if (text.charCodeAt(p + 1) === C_SLASH && text.charCodeAt(p + 2) === C_DOLLAR && text.charCodeAt(p + 3) === C_LBRACE) {
    return 2;
  }
  return 0;
}

function matchUri(text: string, p: number): number {
  const len = text.length;
  let j = p + 1;
  while (j < len && is(text.charCodeAt(j), SCHEME)) j++;
  if (text.charCodeAt(j) !== C_COLON) return 0;
  j++;
  const restStart = j;
  while (j < len && is(text.charCodeAt(j), URI_CHAR)) j++;
  return j === restStart ? 0 : j - p;
}

function matchFloat(text: string, p: number): number {
  const len = text.length;
  let j = p;
  const c = text.charCodeAt(p);
  if (c >= 49 && c <= C_9) {
    while (j < len && is(text.charCodeAt(j), DIGIT)) j++;
    if (text.charCodeAt(j) !== C_DOT) return 0;
    j++;
    while (j < len && is(text.charCodeAt(j), DIGIT)) j++;
  } else {
    if (c === C_0) j++;
    if (text.charCodeAt(j) !== C_DOT || !is(text.charCodeAt(j + 1), DIGIT)) return 0;
    j += 2;
    while (j < len && is(text.charCodeAt(j), DIGIT)) j++;
  }
  const e = text.charCodeAt(j);
  if (e === C_E || e === C_e) {
    let k = j + 1;
    const s = text.charCodeAt(k);
    if (s === C_PLUS || s === C_MINUS) k++;
    if (is(text.charCodeAt(k), DIGIT)) {
      k++;
      while (k < len && is(text.charCodeAt(k), DIGIT)) k++;
      j = k;
    }
  }
  return j - p;
}
