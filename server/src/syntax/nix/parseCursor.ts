/**
 * The parser's cursor over the significant tokens and its tree building: children of the open
 * nodes live on one scratch stack, and token objects are only made when a token is placed.
 */
import type { CompactLex } from './lexBuffer';
import { K, KIND_NAMES, newToken } from './tokenKinds';
import type { NixElement, NixNode, NodeKind } from './tree';

export interface Node extends NixNode {
  start: number;
  end: number;
}

export function newNode(kind: NodeKind, children: NixElement[]): Node {
  return { type: 'node', kind, start: 0, end: 0, children, parent: undefined };
}

/** Slack after the last significant token in `sk` (read as end of file). */
const PAD = 4;
/** Size up to which the parser's `sk` array is kept for the next parse. */
const SK_POOL_MAX = 1 << 20;
let skPool: Uint8Array | undefined;

export class ParserCursor {
  protected readonly kinds: Uint8Array;
  protected readonly starts: Int32Array;
  /** Indices (into the lexer's tokens) of the significant (non-trivia) tokens, then n. */
  protected readonly sig: Int32Array;
  protected readonly nsig: number;
  /** Number of tokens (trivia included). */
  protected readonly n: number;
  /** Kind of each significant token, then PAD times K.Eof. */
  protected readonly sk: Uint8Array;
  protected p = 0;
  /** Next token (index into the lexer's tokens) not yet attached to a node. */
  protected attached = 0;
  protected readonly scratch: NixElement[] = [];
  /** Used length of scratch (it is never shrunk: shrinking a big array reallocates it). */
  protected top = 0;
  protected readonly frameKinds: NodeKind[] = [];
  protected readonly frameAt: number[] = [];

  constructor(
    protected readonly text: string,
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
  }

  // ---- token access -------------------------------------------------------------------------

  protected peek(k = 0): K {
    return this.sk[this.p + k]!;
  }

  protected kindAt(i: number): K {
    return i < this.nsig ? this.sk[i]! : K.Eof;
  }

  /** Start offset of the significant token i (the text length past the last one). */
  protected sStart(i: number): number {
    return i < this.nsig ? this.starts[this.sig[i]!]! : this.text.length;
  }

  protected sEnd(i: number): number {
    return i < this.nsig ? this.starts[this.sig[i]! + 1]! : this.text.length;
  }

  /** Offsets of the current significant token. */
  protected cur(): { start: number; end: number } {
    return { start: this.sStart(this.p), end: this.sEnd(this.p) };
  }

  protected tokStart(k = 0): number {
    return this.sStart(this.p + k);
  }

  protected sText(i: number): string {
    return this.text.slice(this.sStart(i), this.sEnd(i));
  }

  /** The token object of lexer token i (made here, when the token is placed in the tree). */
  protected token(i: number): NixElement {
    return newToken(KIND_NAMES[this.kinds[i]!]!, this.starts[i]!, this.starts[i + 1]!);
  }

  protected flushTrivia(): void {
    const upto = this.sig[this.p]!;
    while (this.attached < upto) this.scratch[this.top++] = this.token(this.attached++);
  }

  /** Consumes the current significant token; returns its significant index. */
  protected bump(): number {
    const upto = this.sig[this.p]!;
    while (this.attached < upto) this.scratch[this.top++] = this.token(this.attached++);
    this.scratch[this.top++] = this.token(upto);
    this.attached = upto + 1;
    return this.p++;
  }

  /** A node of one token (Ident, Literal): built directly, with an exact-size child array. */
  protected leaf(kind: NodeKind): void {
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
  protected prevEnd(): number {
    return this.p > 0 ? this.sEnd(this.p - 1) : 0;
  }

  // ---- tree building ------------------------------------------------------------------------

  // Children of the open nodes live on one scratch stack; a node takes its slice when finished.
  protected start(kind: NodeKind): void {
    this.flushTrivia();
    this.frameKinds.push(kind);
    this.frameAt.push(this.top);
  }

  protected checkpoint(): number {
    this.flushTrivia();
    return this.top;
  }

  /** Opens a node of `kind` that adopts what was parsed since checkpoint `cp`. */
  protected wrap(cp: number, kind: NodeKind): void {
    this.frameKinds.push(kind);
    this.frameAt.push(cp);
  }

  protected finish(): Node {
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
}
