/**
 * Error-tolerant recursive-descent / Pratt parser for Nix producing the lossless tree of tree.ts.
 *
 * It never throws and never loops without consuming: every loop either bumps a token or exits.
 * Recovery keeps damage local: bindings are re-synchronised on `;`, `}` and on the lookahead
 * "attribute path followed by `=`"; a `"` string left open while typing is cut at its line end.
 */
import { K, KIND_NAMES, lexCompact, newToken, type CompactLex } from './lexer';
import type { NixElement, NixNode, NixParseResult, NixSyntaxError, NodeKind } from './tree';

interface Node extends NixNode {
  start: number;
  end: number;
}

function newNode(kind: NodeKind, children: NixElement[]): Node {
  return { type: 'node', kind, start: 0, end: 0, children, parent: undefined };
}

const EMPTY: ReadonlySet<number> = new Set();

/**
 * Nesting (of brackets, bodies, prefix operators, operator and application chains) beyond which
 * the parser stops descending: the rest of that region becomes one Error node. Each level costs
 * a bounded number of stack frames, so this is safe on Node's default stack (see the tests).
 */
const MAX_DEPTH = 1000;

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

const ATOM_START = new Uint8Array(K.Eof + 1);
for (const k of [K.Ident, K.Int, K.Float, K.Path, K.PathContent, K.SearchPath, K.Uri, K.DQuote, K.IndQuote, K.LParen, K.LBracket, K.LBrace, K.Rec]) {
  ATOM_START[k] = 1;
}
/** ATOM_START plus the keywords and prefix operators that start an expression. */
const EXPR_START = ATOM_START.slice();
for (const k of [K.Let, K.If, K.With, K.Assert, K.Not, K.Minus]) EXPR_START[k] = 1;

/** Slack after the last significant token in `sk` (read as end of file). */
const PAD = 4;
/** Size up to which the parser's `sk` array is kept for the next parse. */
const SK_POOL_MAX = 1 << 20;
let skPool: Uint8Array | undefined;

class Parser {
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  /** Indices (into the lexer's tokens) of the significant (non-trivia) tokens, then n. */
  private readonly sig: Int32Array;
  private readonly nsig: number;
  /** Number of tokens (trivia included). */
  private readonly n: number;
  /** Kind of each significant token, then PAD times K.Eof. */
  private readonly sk: Uint8Array;
  private p = 0;
  /** Next token (index into the lexer's tokens) not yet attached to a node. */
  private attached = 0;
  private readonly scratch: NixElement[] = [];
  /** Used length of scratch (it is never shrunk: shrinking a big array reallocates it). */
  private top = 0;
  private readonly frameKinds: NodeKind[] = [];
  private readonly frameAt: number[] = [];
  readonly errors: NixSyntaxError[] = [];
  private lastErrAnchor = -1;
  private depth = 0;
  private tooDeepReported = false;
  // How many enclosing constructs wait for each closer.
  private openParen = 0;
  private openBracket = 0;
  private openBrace = 0;
  private openLet = 0;
  private openIf = 0;
  private openPattern = 0;
  private readonly lexErrorEnds: ReadonlySet<number>;

  constructor(
    private readonly text: string,
    lx: CompactLex,
  ) {
    this.kinds = lx.kinds;
    this.starts = lx.starts;
    this.sig = lx.sig;
    this.nsig = lx.nsig;
    this.n = lx.n;
    // Reused from the previous parse when big enough (parses do not overlap: parseNix is synchronous).
    let sk = skPool;
    if (sk === undefined || sk.length < lx.nsig + PAD) {
      sk = new Uint8Array(Math.max(lx.nsig + PAD, 4096) * 2);
      if (sk.length <= SK_POOL_MAX) skPool = sk;
    }
    for (let i = 0; i < lx.nsig; i++) sk[i] = lx.kinds[lx.sig[i]!]!;
    sk.fill(K.Eof, lx.nsig, lx.nsig + PAD);
    this.sk = sk;
    this.lexErrorEnds = lx.errors.length === 0 ? EMPTY : new Set(lx.errors.map((e) => e.end));
  }

  // ---- token access -------------------------------------------------------------------------

