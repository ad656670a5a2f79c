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

const KEYWORDS: ReadonlyMap<string, TokenKind> = new Map<string, TokenKind>([
  ['if', 'if'],
  ['then', 'then'],
  ['else', 'else'],
  ['assert', 'assert'],
  ['with', 'with'],
  ['let', 'let'],
  ['in', 'in'],
  ['rec', 'rec'],
  ['inherit', 'inherit'],
  ['or', 'or'],
]);

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
 * Lexes `text`. `cutStrings` lists start offsets of `"` strings that must end (unterminated) at the
 * end of their first line: the parser uses it to recover from a string left open while typing.
 */
export function lex(text: string, cutStrings?: ReadonlySet<number>): LexResult {
  const len = text.length;
  const tokens: Token[] = [];
  const sig: number[] = [];
  const errors: NixSyntaxError[] = [];
  const unterminatedStrings: number[] = [];
  const multilineStrings: number[] = [];
  const modes: Mode[] = [Mode.Normal];
  // For each open "path" mode: index of its first token, whether it saw an interpolation.
  const pathFirst: number[] = [];
  const pathInterp: boolean[] = [];
  // For each open string mode: the offset of its opening quote.
  const strStart: number[] = [];
  let pos = 0;
  let noPathUntil = 0;

  // Significant tokens are also indexed in `sig` (the parser's view without trivia).
  const push = (kind: TokenKind, start: number, end: number): void => {
    sig.push(tokens.length);
    tokens.push(newToken(kind, start, end));
  };
  const pushTrivia = (kind: TokenKind, start: number, end: number): void => {
    tokens.push(newToken(kind, start, end));
  };
  const error = (start: number, end: number, message: string): void => {
    errors.push({ start, end, message });
  };

  /** Length of the longest path-like match at `p` (PATH, or PATH_SEG directly followed by `${`). */

  /** `~/...` home path; returns its length or 0. */


  /** Length of a float at `p` or 0. */

  const checkInt = (start: number, end: number): void => {
    let s = start;
    while (s < end - 1 && text.charCodeAt(s) === C_0) s++;
    const n = end - s;
    if (n > 19 || (n === 19 && text.slice(s, end) > MAX_INT)) {
      error(start, end, `integer \`${text.slice(start, Math.min(end, start + 40))}\` is out of the 64-bit range`);
    }
  };

  while (pos < len) {
    const mode = modes[modes.length - 1]!;
    if (mode === Mode.Normal) {
      const start = pos;
      const c = text.charCodeAt(pos);
      // Whitespace (a BOM is kept inside whitespace so the tokens stay lossless).
      if (c === C_SPACE || c === C_LF || c === C_CR || c === C_TAB || c === C_BOM) {
        // Nix rejects a byte order mark; it stays trivia here so that the tree is not disturbed.
        if (c === C_BOM) error(pos, pos + 1, 'unexpected byte order mark (U+FEFF): save the file without it');
        pos++;
        for (;;) {
          const d = text.charCodeAt(pos);
          if (d === C_SPACE || d === C_LF || d === C_CR || d === C_TAB) pos++;
          else break;
        }
        pushTrivia('whitespace', start, pos);
        continue;
      }
      if (c < 128 && (CLS[c]! & ID_START) !== 0) {
        let j = pos + 1;
        while (j < len) {
          const d = text.charCodeAt(j);
          if (d < 128 && (CLS[d]! & ID_CHAR) !== 0) j++;
          else break;
        }
        const idLen = j - pos;
        // A path or a URI may be longer than the identifier.
        const d = text.charCodeAt(j);
        let pathLen = 0;
        let uriLen = 0;
        if ((d === C_SLASH || d === C_COLON || d === C_DOT || d === C_PLUS) && j >= noPathUntil) {
          // Both a path and a URI need a `/` or `:` after a run of [a-zA-Z0-9._+-]; when that run
          // ends otherwise, no identifier inside it can start one either (`a.b.c = …`).
          let e = j;
          while (e < len && is(text.charCodeAt(e), PATH_CHAR)) e++;
          const f = text.charCodeAt(e);
          if (f === C_SLASH || f === C_COLON) {
            if (c !== 95) uriLen = matchUri(text, pos);
            pathLen = matchPath(text, pos);
          } else noPathUntil = e;
        }
        if (pathLen > idLen && pathLen >= uriLen) {
          { enterPath(tokens, sig, modes, pathFirst, pathInterp, pos, pathLen); pos += pathLen; }
          continue;
        }
        if (uriLen > idLen) {
          push('uri', pos, pos + uriLen);
          pos += uriLen;
          continue;
        }
        let kind: TokenKind = 'ident';
        if (idLen <= 7 && idLen >= 2) {
          const kw = KEYWORDS.get(text.slice(pos, j));
          if (kw !== undefined) kind = kw;
        }
        push(kind, pos, j);
        pos = j;
        continue;
      }
      if (c >= C_0 && c <= C_9) {
        let j = pos + 1;
        while (j < len && is(text.charCodeAt(j), DIGIT)) j++;
        const intLen = j - pos;
        const floatLen = matchFloat(text, pos);
        const pathLen = matchPath(text, pos);
        if (pathLen > intLen && pathLen > floatLen) {
          { enterPath(tokens, sig, modes, pathFirst, pathInterp, pos, pathLen); pos += pathLen; }
        } else if (floatLen > intLen) {
          push('float', pos, pos + floatLen);
          pos += floatLen;
        } else {
          push('int', pos, j);
          checkInt(pos, j);
          pos = j;
        }
        continue;
      }
      switch (c) {
        case C_LBRACE:
          push('{', pos, ++pos);
          modes.push(Mode.Normal);
          continue;
        case C_RBRACE:
          push('}', pos, ++pos);
          if (modes.length > 1) modes.pop();
          continue;
        case C_DOLLAR:
          if (text.charCodeAt(pos + 1) === C_LBRACE) {
            push('${', pos, (pos += 2));
            modes.push(Mode.Normal);
          } else push('error', pos, ++pos);
          continue;
        case C_DQUOTE:
          push('"', pos, ++pos);
          modes.push(Mode.Str);
          strStart.push(start);
          continue;
        case C_QUOTE:
          if (text.charCodeAt(pos + 1) === C_QUOTE) {
            push("''", pos, (pos += 2));
            modes.push(Mode.IndStr);
            strStart.push(start);
          } else push('error', pos, ++pos);
          continue;
        case C_HASH: {
          let j = pos + 1;
          while (j < len) {
            const d = text.charCodeAt(j);
            if (d === C_LF || d === C_CR) break;
            j++;
          }
          pushTrivia('comment', pos, j);
          pos = j;
          continue;
        }
        case C_SLASH: {
          const n = text.charCodeAt(pos + 1);
          if (n === C_STAR) {
            const close = text.indexOf('*/', pos + 2);
            if (close < 0) {
              pushTrivia('comment', pos, len);
              error(pos, len, 'unterminated comment');
              pos = len;
            } else {
              pushTrivia('comment', pos, close + 2);
              pos = close + 2;
            }
            continue;
          }
          const pathLen = matchPath(text, pos);
          if (pathLen > 0) {
            { enterPath(tokens, sig, modes, pathFirst, pathInterp, pos, pathLen); pos += pathLen; }
            continue;
          }
          if (n === C_SLASH) push('//', pos, (pos += 2));
          else push('/', pos, ++pos);
          continue;
        }
        case C_DOT:
        case C_PLUS:
        case C_MINUS: {
          const pathLen = matchPath(text, pos);
          const floatLen = c === C_DOT ? matchFloat(text, pos) : 0;
          const n = text.charCodeAt(pos + 1);
          let opLen = 1;
          let op: TokenKind = c === C_DOT ? '.' : c === C_PLUS ? '+' : '-';
          if (c === C_DOT && n === C_DOT && text.charCodeAt(pos + 2) === C_DOT) {
            opLen = 3;
            op = '...';
          } else if (c === C_PLUS && n === C_PLUS) {
            opLen = 2;
            op = '++';
          } else if (c === C_MINUS && n === C_GT) {
            opLen = 2;
            op = '->';
          }
          if (pathLen > opLen && pathLen > floatLen) { enterPath(tokens, sig, modes, pathFirst, pathInterp, pos, pathLen); pos += pathLen;
          } else if (floatLen > opLen) {
            push('float', pos, (pos += floatLen));
          } else push(op, pos, (pos += opLen));
          continue;
        }
        case C_TILDE: {
          const n = matchHomePath(text, pos);
          if (n > 0) {
            enterPath(tokens, sig, modes, pathFirst, pathInterp, pos, n);
            pos += n;
          } else push('error', pos, ++pos);
          continue;
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
          if (ok) push('search_path', pos, (pos = j + 1));
          else {
            const n = text.charCodeAt(pos + 1);
            if (n === C_EQ) push('<=', pos, (pos += 2));
            else if (n === C_PIPE) push('<|', pos, (pos += 2));
            else push('<', pos, ++pos);
          }
          continue;
        }
        case C_GT:
          if (text.charCodeAt(pos + 1) === C_EQ) push('>=', pos, (pos += 2));
          else push('>', pos, ++pos);
          continue;
        case C_EQ:
          if (text.charCodeAt(pos + 1) === C_EQ) push('==', pos, (pos += 2));
          else push('=', pos, ++pos);
          continue;
        case C_BANG:
          if (text.charCodeAt(pos + 1) === C_EQ) push('!=', pos, (pos += 2));
          else push('!', pos, ++pos);
          continue;
        case C_AMP:
          if (text.charCodeAt(pos + 1) === C_AMP) push('&&', pos, (pos += 2));
          else push('error', pos, ++pos);
          continue;
        case C_PIPE: {
          const n = text.charCodeAt(pos + 1);
          if (n === C_PIPE) push('||', pos, (pos += 2));
          else if (n === C_GT) push('|>', pos, (pos += 2));
          else push('error', pos, ++pos);
          continue;
        }
        case C_LPAREN:
          push('(', pos, ++pos);
          continue;
        case C_RPAREN:
          push(')', pos, ++pos);
          continue;
        case C_LBRACKET:
          push('[', pos, ++pos);
          continue;
        case C_RBRACKET:
          push(']', pos, ++pos);
          continue;
        case C_SEMI:
          push(';', pos, ++pos);
          continue;
        case C_COLON:
          push(':', pos, ++pos);
          continue;
        case C_COMMA:
          push(',', pos, ++pos);
          continue;
        case C_AT:
          push('@', pos, ++pos);
          continue;
        case C_QUESTION:
          push('?', pos, ++pos);
          continue;
        case C_STAR:
          push('*', pos, ++pos);
          continue;
        default: {
          // A stray character; keep surrogate pairs together.
          let j = pos + 1;
          if (c >= 0xd800 && c <= 0xdbff && j < len) {
            const d = text.charCodeAt(j);
            if (d >= 0xdc00 && d <= 0xdfff) j++;
          }
          push('error', pos, j);
          pos = j;
          continue;
        }
      }
    } else if (mode === Mode.Str) {
      const open = strStart[strStart.length - 1]!;
      const cut = cutStrings !== undefined && cutStrings.has(open);
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
      if (pos > start) push('str_content', start, pos);
      if (crossed && (multilineStrings.length === 0 || multilineStrings[multilineStrings.length - 1] !== open)) {
        multilineStrings.push(open);
      }
      if (stop === 0) {
        push('"', pos, ++pos);
        modes.pop();
        strStart.pop();
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
        push('str_escape', pos, j);
        pos = j;
      } else if (stop === 2) {
        push('${', pos, (pos += 2));
        modes.push(Mode.Normal);
      } else if (stop === 3) {
        error(open, pos, 'unterminated string');
        modes.pop();
        strStart.pop();
      }
      // stop === -1: end of file, handled after the loop.
    } else if (mode === Mode.IndStr) {
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
      if (pos > start) push('str_content', start, pos);
      if (stop === 0) {
        push("''", pos, (pos += 2));
        modes.pop();
        strStart.pop();
      } else if (stop === 1) {
        push('str_escape', pos, (pos += escLen));
      } else if (stop === 2) {
        push('${', pos, (pos += 2));
        modes.push(Mode.Normal);
      }
    } else {
      // Path continuation after the first piece of a path or after an interpolation in it.
      const c = text.charCodeAt(pos);
      if (c === C_DOLLAR && text.charCodeAt(pos + 1) === C_LBRACE) {
        pathInterp[pathInterp.length - 1] = true;
        push('${', pos, (pos += 2));
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
        push('path_content', start, pos);
        continue;
      }
      endPath();
    }
  }

  function endPath(): void {
    modes.pop();
    const first = pathFirst.pop()!;
    const interp = pathInterp.pop()!;
    const last = tokens[tokens.length - 1]!;
    if (tokens.length - 1 > first) {
      // More than one piece: every literal piece is path content.
      tokens[first]!.kind = 'path_content';
      if (!interp) error(tokens[first + 1]!.start, tokens[first + 1]!.end, 'a path cannot contain `//`');
    }
    if (last.kind === 'path' || last.kind === 'path_content') {
      if (text.charCodeAt(last.end - 1) === C_SLASH) error(last.start, last.end, 'path has a trailing slash');
    }
  }

  // End of file: close whatever is still open.
  let reportedEof = false;
  while (modes.length > 1) {
    const mode = modes[modes.length - 1]!;
    if (mode === Mode.Path) {
      endPath();
      continue;
    }
    if (mode === Mode.Str || mode === Mode.IndStr) {
      const open = strStart.pop()!;
      if (mode === Mode.Str) unterminatedStrings.push(open);
      // One error for the innermost open string (the outer ones end at the same place).
      if (!reportedEof) error(open, len, mode === Mode.Str ? 'unterminated string' : 'unterminated indented string');
      reportedEof = true;
    }
    modes.pop();
  }
  sig.push(tokens.length);
  return { tokens, sig, errors, unterminatedStrings, multilineStrings };
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

function enterPath(tokens: Token[], sig: number[], modes: Mode[], pathFirst: number[], pathInterp: boolean[], start: number, n: number): void {
  sig.push(tokens.length);
  tokens.push(newToken('path', start, start + n));
  modes.push(Mode.Path);
  pathFirst.push(tokens.length - 1);
  pathInterp.push(false);
}
