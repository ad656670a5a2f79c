/**
 * The tree's node objects. A parse makes node objects only: tokens stay in the lexer's typed arrays
 * (copied into one TokenTable per tree) and a node's `children` (tokens and nodes interleaved, as
 * tree.ts describes) are built the first time they are asked for, then kept, so token objects keep
 * their identity. A parse thus allocates about half the objects a tree of token objects would, and
 * the young-generation collections that copy a growing tree are what a full re-parse spends its
 * time on.
 */
import { KIND_NAMES, newToken } from './tokenKinds';
import type { Span } from '../../text/span';
import type { NixElement, NixNode, NodeKind, TokenKind } from './tree';

/** The tokens of one parsed text: kinds and start offsets (starts[n] is the text length). */
export interface TokenTable {
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
}

const NO_NODES: readonly AnyNode[] = Object.freeze([]);
const KIND_NUMBER = new Map<TokenKind, number>(KIND_NAMES.map((name, k) => [name, k]));

/**
 * What inner nodes and leaves share. A leaf stores only these fields (its other properties are
 * getters), so it is a third smaller than an inner node. Fields are assigned in constructors, not
 * declared as class fields: the define semantics of class fields cost ≈ 15 % of parse throughput.
 */
abstract class NodeBase implements NixNode {
  declare readonly type: 'node';
  // Written once, by the constructors (consumers see them read-only through NixNode).
  declare kind: NodeKind;
  /** Tokens first..last-1 of `table` lie inside this node (those of child nodes included). */
  declare first: number;
  declare table: TokenTable;
  declare parent: SyntaxNode | undefined;
  declare protected built: NixElement[] | undefined;
  abstract readonly last: number;
  abstract readonly start: number;
  abstract readonly end: number;
  /** Child nodes, in order. */
  abstract readonly nodes: readonly AnyNode[];

  constructor(kind: NodeKind, first: number, table: TokenTable) {
    this.kind = kind;
    this.first = first;
    this.table = table;
    this.parent = undefined;
    this.built = undefined;
  }

  get children(): NixElement[] {
    return (this.built ??= this.buildChildren());
  }

  tokenSpan(kind: TokenKind): Span | undefined {
    const k = KIND_NUMBER.get(kind);
    const { kinds, starts } = this.table;
    const nodes = this.nodes;
    let j = 0;
    for (let i = this.first; i < this.last; ) {
      if (j < nodes.length && nodes[j]!.first === i) {
        i = nodes[j++]!.last;
        continue;
      }
      if (kinds[i] === k) return { start: starts[i]!, end: starts[i + 1]! };
      i++;
    }
    return undefined;
  }

  tokenSpans(kind: TokenKind): Span[] {
    const k = KIND_NUMBER.get(kind);
    const { kinds, starts } = this.table;
    const out: Span[] = [];
    for (let i = this.first; i < this.last; i++)
      if (kinds[i] === k) out.push({ start: starts[i]!, end: starts[i + 1]! });
    return out;
  }

  /** The node's own tokens and its child nodes in text order; an empty child node comes before the token at its position. */
  private buildChildren(): NixElement[] {
    const out: NixElement[] = [];
    const { kinds, starts } = this.table;
    const nodes = this.nodes;
    let j = 0;
    for (let i = this.first; ; ) {
      while (j < nodes.length && nodes[j]!.first === i) {
        const child = nodes[j++]!;
        out.push(child);
        i = child.last;
      }
      if (i >= this.last) break;
      const t = newToken(KIND_NAMES[kinds[i]!]!, starts[i]!, starts[i + 1]!);
      t.parent = this;
      out.push(t);
      i++;
    }
    return out;
  }
}
/** A node with child nodes or several tokens. */
export class SyntaxNode extends NodeBase {
  declare nodes: readonly AnyNode[];
  declare start: number;
  declare end: number;
  declare last: number;

  constructor(kind: NodeKind, first: number, last: number, table: TokenTable) {
    super(kind, first, table);
    this.last = last;
    this.nodes = NO_NODES;
    this.start = 0;
    this.end = 0;
  }
}

/** A node of one token and no child node (Ident, Literal): its offsets are the token's. */
export class SyntaxLeaf extends NodeBase {
  get last(): number {
    return this.first + 1;
  }

  get start(): number {
    return this.table.starts[this.first]!;
  }

  get end(): number {
    return this.table.starts[this.first + 1]!;
  }

  get nodes(): readonly AnyNode[] {
    return NO_NODES;
  }
}

export type AnyNode = SyntaxNode | SyntaxLeaf;

Object.defineProperty(NodeBase.prototype, 'type', { value: 'node', writable: false, enumerable: true });
