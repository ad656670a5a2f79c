/** The lexer's `"` string and `''` indented-string modes. */
import { Ch, IND_STR_PLAIN, STR_PLAIN } from './charClasses';
import { LexerBuffer, Mode } from './lexBuffer';
import { K } from './tokenKinds';

export class StringModeLexer extends LexerBuffer {
  readonly unterminatedStrings: number[] = [];
  readonly multilineStrings: number[] = [];
  // For each open string mode: the offset of its opening quote.
  readonly strStart: number[] = [];

  /** Content up to the next escape, interpolation or end of a `"` string, and what stops it. */
  protected str(text: string, len: number): void {
    const open = this.strStart[this.strStart.length - 1]!;
    const cut = this.cutStrings !== undefined && this.cutStrings.has(open);
    let pos = this.pos;
    const start = pos;
    let crossed = false;
    let stop = -1; // 0 closing quote, 1 escape, 2 interpolation, 3 cut at line end
    while (pos < len) {
      STR_PLAIN.lastIndex = pos;
      STR_PLAIN.test(text);
      pos = STR_PLAIN.lastIndex;
      if (pos >= len) break;
      const c = text.charCodeAt(pos);
      if (c === Ch.DQUOTE) {
        stop = 0;
        break;
      }
      if (c === Ch.BACKSLASH) {
        stop = 1;
        break;
      }
      if (c === Ch.DOLLAR) {
        const n = text.charCodeAt(pos + 1);
        if (n === Ch.LBRACE) {
          stop = 2;
          break;
        }
        pos += n === Ch.DOLLAR ? 2 : 1;
        continue;
      }
      if (c === Ch.LF || c === Ch.CR) {
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
  protected indStr(text: string, len: number): void {
    let pos = this.pos;
    const start = pos;
    let stop = -1; // 0 close, 1 escape (length in escLen), 2 interpolation
    let escLen = 0;
    while (pos < len) {
      IND_STR_PLAIN.lastIndex = pos;
      IND_STR_PLAIN.test(text);
      pos = IND_STR_PLAIN.lastIndex;
      if (pos >= len) break;
      const c = text.charCodeAt(pos);
      if (c === Ch.QUOTE) {
        if (text.charCodeAt(pos + 1) === Ch.QUOTE) {
          const n = text.charCodeAt(pos + 2);
          if (n === Ch.DOLLAR || n === Ch.QUOTE) {
            stop = 1;
            escLen = 3;
          } else if (n === Ch.BACKSLASH) {
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
      if (c === Ch.DOLLAR) {
        const n = text.charCodeAt(pos + 1);
        if (n === Ch.LBRACE) {
          stop = 2;
          break;
        }
        pos += n === Ch.DOLLAR ? 2 : 1;
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
