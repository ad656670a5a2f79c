/**
 * The parser's cursor over the significant tokens and its tree building: tokens are attached to the
 * open node by advancing an index (no token objects are made), and the finished child nodes of the
 * open nodes live on one scratch stack until their parent takes them.
 */
import type { CompactLex } from './lexBuffer';
import { SyntaxLeaf, SyntaxNode, type AnyNode, type TokenTable } from './syntaxNode';
import { K } from './tokenKinds';
import type { NodeKind } from './tree';

export type Node = AnyNode;

/** Numbers kept per open node in ParserCursor.frames. */
const FRAME = 3;

/** Slack after the last significant token in `sk` (read as end of file). */
const PAD = 4;
/** Size up to which the parser's `sk` array is kept for the next parse. */
const SK_POOL_MAX = 1 << 20;
let skPool: Uint8Array | undefined;

export class ParserCursor {
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
  /** The tokens of this text, kept by the tree (the lexer's own arrays are reused by the next lexing). */
  protected readonly table: TokenTable;
  protected readonly scratch: Node[] = [];
  /** Used length of scratch (it is never shrunk: shrinking a big array reallocates it). */
  protected top = 0;
  /** Kind of each open node. */
  private readonly frameKinds: NodeKind[] = [];
  /** Per open node, FRAME numbers: scratch height of its first child, its first token, cpCount when it opened. */
  private readonly frames: number[] = [];
  private openNodes = 0;
  /**
   * Scratch height and next token to attach of each live checkpoint, by number. A checkpoint dies
   * with the node that was open when it was taken, so `cpCount` goes back to what it was when that
   * node opened and the arrays only grow with the nesting depth.
   */
  private readonly cpTop: number[] = [];
  private readonly cpTok: number[] = [];
  private cpCount = 0;

  constructor(
    protected readonly text: string,
    lx: CompactLex,
  ) {
    this.starts = lx.starts;
    this.sig = lx.sig;
    this.nsig = lx.nsig;
    this.n = lx.n;
    this.table = { kinds: lx.kinds.slice(0, lx.n), starts: lx.starts.slice(0, lx.n + 1) };
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

  protected flushTrivia(): void {
    this.attached = this.sig[this.p]!;
  }

  /** Consumes the current significant token; returns its significant index. */
  protected bump(): number {
    this.attached = this.sig[this.p]! + 1;
    return this.p++;
  }

  /** A node of one token (Ident, Literal). */
  protected leaf(kind: NodeKind): void {
    const i = this.sig[this.p]!;
    this.scratch[this.top++] = new SyntaxLeaf(kind, i, this.table);
    this.attached = i + 1;
    this.p++;
  }

  /** End offset of the last consumed significant token (0 at the start). */
  protected prevEnd(): number {
    return this.p > 0 ? this.sEnd(this.p - 1) : 0;
  }

  // ---- tree building ------------------------------------------------------------------------

  // Child nodes of the open nodes live on one scratch stack; a node takes its slice when finished.
  protected start(kind: NodeKind): void {
    this.flushTrivia();
    this.open(kind, this.top, this.attached);
  }

  /** Marks the current position; returns the checkpoint's number for `wrap`. */
  protected checkpoint(): number {
    this.flushTrivia();
    this.cpTop[this.cpCount] = this.top;
    this.cpTok[this.cpCount] = this.attached;
    return this.cpCount++;
  }

  /** Opens a node of `kind` that adopts what was parsed since checkpoint `cp`. */
  protected wrap(cp: number, kind: NodeKind): void {
    this.open(kind, this.cpTop[cp]!, this.cpTok[cp]!);
  }

  /** Opens a node whose children start at scratch height `at` and whose tokens start at `tok`. */
  protected open(kind: NodeKind, at: number, tok: number): void {
    const d = this.openNodes++;
    this.frameKinds[d] = kind;
    this.frames[d * FRAME] = at;
    this.frames[d * FRAME + 1] = tok;
    this.frames[d * FRAME + 2] = this.cpCount;
  }

  protected finish(): SyntaxNode {
    const d = --this.openNodes;
    const kind = this.frameKinds[d]!;
    const at = this.frames[d * FRAME]!;
    const first = this.frames[d * FRAME + 1]!;
    this.cpCount = this.frames[d * FRAME + 2]!;
    const last = this.attached;
    const count = this.top - at;
    const n = new SyntaxNode(kind, first, last, this.table);
    if (count > 0) {
      const scratch = this.scratch;
      // Small arrays as literals: packed and exact size.
      let nodes: Node[];
      switch (count) {
        case 1:
          nodes = [scratch[at]!];
          break;
        case 2:
          nodes = [scratch[at]!, scratch[at + 1]!];
          break;
        case 3:
          nodes = [scratch[at]!, scratch[at + 1]!, scratch[at + 2]!];
          break;
        default:
          nodes = scratch.slice(at, this.top);
      }
      for (let i = 0; i < count; i++) nodes[i]!.parent = n;
      n.nodes = nodes;
    }
    this.setBounds(n, first, last, at, count);
    this.top = at;
    this.scratch[this.top++] = n;
    return n;
  }

  /** Offsets as if the children were listed: from the first child (token or node) to the last one. */
  protected setBounds(n: SyntaxNode, first: number, last: number, at: number, count: number): void {
    const scratch = this.scratch;
    const head = count > 0 ? scratch[at]! : undefined;
    const tail = count > 0 ? scratch[at + count - 1]! : undefined;
    if (head && head.first === first) n.start = head.start;
    else n.start = first < last ? this.starts[first]! : this.prevEnd();
    if (tail && tail.last === last) n.end = tail.end;
    else n.end = last > first ? this.starts[last]! : this.prevEnd();
  }
}
