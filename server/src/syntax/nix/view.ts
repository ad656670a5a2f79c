/** Structural accessors over the concrete tree, following the layout contract in tree.ts. */
import type { NixNode, NixToken, TokenKind } from './tree';

const EXPRESSION_KINDS: ReadonlySet<string> = new Set([
  'Lambda',
  'Assert',
  'With',
  'LetIn',
  'LegacyLet',
  'IfElse',
  'BinOp',
  'UnaryOp',
  'HasAttr',
  'Apply',
  'Select',
  'Paren',
  'List',
  'AttrSet',
  'Ident',
  'String',
  'IndentedString',
  'Literal',
  'Path',
]);

const isExpression = (n: NixNode | undefined): n is NixNode => !!n && EXPRESSION_KINDS.has(n.kind);

/** Expression children, in order (attrpaths, patterns and the like skipped). */
export function expressions(node: NixNode): NixNode[] {
  return node.nodes.filter(isExpression);
}

/** The first expression child after the node's first token of `kind`, e.g. the value after `=`. */
export function expressionAfter(node: NixNode, kind: TokenKind): NixNode | undefined {
  const tok = node.tokenSpan(kind);
  if (!tok) return undefined;
  for (const c of node.nodes) if (c.start >= tok.end && isExpression(c)) return c;
  return undefined;
}

/** Parentheses carry no meaning for the checks. */
export function unparen(node: NixNode | undefined): NixNode | undefined {
  let n = node;
  while (n && n.kind === 'Paren') n = expressions(n)[0];
  return n;
}

/** Bindings (AttrpathValue and Inherit nodes) of an AttrSet, LetIn or LegacyLet. */
export function bindings(node: NixNode): NixNode[] {
  return node.nodes.filter((c) => c.kind === 'AttrpathValue' || c.kind === 'Inherit');
}

export function isRecursive(attrset: NixNode): boolean {
  return attrset.tokenSpan('rec') !== undefined;
}

export function attrpathOf(binding: NixNode): NixNode | undefined {
  return binding.nodes.find((c) => c.kind === 'Attrpath');
}

/** The value of `path = value;`. */
export function bindingValue(binding: NixNode): NixNode | undefined {
  return expressionAfter(binding, '=');
}

/** The attribute names of an Attrpath: Ident, String or Dynamic nodes. */
export function attrNames(attrpath: NixNode): NixNode[] {
  return attrpath.nodes.filter(isAttrName);
}

/** Whether a child of an Attrpath is one of its names. */
export function isAttrName(n: NixNode): boolean {
  return n.kind === 'Ident' || n.kind === 'String' || n.kind === 'Dynamic';
}

/** For `inherit (from) a b;`: the `from` expression, if any. */
export function inheritSource(inherit: NixNode): NixNode | undefined {
  const from = inherit.nodes.find((c) => c.kind === 'InheritFrom');
  return from ? expressions(from)[0] : undefined;
}

export function inheritedNames(inherit: NixNode): NixNode[] {
  return inherit.nodes.filter((c) => c.kind === 'Ident' || c.kind === 'String' || c.kind === 'Dynamic');
}

/** An Ident node is one `ident` (or `or`) token. */
export function identName(ident: NixNode, text: string): string {
  return ident.kind === 'Ident' ? text.slice(ident.start, ident.end) : '';
}

/** Elements of a List node. */
export function listElements(list: NixNode): NixNode[] {
  return expressions(list);
}

export function operatorOf(node: NixNode): NixToken | undefined {
  for (const c of node.children) {
    if (c.type === 'token' && c.kind !== 'whitespace' && c.kind !== 'comment') return c;
  }
  return undefined;
}

/** Every node of a subtree, pre-order. Iterative for the same reason. */
export function* nodesOf(node: NixNode): Generator<NixNode> {
  const stack: NixNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    yield n;
    for (let i = n.nodes.length - 1; i >= 0; i--) stack.push(n.nodes[i]!);
  }
}

/** The module body: what a NixOS module file evaluates to, past `{ config, ... }:` and `let ... in`. */
export function moduleBody(root: NixNode): NixNode | undefined {
  let n: NixNode | undefined = unparen(expressions(root)[0]);
  for (let guard = 0; n && guard < 100; guard++) {
    if (n.kind === 'Lambda' || n.kind === 'With' || n.kind === 'Assert' || n.kind === 'LetIn') {
      n = unparen(lastExpression(n));
    } else break;
  }
  return n;
}

export function lastExpression(node: NixNode): NixNode | undefined {
  const es = expressions(node);
  return es[es.length - 1];
}

/** An attribute name written without interpolation: `a`, `or`, `"a"`. */
export function staticName(attr: NixNode, text: string): string | undefined {
  if (attr.kind === 'Ident') return identName(attr, text);
  if (attr.kind !== 'String') return undefined;
  let out = '';
  for (const c of attr.children) {
    if (c.type === 'node') return undefined;
    if (c.kind === 'str_content') out += text.slice(c.start, c.end);
    else if (c.kind === 'str_escape') return undefined;
  }
  return out;
}

/** Which parameter of a lambda binds `name`: the whole argument, or a pattern entry. */
export function lambdaBinds(lambda: NixNode, name: string, text: string): 'whole' | NixNode | undefined {
  for (const c of lambda.nodes) {
    if (c.kind === 'Ident') return identName(c, text) === name ? 'whole' : undefined;
    if (c.kind === 'Pattern') {
      for (const p of c.nodes) {
        const id = p.nodes.find((x) => x.kind === 'Ident');
        if (!id || identName(id, text) !== name) continue;
        if (p.kind === 'PatEntry') return p;
        // `args@{ ... }`, written before or after the braces.
        if (p.kind === 'PatBind') return 'whole';
      }
      return undefined;
    }
  }
  return undefined;
}

/** `f a b` as the function and its arguments in order. */
export function spine(node: NixNode): { fn: NixNode | undefined; args: NixNode[] } {
  const args: NixNode[] = [];
  let n: NixNode | undefined = node;
  while (n && n.kind === 'Apply') {
    const [f, a] = expressions(n);
    if (a) args.unshift(a);
    n = unparen(f);
  }
  return { fn: n, args };
}
