/** Strings, indented strings, paths and the interpolations in them (and in attribute names). */
import { MAX_DEPTH, ParserRecovery } from './parseRecovery';
import { K } from './tokenKinds';

export abstract class StringParser extends ParserRecovery {
  protected abstract parseExpr(after?: K): boolean;

  protected parsePath(): void {
    this.start('Path');
    let end = -1;
    for (;;) {
      const k = this.peek();
      if (k === K.Eof || (end >= 0 && this.sStart(this.p) !== end)) break;
      if (k === K.PathContent) {
        end = this.sEnd(this.p);
        this.bump();
      } else if (k === K.DollarBrace) {
        this.parseInterpolation('Interpolation');
        end = this.prevEnd();
      } else break;
    }
    this.finish();
  }

  protected parseString(): void {
    const indented = this.peek() === K.IndQuote;
    this.start(indented ? 'IndentedString' : 'String');
    const close: K = indented ? K.IndQuote : K.DQuote;
    this.bump();
    for (;;) {
      const k = this.peek();
      if (k === K.StrContent || k === K.StrEscape) this.bump();
      else if (k === K.DollarBrace) this.parseInterpolation('Interpolation');
      else if (k === close) {
        this.bump();
        break;
      } else {
        // Unterminated: the lexer reported it; stay quiet about what follows here.
        this.lastErrAnchor = this.p;
        break;
      }
    }
    this.finish();
  }

  protected parseInterpolation(kind: 'Interpolation' | 'Dynamic'): void {
    if (++this.depth > MAX_DEPTH) {
      this.tooDeep();
      this.depth--;
      return;
    }
    this.start(kind);
    const open = this.bump();
    this.openBrace++;
    this.parseExpr(K.DollarBrace);
    this.openBrace--;
    this.expectClose(K.RBrace, open);
    this.finish();
    this.depth--;
  }
}
