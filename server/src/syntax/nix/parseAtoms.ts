/** Atoms (names, literals, parentheses, lists, attribute sets) with their `.` selections. */
import { LambdaParser } from './parseLambdas';
import { ATOM_START } from './parseLookahead';
import { MAX_DEPTH } from './parseRecovery';
import { K } from './tokenKinds';

export abstract class AtomParser extends LambdaParser {
  protected canStartArg(k: K): boolean {
    if (ATOM_START[k] === 1) return (k !== K.Ident && k !== K.DQuote) || !this.isBindingStart(this.p);
    return k === K.Let && this.peek(1) === K.LBrace;
  }

  protected parseSelect(): boolean {
    const cp = this.checkpoint();
    // The atom.
    switch (this.peek()) {
      case K.Ident:
        if (this.isBindingStart(this.p)) return false;
        this.leaf('Ident');
        break;
      case K.Int:
      case K.Float:
      case K.Uri:
      case K.Path:
      case K.SearchPath:
        this.leaf('Literal');
        break;
      case K.PathContent:
        this.parsePath();
        break;
      case K.DQuote:
      case K.IndQuote:
        this.parseString();
        break;
      case K.LParen: {
        // Inline, like `inherit (x)` in parseInherit: a helper would be one more stack frame per
        // nesting level of parentheses, and the nesting limit is measured against the frames.
        this.start('Paren');
        const open = this.bump();
        this.openParen++;
        this.parseExpr(K.LParen);
        this.openParen--;
        this.expectClose(K.RParen, open);
        this.finish();
        break;
      }
      case K.LBracket:
        this.parseList();
        break;
      case K.LBrace:
        this.start('AttrSet');
        this.parseBraces();
        this.finish();
        break;
      case K.Rec:
        this.start('AttrSet');
        this.bump();
        if (this.peek() === K.LBrace) this.parseBraces();
        else this.expectedAfterPrev("expected '{' after 'rec'");
        this.finish();
        break;
      case K.Let:
        if (this.peek(1) !== K.LBrace) return false;
        this.start('LegacyLet');
        this.bump();
        this.parseBraces();
        this.finish();
        break;
      case K.DollarBrace: {
        // Interpolation is not an expression on its own (only in strings, paths, attribute names).
        const t = this.cur();
        this.error(
          t.start,
          t.end,
          "unexpected '${': interpolation is only allowed in strings, paths and attribute names",
        );
        this.start('Error');
        this.parseInterpolation('Dynamic');
        this.finish();
        break;
      }
      default:
        return false;
    }
    const k = this.peek();
    if (k === K.Dot) {
      this.wrap(cp, 'Select');
      this.bump();
      if (this.isAttrStart(this.peek())) this.parseAttrpath();
      else this.expectedAfterPrev("expected an attribute name after '.'");
      if (this.peek() === K.Or) {
        this.bump();
        if (++this.depth > MAX_DEPTH) this.tooDeep();
        else if (!(this.canStartArg(this.peek()) && this.parseSelect()))
          this.expectedAfterPrev("expected expression after 'or'");
        this.depth--;
      }
      this.finish();
    } else if (k === K.Or) {
      // `f or` applies f to a variable named `or` (kept for compatibility by Nix).
      this.wrap(cp, 'Apply');
      this.leaf('Ident');
      this.finish();
    }
    return true;
  }

  protected parseList(): void {
    if (++this.depth > MAX_DEPTH) {
      this.tooDeep();
      this.depth--;
      return;
    }
    this.start('List');
    const open = this.bump();
    this.openBracket++;
    for (;;) {
      const k = this.peek();
      if (k === K.RBracket || k === K.Eof) break;
      if (this.canStartArg(k)) {
        this.parseSelect();
        continue;
      }
      if (this.isSync(k) || (k === K.Ident && this.isBindingStart(this.p))) break;
      const t = this.cur();
      if (this.canStartExpr(k) || k === K.Let) {
        this.error(t.start, t.end, 'this list element must be in parentheses');
        this.start('Error');
        this.parseExpr();
        this.finish();
        continue;
      }
      this.start('Error');
      this.unexpected();
      this.bump();
      this.finish();
    }
    this.openBracket--;
    this.expectClose(K.RBracket, open);
    this.finish();
    this.depth--;
  }
}
