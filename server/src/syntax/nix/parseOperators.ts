/** Operator precedence: prefix and binary operators, application, and the `|>` / `<|` pipes. */
import { AtomParser } from './parseAtoms';
import { MAX_DEPTH } from './parseRecovery';
import { K } from './tokenKinds';

// Binary operator levels by token kind (higher binds tighter; 0: not a binary operator).
// 7 is `!`, 12 is unary `-`.
const LEVEL = new Uint8Array(K.Eof + 1);
LEVEL[K.Impl] = 1;
LEVEL[K.OrOr] = 2;
LEVEL[K.AndAnd] = 3;
LEVEL[K.EqEq] = 4;
LEVEL[K.NotEq] = 4;
LEVEL[K.Lt] = 5;
LEVEL[K.Gt] = 5;
LEVEL[K.Le] = 5;
LEVEL[K.Ge] = 5;
LEVEL[K.Update] = 6;
LEVEL[K.Plus] = 8;
LEVEL[K.Minus] = 8;
LEVEL[K.Star] = 9;
LEVEL[K.Slash] = 9;
LEVEL[K.Concat] = 10;
LEVEL[K.Question] = 11;
const RIGHT_ASSOC = [false, true, false, false, false, false, true, false, false, false, true, false];
const NON_ASSOC = [false, false, false, false, true, true, false, false, false, false, false, false];

export abstract class OperatorParser extends AtomParser {
  /** The `|>` / `<|` chain after the operand that starts at checkpoint cp. */
  protected parsePipes(cp: number, first: K): void {
    let opened = 0;
    let cpOperand = cp;
    const depth0 = this.depth;
    for (;;) {
      const k = this.peek();
      if (k !== K.PipeR && k !== K.PipeL) break;
      if (k !== first) {
        const t = this.cur();
        this.error(t.start, t.end, "'|>' and '<|' cannot be mixed: add parentheses");
      }
      if (++this.depth > MAX_DEPTH) {
        this.tooDeep();
        break;
      }
      if (first === K.PipeR) {
        this.wrap(cp, 'BinOp');
        this.bump();
        if (!this.parseBinary(0)) this.expectedAfterPrev(`expected expression after '${this.prevText()}'`);
        this.finish();
      } else {
        this.wrap(cpOperand, 'BinOp');
        opened++;
        this.bump();
        cpOperand = this.checkpoint();
        if (!this.parseBinary(0)) {
          this.expectedAfterPrev(`expected expression after '${this.prevText()}'`);
          break;
        }
      }
    }
    while (opened-- > 0) this.finish();
    this.depth = depth0;
  }

  /**
   * Operators at or above `minLevel`, prefix operators and application. Kept small: it is on the
   * recursion path of every nesting level (rare forms are in helpers).
   */
  protected parseBinary(minLevel: number): boolean {
    const cp = this.checkpoint();
    const k = this.peek();
    if (k === K.Not || k === K.Minus) this.parsePrefix(k);
    else if (
      k === K.If ||
      k === K.With ||
      k === K.Assert ||
      (k === K.Let && this.peek(1) !== K.LBrace) ||
      this.isLambdaStart()
    ) {
      this.parseNeedsParens(k);
    } else {
      if (!this.parseSelect()) return false;
      if (this.canStartArg(this.peek())) this.parseApplyChain(cp);
    }
    const level = LEVEL[this.peek()]!;
    if (level !== 0 && level >= minLevel) this.parseOperators(cp, minLevel);
    return true;
  }

  /** The binary operators after the operand that starts at checkpoint cp. */
  protected parseOperators(cp: number, minLevel: number): void {
    const depth0 = this.depth;
    for (;;) {
      const k = this.peek();
      const level = LEVEL[k]!;
      if (level === 0 || level < minLevel) break;
      // Every operator nests the tree one level deeper: bound long chains too.
      if (++this.depth > MAX_DEPTH) {
        this.tooDeep();
        break;
      }
      if (k === K.Question) {
        this.wrap(cp, 'HasAttr');
        this.bump();
        if (this.isAttrStart(this.peek())) this.parseAttrpath();
        else this.expectedAfterPrev("expected an attribute name after '?'");
        this.finish();
        continue;
      }
      if (RIGHT_ASSOC[level]) {
        this.parseRightAssoc(cp, level);
        continue;
      }
      this.wrap(cp, 'BinOp');
      const op = this.bump();
      if (!this.parseBinary(level + 1)) this.expectedAfterPrev(`expected expression after '${this.sText(op)}'`);
      this.finish();
      if (NON_ASSOC[level] && LEVEL[this.peek()] === level) {
        const a = this.sText(op);
        const b = this.sText(this.p);
        this.error(
          this.sStart(this.p),
          this.sEnd(this.p),
          a === b
            ? `'${a}' is not associative: add parentheses`
            : `'${a}' and '${b}' cannot be chained: add parentheses`,
        );
      }
    }
    this.depth = depth0;
  }

  /** A chain of a right-associative operator of `level` (its first operator is next). */
  protected parseRightAssoc(cp: number, level: number): void {
    this.wrap(cp, 'BinOp');
    this.bump();
    let opened = 1;
    for (;;) {
      const cp2 = this.checkpoint();
      if (!this.parseBinary(level + 1)) {
        this.expectedAfterPrev(`expected expression after '${this.prevText()}'`);
        break;
      }
      if (LEVEL[this.peek()] === level) {
        if (++this.depth > MAX_DEPTH) {
          this.tooDeep();
          break;
        }
        this.wrap(cp2, 'BinOp');
        this.bump();
        opened++;
      } else break;
    }
    while (opened-- > 0) this.finish();
  }

  /** `!` or unary `-` and its operand. */
  protected parsePrefix(k: K): void {
    if (++this.depth > MAX_DEPTH) {
      this.tooDeep();
      this.depth--;
      return;
    }
    this.start('UnaryOp');
    const op = this.bump();
    if (!this.parseBinary(k === K.Not ? 8 : 13))
      this.expectedAfterPrev(`expected expression after '${this.sText(op)}'`);
    this.finish();
    this.depth--;
  }

  /** A form valid only at the start of an expression: `1 + if …` needs parentheses in Nix. */
  protected parseNeedsParens(k: K): void {
    const t = this.cur();
    const what =
      k === K.If
        ? "'if' expression"
        : k === K.With
          ? "'with' expression"
          : k === K.Assert
            ? "'assert' expression"
            : k === K.Let
              ? "'let' expression"
              : 'function';
    this.error(t.start, t.end, `this ${what} must be in parentheses here`);
    this.start('Error');
    this.parseExpr();
    this.finish();
  }

  /** Application: arguments after the function that starts at checkpoint cp. */
  protected parseApplyChain(cp: number): void {
    const depth0 = this.depth;
    while (this.canStartArg(this.peek())) {
      if (++this.depth > MAX_DEPTH) {
        this.tooDeep();
        break;
      }
      this.wrap(cp, 'Apply');
      this.parseSelect();
      this.finish();
    }
    this.depth = depth0;
  }
}
