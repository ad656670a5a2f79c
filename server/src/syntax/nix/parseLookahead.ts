/**
 * What the parser decides by looking ahead: which closers enclosing constructs wait for, and where
 * expressions, bindings and lambdas start.
 */
import { ParserCursor } from './parseCursor';
import { K } from './tokenKinds';

export const ATOM_START = new Uint8Array(K.Eof + 1);
for (const k of [
  K.Ident,
  K.Int,
  K.Float,
  K.Path,
  K.PathContent,
  K.SearchPath,
  K.Uri,
  K.DQuote,
  K.IndQuote,
  K.LParen,
  K.LBracket,
  K.LBrace,
  K.Rec,
]) {
  ATOM_START[k] = 1;
}
/** ATOM_START plus the keywords and prefix operators that start an expression. */
export const EXPR_START = ATOM_START.slice();
for (const k of [K.Let, K.If, K.With, K.Assert, K.Not, K.Minus]) EXPR_START[k] = 1;

export class ParserLookahead extends ParserCursor {
  // How many enclosing constructs wait for each closer.
  protected openParen = 0;
  protected openBracket = 0;
  protected openBrace = 0;
  protected openLet = 0;
  protected openIf = 0;
  protected openPattern = 0;

  /** A token that some enclosing construct is waiting for: do not consume it as junk. */
  protected isSync(k: K): boolean {
    switch (k) {
      case K.Semi:
      case K.Eof:
        return true;
      case K.RParen:
        return this.openParen > 0;
      case K.RBracket:
        return this.openBracket > 0;
      case K.RBrace:
        return this.openBrace > 0;
      case K.In:
        return this.openLet > 0;
      case K.Then:
      case K.Else:
        return this.openIf > 0;
      case K.Comma:
        return this.openPattern > 0;
      case K.Inherit:
        return true;
      default:
        return false;
    }
  }

  protected canStartExpr(k: K): boolean {
    return EXPR_START[k] === 1;
  }

  protected isAttrStart(k: K): boolean {
    return k === K.Ident || k === K.Or || k === K.DQuote || k === K.DollarBrace;
  }

  /** Whether the significant token at index i starts `attrpath =` (the start of a binding). */
  protected isBindingStart(i: number): boolean {
    // Fast path: a plain name followed by anything but `.` (`a =` or not a binding).
    if (i < this.nsig && this.sk[i] === K.Ident) {
      const n = this.kindAt(i + 1);
      if (n !== K.Dot) return n === K.Eq;
    }
    const limit = Math.min(this.nsig + 1, i + 64);
    let j = i;
    for (;;) {
      const k = this.kindAt(j);
      if (k === K.Ident || k === K.Or) j++;
      else if (k === K.DQuote) {
        j++;
        while (j < limit && (this.kindAt(j) === K.StrContent || this.kindAt(j) === K.StrEscape)) j++;
        if (this.kindAt(j) !== K.DQuote) return false;
        j++;
      } else if (k === K.DollarBrace) {
        let bal = 1;
        j++;
        while (j < limit && bal > 0) {
          const m = this.kindAt(j);
          if (m === K.DollarBrace || m === K.LBrace) bal++;
          else if (m === K.RBrace) bal--;
          j++;
        }
        if (bal > 0) return false;
      } else return false;
      if (j >= limit) return false;
      const n = this.kindAt(j);
      if (n === K.Eq) return true;
      if (n !== K.Dot) return false;
      j++;
    }
  }

  protected isLambdaStart(): boolean {
    const k = this.peek();
    if (k === K.Ident) {
      const n = this.peek(1);
      return n === K.Colon || n === K.At;
    }
    if (k === K.LBrace) return this.isPatternAt(this.p);
    return false;
  }

  /** Whether the `{` at significant index i opens an argument pattern (not an attribute set). */
  protected isPatternAt(i: number): boolean {
    const a = this.kindAt(i + 1);
    if (a === K.Ellipsis) return true;
    if (a === K.RBrace) {
      const b = this.kindAt(i + 2);
      return b === K.Colon || b === K.At;
    }
    if (a === K.Ident) {
      const b = this.kindAt(i + 2);
      if (b === K.Comma || b === K.Question) return true;
      if (b === K.RBrace) {
        const c = this.kindAt(i + 3);
        return c === K.Colon || c === K.At;
      }
    }
    return false;
  }
}