  private peek(k = 0): K {
    return this.sk[this.p + k]!;
  }

  private kindAt(i: number): K {
    return i < this.nsig ? this.sk[i]! : K.Eof;
  }

  /** Start offset of the significant token i (the text length past the last one). */
  private sStart(i: number): number {
    return i < this.nsig ? this.starts[this.sig[i]!]! : this.text.length;
  }

  private sEnd(i: number): number {
    return i < this.nsig ? this.starts[this.sig[i]! + 1]! : this.text.length;
  }

  /** Offsets of the current significant token. */
  private cur(): { start: number; end: number } {
    return { start: this.sStart(this.p), end: this.sEnd(this.p) };
  }

  private tokStart(k = 0): number {
    return this.sStart(this.p + k);
  }

  private sText(i: number): string {
    return this.text.slice(this.sStart(i), this.sEnd(i));
  }

  /** The token object of lexer token i (made here, when the token is placed in the tree). */
  private token(i: number): NixElement {
    return newToken(KIND_NAMES[this.kinds[i]!]!, this.starts[i]!, this.starts[i + 1]!);
  }

  private flushTrivia(): void {
    const upto = this.sig[this.p]!;
    while (this.attached < upto) this.scratch[this.top++] = this.token(this.attached++);
  }

  /** Consumes the current significant token; returns its significant index. */
  private bump(): number {
    const upto = this.sig[this.p]!;
    while (this.attached < upto) this.scratch[this.top++] = this.token(this.attached++);
    this.scratch[this.top++] = this.token(upto);
    this.attached = upto + 1;
    return this.p++;
  }

  /** A node of one token (Ident, Literal): built directly, with an exact-size child array. */
  private leaf(kind: NodeKind): void {
    const upto = this.sig[this.p]!;
    while (this.attached < upto) this.scratch[this.top++] = this.token(this.attached++);
    const t = this.token(upto);
    const n = newNode(kind, [t]);
    n.start = t.start;
    n.end = t.end;
    t.parent = n;
    this.scratch[this.top++] = n;
    this.attached = upto + 1;
    this.p++;
  }

  /** End offset of the last consumed significant token (0 at the start). */
  private prevEnd(): number {
    return this.p > 0 ? this.sEnd(this.p - 1) : 0;
  }

  // ---- tree building ------------------------------------------------------------------------

  // Children of the open nodes live on one scratch stack; a node takes its slice when finished.
  private start(kind: NodeKind): void {
    this.flushTrivia();
    this.frameKinds.push(kind);
    this.frameAt.push(this.top);
  }

  private checkpoint(): number {
    this.flushTrivia();
    return this.top;
  }

  /** Opens a node of `kind` that adopts what was parsed since checkpoint `cp`. */
  private wrap(cp: number, kind: NodeKind): void {
    this.frameKinds.push(kind);
    this.frameAt.push(cp);
  }

  private finish(): Node {
    const kind = this.frameKinds.pop()!;
    const at = this.frameAt.pop()!;
    const count = this.top - at;
    const scratch = this.scratch;
    let ch: NixElement[];
    // Small child arrays as literals: packed, exact size, and their allocation sites can be pretenured.
    switch (count) {
      case 1:
        ch = [scratch[at]!];
        break;
      case 2:
        ch = [scratch[at]!, scratch[at + 1]!];
        break;
      case 3:
        ch = [scratch[at]!, scratch[at + 1]!, scratch[at + 2]!];
        break;
      case 4:
        ch = [scratch[at]!, scratch[at + 1]!, scratch[at + 2]!, scratch[at + 3]!];
        break;
      case 5:
        ch = [scratch[at]!, scratch[at + 1]!, scratch[at + 2]!, scratch[at + 3]!, scratch[at + 4]!];
        break;
      case 6:
        ch = [scratch[at]!, scratch[at + 1]!, scratch[at + 2]!, scratch[at + 3]!, scratch[at + 4]!, scratch[at + 5]!];
        break;
      case 7:
        ch = [scratch[at]!, scratch[at + 1]!, scratch[at + 2]!, scratch[at + 3]!, scratch[at + 4]!, scratch[at + 5]!, scratch[at + 6]!];
        break;
      default:
        ch = new Array<NixElement>(count);
        for (let i = 0; i < count; i++) ch[i] = scratch[at + i]!;
    }
    const n = newNode(kind, ch);
    for (let i = 0; i < count; i++) ch[i]!.parent = n;
    this.top = at;
    if (count > 0) {
      n.start = ch[0]!.start;
      n.end = ch[count - 1]!.end;
    } else n.start = n.end = this.prevEnd();
    scratch[this.top++] = n;
    return n;
  }

