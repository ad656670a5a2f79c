/**
 * Expressions: the forms valid only at the start of one (`assert`, `with`, `let … in`, `if`,
 * lambdas) around the operator chains, and the root of the file.
 */
import type { Node } from './parseCursor';
import { EXPR_START } from './parseLookahead';
import { MAX_DEPTH } from './parseRecovery';
import { OperatorParser } from './parseOperators';
import { K, KIND_NAMES } from './tokenKinds';

export class NixParser extends OperatorParser {
  /**
   * An expression. With `after` (the token it follows) the expression is required: a missing one
   * is reported, junk before it is skipped (one error); returns false when there is none.
   * Recursion runs through parseExpr, parseBinary, parseUnary and parseSelect only (a few frames
   * per nesting level, each level counted in `depth`), so MAX_DEPTH bounds the stack.
   */
  protected parseExpr(after: K = K.Eof): boolean {
    const k = this.peek();
    if (
      after !== K.Eof &&
      !(k === K.DollarBrace || (EXPR_START[k] === 1 && !(k === K.Ident && this.isBindingStart(this.p))))
    ) {
      if (this.isSync(k) || (k === K.Ident && this.isBindingStart(this.p)) || k === K.Or) {
        this.expectedAfterPrev(`expected expression after '${KIND_NAMES[after]!}'`);
        return false;
      }
      // Junk: skip it (one error), then take the expression that follows, if any. This frame is
      // one more per nesting level (`( = ( = (…`): it counts towards the limit like the others.
      this.start('Error');
      this.unexpected();
      while (!this.isSync(this.peek()) && !this.canStartExpr(this.peek()) && this.peek() !== K.DollarBrace) this.bump();
      if (this.canStartExpr(this.peek()) && !(this.peek() === K.Ident && this.isBindingStart(this.p))) {
        if (++this.depth > MAX_DEPTH) this.tooDeep();
        else this.parseExpr();
        this.depth--;
      }
      this.finish();
      return true;
    }
    if (++this.depth > MAX_DEPTH) {
      this.tooDeep();
      this.depth--;
      return true;
    }
    switch (k) {
      case K.Ident: {
        const n = this.peek(1);
        if (n === K.Colon) {
          this.parseIdentLambda();
          this.depth--;
          return true;
        }
        if (n === K.At) {
          this.parsePatternLambda();
          this.depth--;
          return true;
        }
        break;
      }
      case K.LBrace:
        if (this.isPatternAt(this.p)) {
          this.parsePatternLambda();
          this.depth--;
          return true;
        }
        break;
      case K.Assert:
      case K.With: {
        this.start(k === K.Assert ? 'Assert' : 'With');
        this.bump();
        this.parseExpr(k);
        if (this.peek() === K.Semi) this.bump();
        else if (this.peek() === K.Eof || this.isSync(this.peek())) {
          this.expectedAfterPrev(
            k === K.Assert ? "expected ';' after the 'assert' condition" : "expected ';' after the 'with' expression",
          );
        } else this.unexpected();
        this.parseExpr(K.Semi);
        this.finish();
        this.depth--;
        return true;
      }
      case K.Let:
        if (this.peek(1) !== K.LBrace) {
          this.parseLetIn();
          this.depth--;
          return true;
        }
        break;
      case K.If:
        this.parseIf();
        this.depth--;
        return true;
      default:
    }
    // Operators, with the pipe operators (lowest precedence) handled here.
    const cp = this.checkpoint();
    this.parseBinary(0);
    const first = this.peek();
    if (first === K.PipeR || first === K.PipeL) this.parsePipes(cp, first);
    this.depth--;
    return true;
  }

  protected parseIf(): void {
    this.start('IfElse');
    this.bump(); // if
    this.openIf++;
    this.parseExpr(K.If);
    if (this.peek() === K.Then) {
      this.bump();
      this.parseExpr(K.Then);
    } else this.expectedAfterPrev("expected 'then' after the 'if' condition");
    this.openIf--;
    if (this.peek() === K.Else) {
      this.bump();
      this.parseExpr(K.Else);
    } else this.expectedAfterPrev("expected 'else' after the 'then' branch");
    this.finish();
  }

  parseRoot(): Node {
    if (this.peek() === K.Eof) {
      this.error(this.text.length, this.text.length, 'unexpected end of file');
    } else {
      if (this.canStartExpr(this.peek()) || this.peek() === K.DollarBrace) this.parseExpr();
      if (this.peek() !== K.Eof) {
        // Leftovers: keep any bindings in them recognisable, report the first unexpected token.
        this.start('Error');
        this.unexpected();
        while (this.peek() !== K.Eof) {
          const k = this.peek();
          if (this.isAttrStart(k) && this.isBindingStart(this.p)) {
            this.parseBinding();
          } else if (k === K.Inherit) this.parseInherit();
          else this.bump();
        }
        this.finish();
      }
    }
    // Trailing trivia belongs to the root.
    this.attached = this.n;
    this.open('Root', 0, 0);
    const root = this.finish();
    root.start = 0;
    root.end = this.text.length;
    return root;
  }
}
