/** The lexer's normal mode: trivia, identifiers, keywords, numbers, literals and operators. */
import { CharClass, Ch, CLS, ID_REST, is, LINE_REST, WHITESPACE_RUN } from './charClasses';
import { Mode } from './lexBuffer';
import { PathModeLexer } from './lexPathMode';
import { matchFloat, matchHomePath, matchPath, matchUri } from './lexScanners';
import { K, SIMPLE, keyword } from './tokenKinds';

/** The largest Nix integer (64-bit signed), as digits. */
const MAX_INT = '9223372036854775807';

export class NormalModeLexer extends PathModeLexer {
  noPathUntil = 0;

  checkInt(start: number, end: number): void {
    const text = this.text;
    let s = start;
    while (s < end - 1 && text.charCodeAt(s) === Ch.D0) s++;
    const n = end - s;
    if (n > 19 || (n === 19 && text.slice(s, end) > MAX_INT)) {
      this.error(start, end, `integer '${text.slice(start, Math.min(end, start + 40))}' is out of the 64-bit range`);
    }
  }

  /** One token (whitespace run, comment, atom, operator) in normal mode. */
  protected normal(text: string, len: number): void {
    const pos = this.pos;
    const c = text.charCodeAt(pos);
    // Whitespace (a BOM is kept inside whitespace so the tokens stay lossless).
    if (c === Ch.SPACE || c === Ch.LF || c === Ch.CR || c === Ch.TAB || c === Ch.BOM) {
      // Nix rejects a byte order mark; it stays trivia here so that the tree is not disturbed.
      if (c === Ch.BOM) this.error(pos, pos + 1, 'unexpected byte order mark (U+FEFF): save the file without it');
      WHITESPACE_RUN.lastIndex = pos + 1;
      WHITESPACE_RUN.test(text);
      this.pushTrivia(K.Whitespace, pos);
      this.pos = WHITESPACE_RUN.lastIndex;
      return;
    }
    if (c < 128) {
      const cls = CLS[c]!;
      if ((cls & CharClass.ID_START) !== 0) {
        ID_REST.lastIndex = pos + 1;
        ID_REST.test(text);
        const j = ID_REST.lastIndex;
        const idLen = j - pos;
        // A path or a URI may be longer than the identifier.
        const d = text.charCodeAt(j);
        if ((d === Ch.SLASH || d === Ch.COLON || d === Ch.DOT || d === Ch.PLUS) && j >= this.noPathUntil) {
          if (this.pathOrUri(text, len, pos, j)) return;
        }
        this.push(idLen <= 7 && idLen >= 2 ? keyword(text, pos, idLen) : K.Ident, pos);
        this.pos = j;
        return;
      }
      if ((cls & CharClass.DIGIT) !== 0) {
        this.number(text, len, pos);
        return;
      }
      const simple = SIMPLE[c]!;
      if (simple !== 0) {
        this.push(simple - 1, pos);
        this.pos = pos + 1;
        return;
      }
    }
    this.other(text, len, c, pos);
  }

  // The rarer tokens in methods of their own: the function above stays small, so the optimizing
  // compiler takes it sooner, and a first sight of a rare token does not throw its code away.

  /**
   * After an identifier text[pos, j) followed by `/`, `:`, `.` or `+`: a path or URI that is
   * longer, entered or pushed (true), or nothing (false).
   */
  private pathOrUri(text: string, len: number, pos: number, j: number): boolean {
    // Both a path and a URI need a `/` or `:` after a run of [a-zA-Z0-9._+-]; when that run
    // ends otherwise, no identifier inside it can start one either (`a.b.c = …`).
    let e = j;
    while (e < len && is(text.charCodeAt(e), CharClass.PATH_CHAR)) e++;
    const f = text.charCodeAt(e);
    if (f !== Ch.SLASH && f !== Ch.COLON) {
      this.noPathUntil = e;
      return false;
    }
    const idLen = j - pos;
    const uriLen = text.charCodeAt(pos) !== 95 ? matchUri(text, pos) : 0;
    const pathLen = matchPath(text, pos);
    if (pathLen > idLen && pathLen >= uriLen) {
      this.enterPath(pos, pathLen);
      return true;
    }
    if (uriLen > idLen) {
      this.push(K.Uri, pos);
      this.pos = pos + uriLen;
      return true;
    }
    return false;
  }

  /** An integer, a float, or a path that starts with digits. */
  private number(text: string, len: number, pos: number): void {
    let j = pos + 1;
    while (j < len && is(text.charCodeAt(j), CharClass.DIGIT)) j++;
    const intLen = j - pos;
    const n = text.charCodeAt(j);
    // Only a `.`, `/`, or path character after the digits can make a float or a path.
    const floatLen = n === Ch.DOT || n === Ch.E || n === Ch.e ? matchFloat(text, pos) : 0;
    const pathLen = n < 128 && (n === Ch.SLASH || (CLS[n]! & CharClass.PATH_CHAR) !== 0) ? matchPath(text, pos) : 0;
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
  }

