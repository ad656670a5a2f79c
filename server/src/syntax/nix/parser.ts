/**
 * Error-tolerant recursive-descent / Pratt parser for Nix producing the lossless tree of tree.ts.
 *
 * It never throws and never loops without consuming: every loop either bumps a token or exits.
 * Recovery keeps damage local: bindings are re-synchronised on `;`, `}` and on the lookahead
 * "attribute path followed by `=`"; a `"` string left open while typing is cut at its line end.
 */
import { lex, type LexResult, type Token } from './lexer';
import type { NixElement, NixNode, NixParseResult, NixSyntaxError, NodeKind, TokenKind } from './tree';

interface Node extends NixNode {
  start: number;
  end: number;
}

function newNode(kind: NodeKind, children: NixElement[]): Node {
  return { type: 'node', kind, start: 0, end: 0, children, parent: undefined };
}

type Kind = TokenKind | 'eof';

const EMPTY: ReadonlySet<number> = new Set();

/** Nesting (of brackets, prefix operators, bodies) beyond which the parser stops descending. */
const DEFAULT_MAX_DEPTH = 1000;

// Binary operator levels (higher binds tighter). 7 is `!`, 12 is unary `-`.
const LEVEL: Partial<Record<Kind, number>> = {
  '->': 1,
  '||': 2,
  '&&': 3,
  '==': 4,
  '!=': 4,
  '<': 5,
  '>': 5,
  '<=': 5,
  '>=': 5,
  '//': 6,
  '+': 8,
  '-': 8,
  '*': 9,
  '/': 9,
  '++': 10,
  '?': 11,
};
const RIGHT_ASSOC = [false, true, false, false, false, false, true, false, false, false, true, false];
const NON_ASSOC = [false, false, false, false, true, true, false, false, false, false, false, false];

const ATOM_START: ReadonlySet<Kind> = new Set<Kind>([
  'ident',
  'int',
  'float',
  'path',
  'path_content',
  'search_path',
  'uri',
  '"',
  "''",
  '(',
  '[',
  '{',
  'rec',
]);

