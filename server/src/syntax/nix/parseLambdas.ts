/** Lambdas: `x: body` and argument patterns `{ a, b ? d, ... } @ args: body`. */
import { BindingParser } from './parseBindings';
import { K } from './tokenKinds';

export abstract class LambdaParser extends BindingParser {
  protected parseIdentLambda(): void {
    this.start('Lambda');
    this.leaf('Ident');
    this.bump(); // ':'
    this.parseExpr(K.Colon);
    this.finish();
  }

  protected parsePatternLambda(): void {
    this.start('Lambda');
    this.start('Pattern');
    if (this.peek() === K.Ident) {
      this.start('PatBind');
      this.leaf('Ident');
      this.bump(); // '@'
      this.finish();
    }
    if (this.peek() === K.LBrace) this.parsePatternBraces();
    else this.error(this.tokStart(), this.sEnd(this.p), "expected '{' after '@'");
    if (this.peek() === K.At) {
      this.start('PatBind');
      this.bump();
      if (this.peek() === K.Ident) {
        this.leaf('Ident');
      } else this.expectedAfterPrev("expected a name after '@'");
      this.finish();
    }
    this.finish();
    if (this.peek() === K.Colon) {
      this.bump();
      this.parseExpr(K.Colon);
    } else this.expectedAfterPrev("expected ':' after the argument pattern");
    this.finish();
  }

  protected parsePatternBraces(): void {
    const open = this.bump(); // '{'
    this.openBrace++;
    this.openPattern++;
    let ellipsis = -1;
    let ellipsisReported = false;
    for (;;) {
      const k = this.peek();
      if (k === K.RBrace || k === K.Eof) break;
      if (k === K.Ellipsis) {
        ellipsis = this.bump();
        if (this.peek() === K.Comma && !ellipsisReported) {
          ellipsisReported = true;
          this.error(
            this.sStart(ellipsis),
            this.sEnd(ellipsis),
            "'...' must be the last entry of the argument pattern",
          );
          this.bump();
        }
        continue;
      }
      if (k === K.Ident) {
        if (ellipsis >= 0 && !ellipsisReported) {
          ellipsisReported = true;
          this.error(this.sStart(this.p), this.sEnd(this.p), "'...' must be the last entry of the argument pattern");
        }
        this.start('PatEntry');
        const name = this.p;
        this.leaf('Ident');
        if (this.peek() === K.Question) {
          this.bump();
          this.parseExpr(K.Question);
        }
        this.finish();
        const n = this.peek();
        if (n === K.Comma) this.bump();
        else if (n !== K.RBrace) {
          if (n === K.Ident) this.expectedAfterPrev(`expected ',' after '${this.sText(name)}'`);
          else if (n === K.Eof || n === K.RParen || n === K.RBracket || n === K.Semi || n === K.In) break;
          else {
            this.start('Error');
            this.unexpected();
            this.bump();
            this.finish();
          }
        }
        continue;
      }
      if (this.isSync(k) && k !== K.Comma) break;
      this.start('Error');
      this.unexpected();
      this.bump();
      this.finish();
    }
    this.openBrace--;
    this.openPattern--;
    this.expectClose(K.RBrace, open);
  }
}