  // ---- errors -------------------------------------------------------------------------------

  /** Reports an error anchored at the current token; one error per anchor (no cascades). */
  private error(start: number, end: number, message: string): void {
    if (this.p === this.lastErrAnchor) return;
    this.lastErrAnchor = this.p;
    // An unterminated string or comment at the end of the file already explains a missing end.
    if (this.peek() === K.Eof && this.lexErrorEnds.has(this.text.length)) return;
    this.errors.push({ start, end, message });
  }

  private describe(k = 0): string {
    const i = this.p + k;
    if (this.kindAt(i) === K.Eof) return 'end of file';
    let s = this.sText(i);
    if (s.length > 30) s = s.slice(0, 30) + '…';
    s = s.replace(/\r?\n/g, '\\n');
    if (this.kindAt(i) === K.Error) {
      const c = s.charCodeAt(0);
      if (c === 0) return 'NUL byte';
      if (c < 32 || (c >= 0x7f && c < 0xa0)) return `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      return `character \`${s}\``;
    }
    return `\`${s}\``;
  }

  private unexpected(k = 0): void {
    const i = this.p + k;
    this.error(this.sStart(i), this.sEnd(i), `unexpected ${this.describe(k)}`);
  }

  /** "expected X" reported on the previous token (where the missing piece belongs). */
  private expectedAfterPrev(message: string): void {
    if (this.p === 0) this.error(0, 0, message);
    else this.error(this.sStart(this.p - 1), this.sEnd(this.p - 1), message);
  }

  private prevText(): string {
    return this.p === 0 ? '' : this.sText(this.p - 1);
  }

  /** Closes with `close` the construct opened by the significant token `open`. */
  private expectClose(close: K, open: number): boolean {
    if (this.peek() === close) {
      this.bump();
      return true;
    }
    const o = this.sText(open);
    const s = this.sStart(open);
    const e = this.sEnd(open);
    if (this.peek() === K.Eof) this.error(s, e, `unexpected end of file: this \`${o}\` is not closed`);
    else if (this.isSync(this.peek()) || this.isBindingStart(this.p)) this.error(s, e, `expected '${KIND_NAMES[close]!}' to close this \`${o}\``);
    else this.unexpected();
    return false;
  }

  // ---- classification -----------------------------------------------------------------------