  /** Braces, strings, comments, paths and operators. */
  private other(text: string, len: number, c: number, pos: number): void {
    const start = pos;
    switch (c) {
      case Ch.LBRACE:
        this.push(K.LBrace, pos);
        this.pos = pos + 1;
        this.modes.push(Mode.Normal);
        return;
      case Ch.RBRACE:
        this.push(K.RBrace, pos);
        this.pos = pos + 1;
        if (this.modes.length > 1) this.modes.pop();
        return;
      case Ch.DOLLAR:
        if (text.charCodeAt(pos + 1) === Ch.LBRACE) {
          this.push(K.DollarBrace, pos);
          this.pos = pos + 2;
          this.modes.push(Mode.Normal);
        } else {
          this.push(K.Error, pos);
          this.pos = pos + 1;
        }
        return;
      case Ch.DQUOTE:
        this.push(K.DQuote, pos);
        this.pos = pos + 1;
        this.modes.push(Mode.Str);
        this.strStart.push(start);
        return;
      case Ch.QUOTE:
        if (text.charCodeAt(pos + 1) === Ch.QUOTE) {
          this.push(K.IndQuote, pos);
          this.pos = pos + 2;
          this.modes.push(Mode.IndStr);
          this.strStart.push(start);
        } else {
          this.push(K.Error, pos);
          this.pos = pos + 1;
        }
        return;
      case Ch.HASH:
        LINE_REST.lastIndex = pos + 1;
        LINE_REST.test(text);
        this.pushTrivia(K.Comment, pos);
        this.pos = LINE_REST.lastIndex;
        return;
      case Ch.SLASH: {
        const n = text.charCodeAt(pos + 1);
        if (n === Ch.STAR) {
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
        if (n === Ch.SLASH) {
          this.push(K.Update, pos);
          this.pos = pos + 2;
        } else {
          this.push(K.Slash, pos);
          this.pos = pos + 1;
        }
        return;
      }
      case Ch.DOT:
      case Ch.PLUS:
      case Ch.MINUS: {
        const n = text.charCodeAt(pos + 1);
        // A path needs a path character or `/` next; a float needs a digit next (after `.`).
        // Inside a run of path characters already known not to end in `/` or `:`, no path starts.
        const pathLen =
          pos >= this.noPathUntil && (n === Ch.SLASH || is(n, CharClass.PATH_CHAR)) ? matchPath(text, pos) : 0;
        const floatLen = c === Ch.DOT && n >= Ch.D0 && n <= Ch.D9 ? matchFloat(text, pos) : 0;
        let opLen = 1;
        let op: K = c === Ch.DOT ? K.Dot : c === Ch.PLUS ? K.Plus : K.Minus;
        if (c === Ch.DOT && n === Ch.DOT && text.charCodeAt(pos + 2) === Ch.DOT) {
          opLen = 3;
          op = K.Ellipsis;
        } else if (c === Ch.PLUS && n === Ch.PLUS) {
          opLen = 2;
          op = K.Concat;
        } else if (c === Ch.MINUS && n === Ch.GT) {
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
      case Ch.TILDE: {
        const n = matchHomePath(text, pos);
        if (n > 0) this.enterPath(pos, n);
        else {
          this.push(K.Error, pos);
          this.pos = pos + 1;
        }
        return;
      }
      case Ch.LT: {
        // <nixpkgs/path>
        let j = pos + 1;
        let ok = false;
        if (is(text.charCodeAt(j), CharClass.PATH_CHAR)) {
          while (j < len && is(text.charCodeAt(j), CharClass.PATH_CHAR)) j++;
          for (;;) {
            const d = text.charCodeAt(j);
            if (d === Ch.SLASH && is(text.charCodeAt(j + 1), CharClass.PATH_CHAR)) {
              j += 2;
              while (j < len && is(text.charCodeAt(j), CharClass.PATH_CHAR)) j++;
            } else {
              ok = d === Ch.GT;
              break;
            }
          }
        }
        if (ok) {
          this.push(K.SearchPath, pos);
          this.pos = j + 1;
        } else {
          const n = text.charCodeAt(pos + 1);
          this.push(n === Ch.EQ ? K.Le : n === Ch.PIPE ? K.PipeL : K.Lt, pos);
          this.pos = pos + (n === Ch.EQ || n === Ch.PIPE ? 2 : 1);
        }
        return;
      }
      case Ch.GT:
      case Ch.EQ:
      case Ch.BANG: {
        const two = text.charCodeAt(pos + 1) === Ch.EQ;
        this.push(c === Ch.GT ? (two ? K.Ge : K.Gt) : c === Ch.EQ ? (two ? K.EqEq : K.Eq) : two ? K.NotEq : K.Not, pos);
        this.pos = pos + (two ? 2 : 1);
        return;
      }
      case Ch.AMP:
        if (text.charCodeAt(pos + 1) === Ch.AMP) {
          this.push(K.AndAnd, pos);
          this.pos = pos + 2;
        } else {
          this.push(K.Error, pos);
          this.pos = pos + 1;
        }
        return;
      case Ch.PIPE: {
        const n = text.charCodeAt(pos + 1);
        if (n === Ch.PIPE || n === Ch.GT) {
          this.push(n === Ch.PIPE ? K.OrOr : K.PipeR, pos);
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
}
