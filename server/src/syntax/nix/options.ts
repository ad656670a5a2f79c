/**
 * The option definitions a NixOS module makes, however they are spelled:
 * `networking.firewall.allowedTCPPorts = [...]`, `networking = { firewall.allowedTCPPorts = ...; }`,
 * `virtualHosts."${domain}" = vhost;` with `vhost` a let-bound set, `lib.mkIf`/`lib.mkMerge` blocks.
 */
import type { Evaluator } from './evaluate';
import type { NixNode, NodeKind } from './tree';
import { attrpathOf, bindingValue, expressions, isAttrName, moduleBody, spine, unparen } from './view';

export interface KeySegment {
  /** The attribute name, or undefined when it is computed from something unknown. */
  name: string | undefined;
  node: NixNode;
}

export interface OptionDefinition {
  path: KeySegment[];
  /** The value, module-system wrappers (mkForce, mkDefault...) removed. */
  value: NixNode;
  /** The `path = value;` binding that makes this definition. */
  binding: NixNode;
  /** The attrset holding that binding: where a sibling binding can be added. */
  attrset: NixNode;
  /** Under `mkIf` or `if`: it may not apply. */
  conditional: boolean;
}

const MAX_NESTING = 40;

/** The expressions Evaluator.compute may turn into a set written elsewhere (Apply, IfElse and AttrSet are visited before). */
const MAY_BE_A_SET: ReadonlySet<NodeKind> = new Set<NodeKind>([
  'Ident',
  'Select',
  'BinOp',
  'LetIn',
  'With',
  'Assert',
  'Paren',
]);

export function collectDefinitions(root: NixNode, ev: Evaluator): OptionDefinition[] {
  const out: OptionDefinition[] = [];
  const body = moduleBody(root);
  if (body) visit(body, [], false, 0);
  // A module's top-level `config` holds its definitions; there is no option named `config`.
  for (const d of out) if (d.path[0]?.name === 'config') d.path = d.path.slice(1);
  return out;

  function visit(expr: NixNode, prefix: KeySegment[], conditional: boolean, depth: number): void {
    if (depth > MAX_NESTING) return;
    const node = unparen(expr);
    if (!node) return;
    if (node.kind === 'AttrSet') return visitAttrset(node, prefix, conditional, depth);
    if (node.kind === 'IfElse') {
      for (const branch of expressions(node).slice(1)) visit(branch, prefix, true, depth + 1);
      return;
    }
    if (node.kind === 'Apply') {
      const { fn, args } = spine(node);
      const name = fn ? ev.calleeName(fn) : undefined;
      const last = args[args.length - 1];
      if (!last) return;
      if (name === 'mkMerge') {
        const list = ev.listOf(last);
        for (const item of list?.items ?? []) visit(item, prefix, conditional, depth + 1);
        return;
      }
      if (name === 'mkIf') return visit(last, prefix, true, depth + 1);
      if (name === 'mkDefault' || name === 'mkForce' || name === 'mkOverride' || name === 'mkOrder') {
        return visit(last, prefix, conditional, depth + 1);
      }
      return;
    }
    // A variable bound to a set: `virtualHosts.${domain} = vhostConfig;`. Literals, strings,
    // lists and functions never are one: evaluating each of them cost more than the walk itself.
    if (!MAY_BE_A_SET.has(node.kind)) return;
    const attrs = ev.attrsOf(node);
    if (attrs && attrs !== node) visit(attrs, prefix, conditional, depth + 1);
  }

  function visitAttrset(attrset: NixNode, prefix: KeySegment[], conditional: boolean, depth: number): void {
    // Loops, not bindings()/attrNames() and spreads: a module makes hundreds of definitions, and
    // their intermediate arrays were most of what collecting them allocated.
    for (const b of attrset.nodes) {
      if (b.kind !== 'AttrpathValue') continue;
      const path = attrpathOf(b);
      const raw = bindingValue(b);
      if (!path || !raw) continue;
      let count = prefix.length;
      for (const n of path.nodes) if (isAttrName(n)) count++;
      // Sized once: growing by push reserves room for a dozen more segments in every path.
      const full = new Array<KeySegment>(count);
      for (let i = 0; i < prefix.length; i++) full[i] = prefix[i]!;
      count = prefix.length;
      for (const n of path.nodes) if (isAttrName(n)) full[count++] = keySegment(n, ev);
      out.push({ path: full, value: unwrap(raw, ev), binding: b, attrset, conditional });
      visit(raw, full, conditional, depth + 1);
    }
  }
}

/**
 * An attribute name as the current host reads it. A computed name (`virtualHosts.${config.networking.domain}`)
 * is evaluated when first asked for, and again when the evaluator reads another host's modules:
 * a module shared by two hosts has each host's names, and resolving one option does not
 * evaluate the names of unrelated ones (which could read that option back).
 */
function keySegment(node: NixNode, ev: Evaluator): KeySegment {
  if (node.kind === 'Ident') return { name: ev.attrName(node), node };
  return new ComputedKey(node, ev);
}

/** A class, not an object with a getter and its closure: a third of the size, and one shape for all. */
class ComputedKey implements KeySegment {
  private generation = -1;
  private cached: string | undefined;

  constructor(
    readonly node: NixNode,
    private readonly ev: Evaluator,
  ) {}

  get name(): string | undefined {
    if (this.generation !== this.ev.generation) {
      this.generation = this.ev.generation;
      this.cached = this.ev.attrName(this.node);
    }
    return this.cached;
  }
}

/** `lib.mkForce x` → x, repeatedly. */
function unwrap(node: NixNode, ev: Evaluator): NixNode {
  let n: NixNode = unparen(node) ?? node;
  for (let guard = 0; guard < 10 && n.kind === 'Apply'; guard++) {
    const { fn, args } = spine(n);
    const name = fn ? ev.calleeName(fn) : undefined;
    const last = args[args.length - 1];
    if (!last || !(name === 'mkDefault' || name === 'mkForce' || name === 'mkOverride' || name === 'mkIf')) break;
    n = unparen(last) ?? last;
  }
  return n;
}

/** `'*'` matches any one segment, known or not; other pattern items must equal a known name. */
function matchPath(path: readonly KeySegment[], pattern: readonly string[]): boolean {
  if (path.length !== pattern.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '*' && path[i]!.name !== pattern[i]) return false;
  }
  return true;
}

export function findDefinitions(defs: readonly OptionDefinition[], pattern: readonly string[]): OptionDefinition[] {
  return defs.filter((d) => matchPath(d.path, pattern));
}