  /** A token that some enclosing construct is waiting for: do not consume it as junk. */
  private isSync(k: K): boolean {
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

  private canStartExpr(k: K): boolean {
    return EXPR_START[k] === 1;
  }

  private isAttrStart(k: K): boolean {
    return k === K.Ident || k === K.Or || k === K.DQuote || k === K.DollarBrace;
  }

  /** Whether the significant token at index i starts `attrpath =` (the start of a binding). */
  private isBindingStart(i: number): boolean {
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

  private isLambdaStart(): boolean {
    const k = this.peek();
    if (k === K.Ident) {
      const n = this.peek(1);
      return n === K.Colon || n === K.At;
    }
    if (k === K.LBrace) return this.isPatternAt(this.p);
    return false;
  }

  /** Whether the `{` at significant index i opens an argument pattern (not an attribute set). */
  private isPatternAt(i: number): boolean {
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

  // ---- depth guard --------------------------------------------------------------------------

  /** Too deep: wraps the rest of the nested region (up to an unbalanced closer) in an Error node. */
  private tooDeep(): void {
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

  // ---- expressions --------------------------------------------------------------------------

  /**
   * An expression. With `after` (the token it follows) the expression is required: a missing one
   * is reported, junk before it is skipped (one error); returns false when there is none.
   * Recursion runs through parseExpr, parseBinary, parseUnary and parseSelect only (a few frames
   * per nesting level, each level counted in `depth`), so MAX_DEPTH bounds the stack.
   */
  parseExpr(after: K = K.Eof): boolean {
    const k = this.peek();
    if (after !== K.Eof && !(k === K.DollarBrace || (EXPR_START[k] === 1 && !(k === K.Ident && this.isBindingStart(this.p))))) {
      if (this.isSync(k) || (k === K.Ident && this.isBindingStart(this.p)) || k === K.Or) {
        this.expectedAfterPrev(`expected expression after \`${KIND_NAMES[after]!}\``);
        return false;
      }
      // Junk: skip it (one error), then take the expression that follows, if any.
      this.start('Error');
      this.unexpected();
      while (!this.isSync(this.peek()) && !this.canStartExpr(this.peek()) && this.peek() !== K.DollarBrace) this.bump();
      if (this.canStartExpr(this.peek()) && !(this.peek() === K.Ident && this.isBindingStart(this.p))) this.parseExpr();
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
          this.expectedAfterPrev(k === K.Assert ? "expected ';' after the `assert` condition" : "expected ';' after the `with` expression");
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

  /** The `|>` / `<|` chain after the operand that starts at checkpoint cp. */
  private parsePipes(cp: number, first: K): void {
    let opened = 0;
    let cpOperand = cp;
    const depth0 = this.depth;
    for (;;) {
      const k = this.peek();
      if (k !== K.PipeR && k !== K.PipeL) break;
      if (k !== first) {
        const t = this.cur();
        this.error(t.start, t.end, '`|>` and `<|` cannot be mixed: add parentheses');
      }
      if (++this.depth > MAX_DEPTH) {
        this.tooDeep();
        break;
      }
      if (first === K.PipeR) {
        this.wrap(cp, 'BinOp');
        this.bump();
        if (!this.parseBinary(0)) this.expectedAfterPrev(`expected expression after \`${this.prevText()}\``);
        this.finish();
      } else {
        this.wrap(cpOperand, 'BinOp');
        opened++;
        this.bump();
        cpOperand = this.checkpoint();
        if (!this.parseBinary(0)) {
          this.expectedAfterPrev(`expected expression after \`${this.prevText()}\``);
          break;
        }
      }
    }
    while (opened-- > 0) this.finish();
    this.depth = depth0;
  }

  private parseIdentLambda(): void {
    this.start('Lambda');
    this.leaf('Ident');
    this.bump(); // ':'
    this.parseExpr(K.Colon);
    this.finish();
  }

  private parsePatternLambda(): void {
    this.start('Lambda');
    this.start('Pattern');
    if (this.peek() === K.Ident) {
      this.start('PatBind');
      this.leaf('Ident');
      this.bump(); // '@'
      this.finish();
    }
    if (this.peek() === K.LBrace) this.parsePatternBraces();
    else this.error(this.tokStart(), this.sEnd(this.p), "expected '{' after `@`");
    if (this.peek() === K.At) {
      this.start('PatBind');
      this.bump();
      if (this.peek() === K.Ident) {
        this.leaf('Ident');
      } else this.expectedAfterPrev('expected a name after `@`');
      this.finish();
    }
    this.finish();
    if (this.peek() === K.Colon) {
      this.bump();
      this.parseExpr(K.Colon);
    } else this.expectedAfterPrev("expected ':' after the argument pattern");
    this.finish();
  }

  private parsePatternBraces(): void {
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
          this.error(this.sStart(ellipsis), this.sEnd(ellipsis), '`...` must be the last entry of the argument pattern');
          this.bump();
        }
        continue;
      }
      if (k === K.Ident) {
        if (ellipsis >= 0 && !ellipsisReported) {
          ellipsisReported = true;
          this.error(this.sStart(this.p), this.sEnd(this.p), '`...` must be the last entry of the argument pattern');
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
          if (n === K.Ident) this.expectedAfterPrev(`expected ',' after \`${this.sText(name)}\``);
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

  private parseLetIn(): void {
    this.start('LetIn');
    this.bump(); // let
    this.openLet++;
    this.parseBindings(K.In);
    this.openLet--;
    if (this.peek() === K.In) {
      this.bump();
      this.parseExpr(K.In);
    } else if (this.peek() === K.Eof) this.error(this.text.length, this.text.length, 'unexpected end of file: expected `in` after the bindings of `let`');
    else this.expectedAfterPrev("expected 'in' after the bindings of `let`");
    this.finish();
  }

  private parseIf(): void {
    this.start('IfElse');
    this.bump(); // if
    this.openIf++;
    this.parseExpr(K.If);
    if (this.peek() === K.Then) {
      this.bump();
      this.parseExpr(K.Then);
    } else this.expectedAfterPrev("expected 'then' after the `if` condition");
    this.openIf--;
    if (this.peek() === K.Else) {
      this.bump();
      this.parseExpr(K.Else);
    } else this.expectedAfterPrev("expected 'else' after the `then` branch");
    this.finish();
  }

  /**
   * Operators at or above `minLevel`, prefix operators and application. Kept small: it is on the
   * recursion path of every nesting level (rare forms are in helpers).
   */
  private parseBinary(minLevel: number): boolean {
    const cp = this.checkpoint();
    const k = this.peek();
    if (k === K.Not || k === K.Minus) this.parsePrefix(k);
    else if (k === K.If || k === K.With || k === K.Assert || (k === K.Let && this.peek(1) !== K.LBrace) || this.isLambdaStart()) {
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
  private parseOperators(cp: number, minLevel: number): void {
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
        else this.expectedAfterPrev('expected an attribute name after `?`');
        this.finish();
        continue;
      }
      if (RIGHT_ASSOC[level]) {
        this.parseRightAssoc(cp, level);
        continue;
      }
      this.wrap(cp, 'BinOp');
      const op = this.bump();
      if (!this.parseBinary(level + 1)) this.expectedAfterPrev(`expected expression after \`${this.sText(op)}\``);
      this.finish();
      if (NON_ASSOC[level] && LEVEL[this.peek()] === level) {
        const a = this.sText(op);
        const b = this.sText(this.p);
        this.error(
          this.sStart(this.p),
          this.sEnd(this.p),
          a === b ? `\`${a}\` is not associative: add parentheses` : `\`${a}\` and \`${b}\` cannot be chained: add parentheses`,
        );
      }
    }
    this.depth = depth0;
  }

  /** A chain of a right-associative operator of `level` (its first operator is next). */
  private parseRightAssoc(cp: number, level: number): void {
    this.wrap(cp, 'BinOp');
    this.bump();
    let opened = 1;
    for (;;) {
      const cp2 = this.checkpoint();
      if (!this.parseBinary(level + 1)) {
        this.expectedAfterPrev(`expected expression after \`${this.prevText()}\``);
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
  private parsePrefix(k: K): void {
    if (++this.depth > MAX_DEPTH) {
      this.tooDeep();
      this.depth--;
      return;
    }
    this.start('UnaryOp');
    const op = this.bump();
    if (!this.parseBinary(k === K.Not ? 8 : 13)) this.expectedAfterPrev(`expected expression after \`${this.sText(op)}\``);
    this.finish();
    this.depth--;
  }

  /** A form valid only at the start of an expression: `1 + if …` needs parentheses in Nix. */
  private parseNeedsParens(k: K): void {
    const t = this.cur();
    const what = k === K.If ? '`if` expression' : k === K.With ? '`with` expression' : k === K.Assert ? '`assert` expression' : k === K.Let ? '`let` expression' : 'function';
    this.error(t.start, t.end, `this ${what} must be in parentheses here`);
    this.start('Error');
    this.parseExpr();
    this.finish();
  }

  /** Application: arguments after the function that starts at checkpoint cp. */
  private parseApplyChain(cp: number): void {
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

  private canStartArg(k: K): boolean {
    if (ATOM_START[k] === 1) return (k !== K.Ident && k !== K.DQuote) || !this.isBindingStart(this.p);
    return k === K.Let && this.peek(1) === K.LBrace;
  }

  private parseSelect(): boolean {
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
        else this.expectedAfterPrev("expected '{' after `rec`");
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
        this.error(t.start, t.end, 'unexpected `${`: interpolation is only allowed in strings, paths and attribute names');
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
      else this.expectedAfterPrev('expected an attribute name after `.`');
      if (this.peek() === K.Or) {
        this.bump();
        if (++this.depth > MAX_DEPTH) this.tooDeep();
        else if (!(this.canStartArg(this.peek()) && this.parseSelect())) this.expectedAfterPrev('expected expression after `or`');
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

  private parsePath(): void {
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

  private parseString(): void {
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

  private parseInterpolation(kind: 'Interpolation' | 'Dynamic'): void {
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

  private parseList(): void {
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

  /** `{ bindings }` of an attribute set or legacy let. */
  private parseBraces(): void {
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

  private parseBindings(closer: K.RBrace | K.In): void {
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

  private parseAttrpath(): Node {
    this.start('Attrpath');
    this.parseAttr();
    while (this.peek() === K.Dot) {
      this.bump();
      if (this.isAttrStart(this.peek())) this.parseAttr();
      else {
        this.expectedAfterPrev('expected an attribute name after `.`');
        break;
      }
    }
    return this.finish();
  }

  private parseAttr(): void {
    const k = this.peek();
    if (k === K.Ident || k === K.Or) {
      this.leaf('Ident');
    } else if (k === K.DQuote) this.parseString();
    else this.parseInterpolation('Dynamic');
  }

  private attrpathName(n: Node): string {
    let s = this.text.slice(n.start, n.end).replace(/\s+/g, ' ');
    if (s.length > 40) s = s.slice(0, 40) + '…';
    return s;
  }

  private parseBinding(): void {
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
          this.expectedAfterPrev(`expected ';' after the binding of \`${this.attrpathName(path)}\``);
        } else {
          // Junk after the value: report it and skip to the `;`.
          this.start('Error');
          this.unexpected();
          while (!this.isSync(this.peek()) && !(this.peek() === K.Ident && this.isBindingStart(this.p))) this.bump();
          this.finish();
          if (this.peek() === K.Semi) this.bump();
        }
      }
    } else {
      if (this.peek() === K.Eof) this.error(this.text.length, this.text.length, 'unexpected end of file');
      else this.expectedAfterPrev(`expected '=' after \`${this.attrpathName(path)}\``);
      if (this.peek() === K.Semi) this.bump();
    }
    this.finish();
  }

  private parseInherit(): void {
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
    else if (this.peek() === K.Eof || this.isSync(this.peek()) || this.peek() === K.RBrace || this.isBindingStart(this.p)) {
      this.expectedAfterPrev("expected ';' after `inherit`");
    } else {
      this.start('Error');
      this.unexpected();
      while (!this.isSync(this.peek()) && !(this.peek() === K.Ident && this.isBindingStart(this.p))) this.bump();
      this.finish();
      if (this.peek() === K.Semi) this.bump();
    }
    this.finish();
  }

  // ---- root ---------------------------------------------------------------------------------

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
    // Trailing trivia.
    while (this.attached < this.n) this.scratch[this.top++] = this.token(this.attached++);
    const count = this.top;
    const ch: NixElement[] = new Array(count);
    const root = newNode('Root', ch);
    for (let i = 0; i < count; i++) {
      const c = this.scratch[i]!;
      c.parent = root;
      ch[i] = c;
    }
    root.start = 0;
    root.end = this.text.length;
    return root;
  }
}

/** Picks the lexing used for parsing: a `"` string left open is cut at its line end for recovery. */
function lexWithRecovery(text: string): CompactLex {
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

export function parseNix(text: string): NixParseResult {
  const lx = lexWithRecovery(text);
  const parser = new Parser(text, lx);
  const root = parser.parseRoot();
  const errors = mergeErrors(lx.errors, parser.errors);
  return { text, root, errors };
}

function mergeErrors(a: NixSyntaxError[], b: NixSyntaxError[]): NixSyntaxError[] {
  const all = a.concat(b);
  all.sort((x, y) => x.start - y.start || x.end - y.end);
  const out: NixSyntaxError[] = [];
  for (const e of all) {
    const last = out[out.length - 1];
    if (last !== undefined && last.start === e.start && last.end === e.end && last.message === e.message) continue;
    out.push(e);
  }
  return out;
}

