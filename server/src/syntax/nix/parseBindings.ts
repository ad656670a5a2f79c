/** Bindings: attribute sets and legacy `let { }`, attribute paths, `inherit`, and `let … in`. */
import type { Node } from './parseCursor';
import { MAX_DEPTH } from './parseRecovery';
import { StringParser } from './parseStrings';
import { K } from './tokenKinds';

export abstract class BindingParser extends StringParser {
  /** `{ bindings }` of an attribute set or legacy let. */
  protected parseBraces(): void {
    if (++this.depth > MAX_DEPTH) {
      this.tooDeep();
      this.depth--;
      return;
    }
    const open = this.bump(); // '{'
    this.openBrace++;
    this.parseBindings(K.RBrace);
    this.openBrace--;
    this.expectClose(K.RBrace, open);
    this.depth--;
  }

  protected parseBindings(closer: K.RBrace | K.In): void {
    for (;;) {
      const k = this.peek();
      if (k === closer || k === K.Eof) return;
      if (this.isAttrStart(k)) {
        this.parseBinding();
        continue;
      }
      if (k === K.Inherit) {
        this.parseInherit();
        continue;
      }
      if (k !== K.Semi && this.isSync(k)) return;
      // Junk: skip up to a `;` (included) or to what can start a binding.
      this.start('Error');
      this.unexpected();
      this.bump();
      for (;;) {
        const m = this.peek();
        if (m === K.Semi) {
          this.bump();
          break;
        }
        if (m === closer || m === K.Inherit || (m === K.Ident && this.isBindingStart(this.p)) || this.isSync(m)) break;
        if (m === K.DQuote || m === K.DollarBrace) {
          if (this.isBindingStart(this.p)) break;
        }
        this.bump();
      }
      this.finish();
    }
  }

  protected parseAttrpath(): Node {
    this.start('Attrpath');
    this.parseAttr();
    while (this.peek() === K.Dot) {
      this.bump();
      if (this.isAttrStart(this.peek())) this.parseAttr();
      else {
        this.expectedAfterPrev("expected an attribute name after '.'");
        break;
      }
    }
    return this.finish();
  }

  protected parseAttr(): void {
    const k = this.peek();
    if (k === K.Ident || k === K.Or) {
      this.leaf('Ident');
    } else if (k === K.DQuote) this.parseString();
    else this.parseInterpolation('Dynamic');
  }

  protected attrpathName(n: Node): string {
    let s = this.text.slice(n.start, n.end).replace(/\s+/g, ' ');
    if (s.length > 40) s = s.slice(0, 40) + '…';
    return s;
  }

  protected parseBinding(): void {
    this.start('AttrpathValue');
    const path = this.parseAttrpath();

    if (this.peek() === K.Eq) {
      this.bump();
      this.parseExpr(K.Eq);
      if (this.peek() === K.Semi) this.bump();
      else {
        const m = this.peek();
        if (m === K.Eof && (this.openBrace > 0 || this.openLet > 0)) {
          // The enclosing `{` or `let` reports the end of file.
        } else if (m === K.Eof || this.isSync(m) || m === K.RBrace || this.isAttrStart(m)) {
          this.expectedAfterPrev(`expected ';' after the binding of '${this.attrpathName(path)}'`);
        } else {
          this.skipJunkToSemi();
        }
      }
    } else {
      if (this.peek() === K.Eof) this.error(this.text.length, this.text.length, 'unexpected end of file');
      else this.expectedAfterPrev(`expected '=' after '${this.attrpathName(path)}'`);
      if (this.peek() === K.Semi) this.bump();
    }
    this.finish();
  }

  /** Junk where a `;` should end a binding or `inherit`: one error, skipped up to that `;` (taken) or the next binding. */
  protected skipJunkToSemi(): void {
    this.start('Error');
    this.unexpected();
    while (!this.isSync(this.peek()) && !(this.peek() === K.Ident && this.isBindingStart(this.p))) this.bump();
    this.finish();
    if (this.peek() === K.Semi) this.bump();
  }

  protected parseInherit(): void {
    this.start('Inherit');
    this.bump(); // inherit
    if (this.peek() === K.LParen) {
      this.start('InheritFrom');
      const open = this.bump();
      this.openParen++;
      this.parseExpr(K.LParen);
      this.openParen--;
      this.expectClose(K.RParen, open);
      this.finish();
    }
    for (;;) {
      const k = this.peek();
      if (!this.isAttrStart(k)) break;
      if (this.isBindingStart(this.p)) break;
      this.parseAttr();
    }
    if (this.peek() === K.Semi) this.bump();
    else if (
      this.peek() === K.Eof ||
      this.isSync(this.peek()) ||
      this.peek() === K.RBrace ||
      this.isBindingStart(this.p)
    ) {
      this.expectedAfterPrev("expected ';' after 'inherit'");
    } else {
      this.skipJunkToSemi();
    }
    this.finish();
  }

  protected parseLetIn(): void {
    this.start('LetIn');
    this.bump(); // let
    this.openLet++;
    this.parseBindings(K.In);
    this.openLet--;
    if (this.peek() === K.In) {
      this.bump();
      this.parseExpr(K.In);
    } else if (this.peek() === K.Eof)
      this.error(
        this.text.length,
        this.text.length,
        "unexpected end of file: expected 'in' after the bindings of 'let'",
      );
    else this.expectedAfterPrev("expected 'in' after the bindings of 'let'");
    this.finish();
  }
}
