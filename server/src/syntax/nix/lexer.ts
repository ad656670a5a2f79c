/**
 * Hand-written, mode-aware lexer for Nix. Every UTF-16 code unit of the input ends up in exactly
 * one token (trivia included), so the tokens concatenated give back the input.
 *
 * It follows the reference lexer (NixOS/nix lexer.l): a stack of modes where `{` and `${` push the
 * normal mode and `}` pops, strings and indented strings are modes of their own, and a path
 * followed by `${` continues as a path after the interpolation.
 */
import { CharClass, Ch, CLS, ID_REST, WHITESPACE_RUN } from './charClasses';
import { Mode, type CompactLex } from './lexBuffer';
import { NormalModeLexer } from './lexNormalMode';
import { K, KIND_NAMES, keyword, newToken, type Token } from './tokenKinds';
import type { NixSyntaxError } from './tree';

export type { CompactLex } from './lexBuffer';
export { K, type Token } from './tokenKinds';

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

/**
 * Lexes `text`. `cutStrings` lists start offsets of `"` strings that must end (unterminated) at the
 * end of their first line: the parser uses it to recover from a string left open while typing.
 */
export function lex(text: string, cutStrings?: ReadonlySet<number>): LexResult {
  const c = lexCompact(text, cutStrings, true);
  const tokens: Token[] = new Array<Token>(c.n);
  for (let i = 0; i < c.n; i++) tokens[i] = newToken(KIND_NAMES[c.kinds[i]!]!, c.starts[i]!, c.starts[i + 1]!);
  const sig: number[] = Array.from(c.sig.subarray(0, c.nsig + 1));
  return {
    tokens,
    sig,
    errors: c.errors,
    unterminatedStrings: c.unterminatedStrings,
    multilineStrings: c.multilineStrings,
  };
}

/** The mode-stack driver: dispatches to the mode on top of the stack and closes what is left open. */
class Lexer extends NormalModeLexer {
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
          if (c === Ch.SPACE || c === Ch.LF) {
            const start = pos;
            WHITESPACE_RUN.lastIndex = pos + 1;
            WHITESPACE_RUN.test(text);
            pos = WHITESPACE_RUN.lastIndex;
            this.pushTrivia(K.Whitespace, start);
            continue;
          }
          if (c < 128 && (CLS[c]! & CharClass.ID_START) !== 0) {
            ID_REST.lastIndex = pos + 1;
            ID_REST.test(text);
            const j = ID_REST.lastIndex;
            const d = text.charCodeAt(j);
            // Followed by what cannot continue it as a path or URI: an identifier or keyword.
            if (!(d === Ch.SLASH || d === Ch.COLON || d === Ch.DOT || d === Ch.PLUS) || j < this.noPathUntil) {
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
      } else if (mode === Mode.Str) this.str(text, len);
      else if (mode === Mode.IndStr) this.indStr(text, len);
      else this.path(text, len);
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
        if (!reportedEof)
          this.error(open, len, mode === Mode.Str ? 'unterminated string' : 'unterminated indented string');
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
}

/**
 * The tokens of `text` in typed arrays (what the parser uses); see `lex`. With `pooled`, the arrays
 * may be shared with the previous and the next pooled call: the result is only valid until then.
 */
export function lexCompact(text: string, cutStrings?: ReadonlySet<number>, pooled = false): CompactLex {
  return new Lexer(text, cutStrings, pooled).run();
}
