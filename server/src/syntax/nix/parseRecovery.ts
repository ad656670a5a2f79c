/**
 * Recovery that is not local to one construct: the nesting limit, and the choice of the lexing to
 * parse when a `"` string is left open.
 */
import { lexCompact, type CompactLex } from './lexer';
import { ParserErrors } from './parseErrors';
import { K } from './tokenKinds';

/**
 * Nesting (of brackets, bodies, prefix operators, operator and application chains) beyond which
 * the parser stops descending: the rest of that region becomes one Error node. Each level costs
 * a bounded number of stack frames, so this is safe on Node's default stack (see the tests).
 */
export const MAX_DEPTH = 1000;

export class ParserRecovery extends ParserErrors {
  protected depth = 0;
  private tooDeepReported = false;

  /** Too deep: wraps the rest of the nested region (up to an unbalanced closer) in an Error node. */
  protected tooDeep(): void {
    this.start('Error');
    if (!this.tooDeepReported) {
      this.tooDeepReported = true;
      this.errors.push({ start: this.sStart(this.p), end: this.sEnd(this.p), message: 'nesting too deep' });
    }
    let bal = 0;
    for (;;) {
      const k = this.peek();
      if (k === K.Eof) break;
      if (k === K.LParen || k === K.LBracket || k === K.LBrace || k === K.DollarBrace) bal++;
      else if (k === K.RParen || k === K.RBracket || k === K.RBrace) {
        if (bal === 0) break;
        bal--;
      }
      this.bump();
    }
    this.finish();
    // Whatever the enclosing constructs miss here is explained by this error.
    this.lastErrAnchor = this.p;
  }
}

/** Picks the lexing used for parsing: a `"` string left open is cut at its line end for recovery. */
export function lexWithRecovery(text: string): CompactLex {
  // The faithful lexing uses the pooled arrays; the (rare) recovery lexings get their own, as
  // `faithful` must stay valid while they run.
  const faithful = lexCompact(text, undefined, true);
  if (faithful.unterminatedStrings.length === 0) return faithful;
  // Strings whose second line looks like code were most likely left open while typing.
  const suspicious = faithful.multilineStrings.filter((s) => looksLikeCodeAfterFirstLine(text, s));
  for (let i = 0; i < suspicious.length && i < 4; i++) {
    const attempt = lexCompact(text, new Set([suspicious[i]!]));
    if (attempt.unterminatedStrings.length === 0) return attempt;
  }
  // Otherwise cut the strings that reach the end of the file (those spanning lines), repeatedly.
  const cut = new Set<number>();
  let lx = faithful;
  for (let i = 0; i < 16 && lx.unterminatedStrings.length > 0; i++) {
    const multi = new Set(lx.multilineStrings);
    let added = 0;
    for (const s of lx.unterminatedStrings) {
      if (multi.has(s) && !cut.has(s)) {
        cut.add(s);
        added++;
      }
    }
    if (added === 0) break;
    lx = lexCompact(text, cut);
  }
  return lx;
}

function looksLikeCodeAfterFirstLine(text: string, quote: number): boolean {
  let i = quote + 1;
  const len = text.length;
  while (i < len && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 32 || c === 9) i++;
    else break;
  }
  const line = text.slice(i, Math.min(len, i + 200));
  return /^(?:[A-Za-z_][\w'-]*(?:\s*\.\s*[A-Za-z_][\w'-]*)*\s*=[^=]|[}\]);]|inherit\b|in\b|let\b|#)/.test(line);
}