class Parser {
  private readonly tokens: Token[];
  /** Indices (into tokens) of the significant (non-trivia) tokens, then tokens.length. */
  private readonly sig: number[];
  private p = 0;
  /** Next token (index into tokens) not yet attached to a node. */
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
    lx: LexResult,
    private readonly maxDepth: number,
  ) {
    this.tokens = lx.tokens;
    this.sig = lx.sig;
    this.lexErrorEnds = lx.errors.length === 0 ? EMPTY : new Set(lx.errors.map((e) => e.end));
  }

  // ---- token access -------------------------------------------------------------------------

  private peek(k = 0): Kind {
    const i = this.p + k;
    return i < this.sig.length - 1 ? this.tokens[this.sig[i]!]!.kind : 'eof';
  }

  private kindAt(i: number): Kind {
    return i < this.sig.length - 1 ? this.tokens[this.sig[i]!]!.kind : 'eof';
  }

  private tok(k = 0): Token | undefined {
    const i = this.p + k;
    return i < this.sig.length ? this.tokens[this.sig[i]!] : undefined;
  }

  private tokStart(k = 0): number {
    const t = this.tok(k);
    return t === undefined ? this.text.length : t.start;
  }

  private tokText(t: Token): string {
    return this.text.slice(t.start, t.end);
  }

  private flushTrivia(): void {
    const upto = this.sig[this.p]!;
    while (this.attached < upto) this.scratch[this.top++] = this.tokens[this.attached++]!;
  }

  private bump(): Token {
    const upto = this.sig[this.p]!;
    while (this.attached < upto) this.scratch[this.top++] = this.tokens[this.attached++]!;
    const t = this.tokens[upto]!;
    this.scratch[this.top++] = t;
    this.attached++;
    this.p++;
    return t;
  }

  /** A node of one token (Ident, Literal): built directly, with an exact-size child array. */
  private leaf(kind: NodeKind): void {
    const upto = this.sig[this.p]!;
    while (this.attached < upto) this.scratch[this.top++] = this.tokens[this.attached++]!;
    const t = this.tokens[upto]!;
    const n = newNode(kind, [t]);
    n.start = t.start;
    n.end = t.end;
    t.parent = n;
    this.scratch[this.top++] = n;
    this.attached++;
    this.p++;
  }

  /** End offset of the last consumed significant token. */
  private prevTok(): Token | undefined {
    return this.p > 0 ? this.tokens[this.sig[this.p - 1]!] : undefined;
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
    const ch = this.scratch.slice(at, this.top);
    this.top = at;
    const n = newNode(kind, ch);
    if (ch.length > 0) {
      n.start = ch[0]!.start;
      n.end = ch[ch.length - 1]!.end;
      for (let i = 0; i < ch.length; i++) ch[i]!.parent = n;
    } else {
      const prev = this.prevTok();
      n.start = n.end = prev === undefined ? 0 : prev.end;
    }
    this.scratch[this.top++] = n;
    return n;
  }

  // ---- errors -------------------------------------------------------------------------------

  /** Reports an error anchored at the current token; one error per anchor (no cascades). */
  private error(start: number, end: number, message: string): void {
    if (this.p === this.lastErrAnchor) return;
    this.lastErrAnchor = this.p;
    // An unterminated string or comment at the end of the file already explains a missing end.
    if (this.peek() === 'eof' && this.lexErrorEnds.has(this.text.length)) return;
    this.errors.push({ start, end, message });
  }

  private describe(k = 0): string {
    const t = this.tok(k);
    if (t === undefined || this.peek(k) === 'eof') return 'end of file';
    let s = this.tokText(t);
    if (s.length > 30) s = s.slice(0, 30) + '…';
    s = s.replace(/\r?\n/g, '\\n');
    if (t.kind === 'error') {
      const c = s.charCodeAt(0);
      if (c === 0) return 'NUL byte';
      if (c < 32 || (c >= 0x7f && c < 0xa0)) return `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      return `character \`${s}\``;
    }
    return `\`${s}\``;
  }

  private unexpected(k = 0): void {
    const t = this.tok(k);
    const start = t === undefined || this.peek(k) === 'eof' ? this.text.length : t.start;
    const end = t === undefined || this.peek(k) === 'eof' ? this.text.length : t.end;
    this.error(start, end, `unexpected ${this.describe(k)}`);
  }

  /** "expected X" reported on the previous token (where the missing piece belongs). */
  private expectedAfterPrev(message: string): void {
    const prev = this.prevTok();
    if (prev === undefined) this.error(0, 0, message);
    else this.error(prev.start, prev.end, message);
  }

  private prevText(): string {
    const prev = this.prevTok();
    return prev === undefined ? '' : this.tokText(prev);
  }

  private expectClose(close: Kind, open: Token | undefined): boolean {
    if (this.peek() === close) {
      this.bump();
      return true;
    }
    const o = open === undefined ? '' : this.tokText(open);
    const s = open?.start ?? this.text.length;
    const e = open?.end ?? this.text.length;
    if (this.peek() === 'eof') this.error(s, e, `unexpected end of file: this \`${o}\` is not closed`);
    else if (this.isSync(this.peek()) || this.isBindingStart(this.p)) this.error(s, e, `expected '${close}' to close this \`${o}\``);
    else this.unexpected();
    return false;
  }

  // ---- classification -----------------------------------------------------------------------

  /** A token that some enclosing construct is waiting for: do not consume it as junk. */
  private isSync(k: Kind): boolean {
    switch (k) {
      case ';':
      case 'eof':
        return true;
      case ')':
        return this.openParen > 0;
      case ']':
        return this.openBracket > 0;
      case '}':
        return this.openBrace > 0;
      case 'in':
        return this.openLet > 0;
      case 'then':
      case 'else':
        return this.openIf > 0;
      case ',':
        return this.openPattern > 0;
      case 'inherit':
        return true;
      default:
        return false;
    }
  }

  private canStartExpr(k: Kind): boolean {
    return (
      ATOM_START.has(k) ||
      k === 'let' ||
      k === 'if' ||
      k === 'with' ||
      k === 'assert' ||
      k === '!' ||
      k === '-'
    );
  }

  private isAttrStart(k: Kind): boolean {
    return k === 'ident' || k === 'or' || k === '"' || k === '${';
  }

  /** Whether the significant token at index i starts `attrpath =` (the start of a binding). */
  private isBindingStart(i: number): boolean {
    const limit = Math.min(this.sig.length, i + 64);
    let j = i;
    for (;;) {
      const k = this.kindAt(j);
      if (k === 'ident' || k === 'or') j++;
      else if (k === '"') {
        j++;
        while (j < limit && (this.kindAt(j) === 'str_content' || this.kindAt(j) === 'str_escape')) j++;
        if (this.kindAt(j) !== '"') return false;
        j++;
      } else if (k === '${') {
        let bal = 1;
        j++;
        while (j < limit && bal > 0) {
          const m = this.kindAt(j);
          if (m === '${' || m === '{') bal++;
          else if (m === '}') bal--;
          j++;
        }
        if (bal > 0) return false;
      } else return false;
      if (j >= limit) return false;
      const n = this.kindAt(j);
      if (n === '=') return true;
      if (n !== '.') return false;
      j++;
    }
  }

  private isLambdaStart(): boolean {
    const k = this.peek();
    if (k === 'ident') {
      const n = this.peek(1);
      return n === ':' || n === '@';
    }
    if (k === '{') return this.isPatternAt(this.p);
    return false;
  }

  /** Whether the `{` at significant index i opens an argument pattern (not an attribute set). */
  private isPatternAt(i: number): boolean {
    const a = this.kindAt(i + 1);
    if (a === '...') return true;
    if (a === '}') {
      const b = this.kindAt(i + 2);
      return b === ':' || b === '@';
    }
    if (a === 'ident') {
      const b = this.kindAt(i + 2);
      if (b === ',' || b === '?') return true;
      if (b === '}') {
        const c = this.kindAt(i + 3);
        return c === ':' || c === '@';
      }
    }
    return false;
  }

  // ---- depth guard --------------------------------------------------------------------------

  /** Too deep: wraps the rest of the nested region (up to an unbalanced closer) in an Error node. */
  private tooDeep(): void {
    this.start('Error');
    const t = this.tok();
    if (!this.tooDeepReported) {
      this.tooDeepReported = true;
      const s = t?.start ?? this.text.length;
      this.errors.push({ start: s, end: t?.end ?? s, message: 'nesting too deep' });
    }
    let bal = 0;
    for (;;) {
      const k = this.peek();
      if (k === 'eof') break;
      if (k === '(' || k === '[' || k === '{' || k === '${') bal++;
      else if (k === ')' || k === ']' || k === '}') {
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

  /** Parses an expression where one is required; reports and skips junk. Returns false if none. */
  private expectExpr(after: string): boolean {
    const k = this.peek();
    if (this.canStartExpr(k) && !(k === 'ident' && this.isBindingStart(this.p))) {
      this.parseExpr();
      return true;
    }
    if (k === '${') {
      this.parseExpr();
      return true;
    }
    if (this.isSync(k) || (k === 'ident' && this.isBindingStart(this.p)) || k === 'or') {
      this.expectedAfterPrev(`expected expression after \`${after}\``);
      return false;
    }
    // Junk: skip it (one error), then take the expression that follows, if any.
    this.start('Error');
    this.unexpected();
    while (!this.isSync(this.peek()) && !this.canStartExpr(this.peek()) && this.peek() !== '${') this.bump();
    if (this.canStartExpr(this.peek()) && !(this.peek() === 'ident' && this.isBindingStart(this.p))) this.parseExpr();
    this.finish();
    return true;
  }

  parseExpr(): void {
    if (++this.depth > this.maxDepth) {
      this.tooDeep();
      this.depth--;
      return;
    }
    switch (this.peek()) {
      case 'ident': {
        const n = this.peek(1);
        if (n === ':') this.parseIdentLambda();
        else if (n === '@') this.parsePatternLambda();
        else this.parsePipe();
        break;
      }
      case '{':
        if (this.isPatternAt(this.p)) this.parsePatternLambda();
        else this.parsePipe();
        break;
      case 'assert':
      case 'with': {
        const kw = this.peek();
        this.start(kw === 'assert' ? 'Assert' : 'With');
        this.bump();
        this.expectExpr(kw);
        if (this.peek() === ';') this.bump();
        else if (this.peek() === 'eof' || this.isSync(this.peek())) {
          this.expectedAfterPrev(kw === 'assert' ? "expected ';' after the `assert` condition" : "expected ';' after the `with` expression");
        } else this.unexpected();
        this.expectExpr(';');
        this.finish();
        break;
      }
      case 'let':
        if (this.peek(1) === '{') this.parsePipe();
        else this.parseLetIn();
        break;
      case 'if':
        this.parseIf();
        break;
      default:
        this.parsePipe();
    }
    this.depth--;
  }

  private parseIdentLambda(): void {
    this.start('Lambda');
    this.leaf('Ident');
    this.bump(); // ':'
    this.expectExpr(':');
    this.finish();
  }

  private parsePatternLambda(): void {
    this.start('Lambda');
    this.start('Pattern');
    if (this.peek() === 'ident') {
      this.start('PatBind');
      this.leaf('Ident');
      this.bump(); // '@'
      this.finish();
    }
    if (this.peek() === '{') this.parsePatternBraces();
    else this.error(this.tokStart(), this.tok()?.end ?? this.text.length, "expected '{' after `@`");
    if (this.peek() === '@') {
      this.start('PatBind');
      this.bump();
      if (this.peek() === 'ident') {
        this.leaf('Ident');
      } else this.expectedAfterPrev('expected a name after `@`');
      this.finish();
    }
    this.finish();
    if (this.peek() === ':') {
      this.bump();
      this.expectExpr(':');
    } else this.expectedAfterPrev("expected ':' after the argument pattern");
    this.finish();
  }

  private parsePatternBraces(): void {
    const open = this.bump(); // '{'
    this.openBrace++;
    this.openPattern++;
    let ellipsis: Token | undefined;
    let ellipsisReported = false;
    for (;;) {
      const k = this.peek();
      if (k === '}' || k === 'eof') break;
      if (k === '...') {
        ellipsis = this.bump();
        if (this.peek() === ',' && !ellipsisReported) {
          ellipsisReported = true;
          this.error(ellipsis.start, ellipsis.end, '`...` must be the last entry of the argument pattern');
          this.bump();
        }
        continue;
      }
      if (k === 'ident') {
        if (ellipsis !== undefined && !ellipsisReported) {
          ellipsisReported = true;
          const t = this.tok()!;
          this.error(t.start, t.end, '`...` must be the last entry of the argument pattern');
        }
        this.start('PatEntry');
        this.start('Ident');
        const name = this.bump();
        this.finish();
        if (this.peek() === '?') {
          this.bump();
          this.expectExpr('?');
        }
        this.finish();
        const n = this.peek();
        if (n === ',') this.bump();
        else if (n !== '}') {
          if (n === 'ident') this.expectedAfterPrev(`expected ',' after \`${this.tokText(name)}\``);
          else if (n === 'eof' || n === ')' || n === ']' || n === ';' || n === 'in') break;
          else {
            this.start('Error');
            this.unexpected();
            this.bump();
            this.finish();
          }
        }
        continue;
      }
      if (this.isSync(k) && k !== ',') break;
      this.start('Error');
      this.unexpected();
      this.bump();
      this.finish();
    }
    this.openBrace--;
    this.openPattern--;
    this.expectClose('}', open);
  }

  private parseLetIn(): void {
    this.start('LetIn');
    this.bump(); // let
    this.openLet++;
    this.parseBindings('in');
    this.openLet--;
    if (this.peek() === 'in') {
      this.bump();
      this.expectExpr('in');
    } else if (this.peek() === 'eof') this.error(this.text.length, this.text.length, 'unexpected end of file: expected `in` after the bindings of `let`');
    else this.expectedAfterPrev("expected 'in' after the bindings of `let`");
    this.finish();
  }

  private parseIf(): void {
    this.start('IfElse');
    this.bump(); // if
    this.openIf++;
    this.expectExpr('if');
    if (this.peek() === 'then') {
      this.bump();
      this.expectExpr('then');
    } else this.expectedAfterPrev("expected 'then' after the `if` condition");
    this.openIf--;
    if (this.peek() === 'else') {
      this.bump();
      this.expectExpr('else');
    } else this.expectedAfterPrev("expected 'else' after the `then` branch");
    this.finish();
  }

  private parsePipe(): void {
    const cp = this.checkpoint();
    this.parseBinary(0);
    const first = this.peek();
    if (first !== '|>' && first !== '<|') return;
    let opened = 0;
    let cpOperand = cp;
    const depth0 = this.depth;
    for (;;) {
      const k = this.peek();
      if (k !== '|>' && k !== '<|') break;
      if (k !== first) {
        const t = this.tok()!;
        this.error(t.start, t.end, '`|>` and `<|` cannot be mixed: add parentheses');
      }
      if (++this.depth > this.maxDepth) {
        this.tooDeep();
        break;
      }
      if (first === '|>') {
        this.wrap(cp, 'BinOp');
        this.bump();
        if (!this.operand(0)) this.expectedAfterPrev(`expected expression after \`${this.prevText()}\``);
        this.finish();
      } else {
        this.wrap(cpOperand, 'BinOp');
        opened++;
        this.bump();
        cpOperand = this.checkpoint();
        if (!this.operand(0)) {
          this.expectedAfterPrev(`expected expression after \`${this.prevText()}\``);
          break;
        }
      }
    }
    while (opened-- > 0) this.finish();
    this.depth = depth0;
  }

  /** An operand of a binary operator: parseBinary, reporting forms that need parentheses. */
  private operand(minLevel: number): boolean {
    return this.parseBinary(minLevel);
  }

  private parseBinary(minLevel: number): boolean {
    const cp = this.checkpoint();
    if (!this.parseUnary()) return false;
    const depth0 = this.depth;
    for (;;) {
      const k = this.peek();
      const level = LEVEL[k];
      if (level === undefined || level < minLevel) break;
      // Every operator nests the tree one level deeper: bound long chains too.
      if (++this.depth > this.maxDepth) {
        this.tooDeep();
        break;
      }
      if (k === '?') {
        this.wrap(cp, 'HasAttr');
        this.bump();
        if (this.isAttrStart(this.peek())) this.parseAttrpath();
        else this.expectedAfterPrev('expected an attribute name after `?`');
        this.finish();
        continue;
      }
      if (RIGHT_ASSOC[level]) {
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
            if (++this.depth > this.maxDepth) {
              this.tooDeep();
              break;
            }
            this.wrap(cp2, 'BinOp');
            this.bump();
            opened++;
          } else break;
        }
        while (opened-- > 0) this.finish();
        continue;
      }
      this.wrap(cp, 'BinOp');
      const op = this.bump();
      if (!this.parseBinary(level + 1)) this.expectedAfterPrev(`expected expression after \`${this.tokText(op)}\``);
      this.finish();
      if (NON_ASSOC[level] && LEVEL[this.peek()] === level) {
        const t = this.tok()!;
        const a = this.tokText(op);
        const b = this.tokText(t);
        this.error(
          t.start,
          t.end,
          a === b ? `\`${a}\` is not associative: add parentheses` : `\`${a}\` and \`${b}\` cannot be chained: add parentheses`,
        );
      }
    }
    this.depth = depth0;
    return true;
  }

  private parseUnary(): boolean {
    const k = this.peek();
    if (k === '!' || k === '-') {
      if (++this.depth > this.maxDepth) {
        this.tooDeep();
        this.depth--;
        return true;
      }
      this.start('UnaryOp');
      const op = this.bump();
      if (!this.parseBinary(k === '!' ? 8 : 13)) this.expectedAfterPrev(`expected expression after \`${this.tokText(op)}\``);
      this.finish();
      this.depth--;
      return true;
    }
    if (k === 'if' || k === 'with' || k === 'assert' || (k === 'let' && this.peek(1) !== '{') || this.isLambdaStart()) {
      // Valid only at the start of an expression: `1 + if …` needs parentheses in Nix.
      const t = this.tok()!;
      const what = k === 'if' ? '`if` expression' : k === 'with' ? '`with` expression' : k === 'assert' ? '`assert` expression' : k === 'let' ? '`let` expression' : 'function';
      this.error(t.start, t.end, `this ${what} must be in parentheses here`);
      this.start('Error');
      this.parseExpr();
      this.finish();
      return true;
    }
    return this.parseApp();
  }

  private canStartArg(k: Kind): boolean {
    if (ATOM_START.has(k)) return (k !== 'ident' && k !== '"') || !this.isBindingStart(this.p);
    return k === 'let' && this.peek(1) === '{';
  }

  private parseApp(): boolean {
    const cp = this.checkpoint();
    if (!this.parseSelect()) return false;
    const depth0 = this.depth;
    while (this.canStartArg(this.peek())) {
      if (++this.depth > this.maxDepth) {
        this.tooDeep();
        break;
      }
      this.wrap(cp, 'Apply');
      this.parseSelect();
      this.finish();
    }
    this.depth = depth0;
    return true;
  }

  private parseSelect(): boolean {
    const cp = this.checkpoint();
    if (!this.parseAtom()) return false;
    const k = this.peek();
    if (k === '.') {
      this.wrap(cp, 'Select');
      this.bump();
      if (this.isAttrStart(this.peek())) this.parseAttrpath();
      else this.expectedAfterPrev('expected an attribute name after `.`');
      if (this.peek() === 'or') {
        this.bump();
        if (++this.depth > this.maxDepth) this.tooDeep();
        else if (!(this.canStartArg(this.peek()) && this.parseSelect())) this.expectedAfterPrev('expected expression after `or`');
        this.depth--;
      }
      this.finish();
    } else if (k === 'or') {
      // `f or` applies f to a variable named `or` (kept for compatibility by Nix).
      this.wrap(cp, 'Apply');
      this.leaf('Ident');
      this.finish();
    }
    return true;
  }

  private parseAtom(): boolean {
    switch (this.peek()) {
      case 'ident':
        if (this.isBindingStart(this.p)) return false;
        this.leaf('Ident');
        return true;
      case 'int':
      case 'float':
      case 'uri':
      case 'path':
      case 'search_path':
        this.leaf('Literal');
        return true;
      case 'path_content':
        this.parsePath();
        return true;
      case '"':
      case "''":
        this.parseString();
        return true;
      case '(': {
        this.start('Paren');
        const open = this.bump();
        this.openParen++;
        this.expectExpr('(');
        this.openParen--;
        this.expectClose(')', open);
        this.finish();
        return true;
      }
      case '[':
        this.parseList();
        return true;
      case '{':
        this.parseAttrSet();
        return true;
      case 'rec':
        this.start('AttrSet');
        this.bump();
        if (this.peek() === '{') this.parseBraces();
        else this.expectedAfterPrev("expected '{' after `rec`");
        this.finish();
        return true;
      case 'let':
        if (this.peek(1) !== '{') return false;
        this.start('LegacyLet');
        this.bump();
        this.parseBraces();
        this.finish();
        return true;
      case '${': {
        // Interpolation is not an expression on its own (only in strings, paths, attribute names).
        const t = this.tok()!;
        this.error(t.start, t.end, 'unexpected `${`: interpolation is only allowed in strings, paths and attribute names');
        this.start('Error');
        this.parseInterpolation('Dynamic');
        this.finish();
        return true;
      }
      default:
        return false;
    }
  }

  private parsePath(): void {
    this.start('Path');
    let end = -1;
    for (;;) {
      const t = this.tok();
      if (t === undefined || (end >= 0 && t.start !== end)) break;
      const k = this.peek();
      if (k === 'path_content') {
        this.bump();
        end = t.end;
      } else if (k === '${') {
        this.parseInterpolation('Interpolation');
        end = this.prevTok()!.end;
      } else break;
    }
    this.finish();
  }

  private parseString(): void {
    const indented = this.peek() === "''";
    this.start(indented ? 'IndentedString' : 'String');
    const close: Kind = indented ? "''" : '"';
    this.bump();
    for (;;) {
      const k = this.peek();
      if (k === 'str_content' || k === 'str_escape') this.bump();
      else if (k === '${') this.parseInterpolation('Interpolation');
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
    if (++this.depth > this.maxDepth) {
      this.tooDeep();
      this.depth--;
      return;
    }
    this.start(kind);
    const open = this.bump();
    this.openBrace++;
    this.expectExpr('${');
    this.openBrace--;
    this.expectClose('}', open);
    this.finish();
    this.depth--;
  }

  private parseList(): void {
    if (++this.depth > this.maxDepth) {
      this.tooDeep();
      this.depth--;
      return;
    }
    this.start('List');
    const open = this.bump();
    this.openBracket++;
    for (;;) {
      const k = this.peek();
      if (k === ']' || k === 'eof') break;
      if (this.canStartArg(k)) {
        this.parseSelect();
        continue;
      }
      if (this.isSync(k) || (k === 'ident' && this.isBindingStart(this.p))) break;
      const t = this.tok()!;
      if (this.canStartExpr(k) || k === 'let') {
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
    this.expectClose(']', open);
    this.finish();
    this.depth--;
  }

  private parseAttrSet(): void {
    this.start('AttrSet');
    this.parseBraces();
    this.finish();
  }

  /** `{ bindings }` of an attribute set or legacy let. */
  private parseBraces(): void {
    if (++this.depth > this.maxDepth) {
      this.tooDeep();
      this.depth--;
      return;
    }
    const open = this.bump(); // '{'
    this.openBrace++;
    this.parseBindings('}');
    this.openBrace--;
    this.expectClose('}', open);
    this.depth--;
  }

  private parseBindings(closer: '}' | 'in'): void {
    for (;;) {
      const k = this.peek();
      if (k === closer || k === 'eof') return;
      if (this.isAttrStart(k)) {
        this.parseBinding();
        continue;
      }
      if (k === 'inherit') {
        this.parseInherit();
        continue;
      }
      if (k !== ';' && this.isSync(k)) return;
      // Junk: skip up to a `;` (included) or to what can start a binding.
      this.start('Error');
      this.unexpected();
      this.bump();
      for (;;) {
        const m = this.peek();
        if (m === ';') {
          this.bump();
          break;
        }
        if (m === closer || m === 'inherit' || (m === 'ident' && this.isBindingStart(this.p)) || this.isSync(m)) break;
        if (m === '"' || m === '${') {
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
    while (this.peek() === '.') {
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
    if (k === 'ident' || k === 'or') {
      this.leaf('Ident');
    } else if (k === '"') this.parseString();
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

    if (this.peek() === '=') {
      this.bump();
      this.expectExpr('=');
      if (this.peek() === ';') this.bump();
      else {
        const m = this.peek();
        if (m === 'eof' && (this.openBrace > 0 || this.openLet > 0)) {
          // The enclosing `{` or `let` reports the end of file.
        } else if (m === 'eof' || this.isSync(m) || m === '}' || this.isAttrStart(m)) {
          this.expectedAfterPrev(`expected ';' after the binding of \`${this.attrpathName(path)}\``);
        } else {
          // Junk after the value: report it and skip to the `;`.
          this.start('Error');
          this.unexpected();
          while (!this.isSync(this.peek()) && !(this.peek() === 'ident' && this.isBindingStart(this.p))) this.bump();
          this.finish();
          if (this.peek() === ';') this.bump();
        }
      }
    } else {
      if (this.peek() === 'eof') this.error(this.text.length, this.text.length, 'unexpected end of file');
      else this.expectedAfterPrev(`expected '=' after \`${this.attrpathName(path)}\``);
      if (this.peek() === ';') this.bump();
    }
    this.finish();
  }

  private parseInherit(): void {
    this.start('Inherit');
    this.bump(); // inherit
    if (this.peek() === '(') {
      this.start('InheritFrom');
      const open = this.bump();
      this.openParen++;
      this.expectExpr('(');
      this.openParen--;
      this.expectClose(')', open);
      this.finish();
    }
    for (;;) {
      const k = this.peek();
      if (!this.isAttrStart(k)) break;
      if (this.isBindingStart(this.p)) break;
      this.parseAttr();
    }
    if (this.peek() === ';') this.bump();
    else if (this.peek() === 'eof' || this.isSync(this.peek()) || this.peek() === '}' || this.isBindingStart(this.p)) {
      this.expectedAfterPrev("expected ';' after `inherit`");
    } else {
      this.start('Error');
      this.unexpected();
      while (!this.isSync(this.peek()) && !(this.peek() === 'ident' && this.isBindingStart(this.p))) this.bump();
      this.finish();
      if (this.peek() === ';') this.bump();
    }
    this.finish();
  }

  // ---- root ---------------------------------------------------------------------------------

  parseRoot(): Node {
    if (this.peek() === 'eof') {
      this.error(this.text.length, this.text.length, 'unexpected end of file');
    } else {
      if (this.canStartExpr(this.peek()) || this.peek() === '${') this.parseExpr();
      if (this.peek() !== 'eof') {
        // Leftovers: keep any bindings in them recognisable, report the first unexpected token.
        this.start('Error');
        this.unexpected();
        while (this.peek() !== 'eof') {
          const k = this.peek();
          if (this.isAttrStart(k) && this.isBindingStart(this.p)) {
            this.parseBinding();
          } else if (k === 'inherit') this.parseInherit();
          else this.bump();
        }
        this.finish();
      }
    }
    // Trailing trivia.
    while (this.attached < this.tokens.length) this.scratch[this.top++] = this.tokens[this.attached++]!;
    const ch = this.scratch.slice(0, this.top);
    const root = newNode('Root', ch);
    root.start = 0;
    root.end = this.text.length;
    for (let i = 0; i < ch.length; i++) ch[i]!.parent = root;
    return root;
  }
}

/** Picks the lexing used for parsing: a `"` string left open is cut at its line end for recovery. */
function lexWithRecovery(text: string): LexResult {
  const faithful = lex(text);
  if (faithful.unterminatedStrings.length === 0) return faithful;
  // Strings whose second line looks like code were most likely left open while typing.
  const suspicious = faithful.multilineStrings.filter((s) => looksLikeCodeAfterFirstLine(text, s));
  for (let i = 0; i < suspicious.length && i < 4; i++) {
    const attempt = lex(text, new Set([suspicious[i]!]));
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
    lx = lex(text, cut);
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
  let maxDepth = DEFAULT_MAX_DEPTH;
  for (;;) {
    try {
      const parser = new Parser(text, lx, maxDepth);
      const root = parser.parseRoot();
      const errors = mergeErrors(lx.errors, parser.errors);
      return { text, root, errors };
    } catch (e) {
      // A stack overflow on a small stack: parse again, descending less deep.
      if (e instanceof RangeError && maxDepth > 10) {
        maxDepth = Math.floor(maxDepth / 2);
        for (const t of lx.tokens) t.parent = undefined;
        continue;
      }
      throw e;
    }
  }
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

