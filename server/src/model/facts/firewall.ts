/** What `networking.firewall` opens, list by list, with where each list is written. */
import type { OptionDefinition } from '../../syntax/nix/options';
import type { NixNode } from '../../syntax/nix/tree';
import { findDefinitions } from '../../syntax/nix/options';
import { bindingValue, spine, unparen } from '../../syntax/nix/view';
import type { NixDoc } from '../documents';

export type Protocol = 'tcp' | 'udp';

export interface PortItem {
  value: number;
  node: NixNode;
}

export interface RangeItem {
  from?: { value: number; node: NixNode };
  to?: { value: number; node: NixNode };
  node: NixNode;
}

export interface PortList {
  protocol: Protocol;
  kind: 'ports' | 'ranges';
  def: OptionDefinition;
  doc: NixDoc;
  /** The list literal, when the value is one (where elements can be added). */
  list: NixNode | undefined;
  ports: PortItem[];
  ranges: RangeItem[];
  /** False when some element or part of the list is not knowable. */
  complete: boolean;
  /** Per-interface lists open ports on one interface only. */
  iface: string | undefined;
}

export interface FirewallFacts {
  lists: PortList[];
  /** `networking.firewall.enable = false` somewhere (known, unconditional). */
  disabled: boolean;
  /** The `enable = false` definition, for the finding that says the host has no firewall. */
  disabledAt?: { doc: NixDoc; node: NixNode };
  /**
   * Something could open ports that we cannot read: a firewall set or interface block that is not a
   * literal, an attribute name computed from something unknown, `enable` set to an unknown value,
   * `extraCommands`/`extraInputRules`, or an nftables ruleset of its own while the firewall is off.
   */
  opaque: boolean;
}

const OPTION: Record<string, { protocol: Protocol; kind: 'ports' | 'ranges' }> = {
  allowedTCPPorts: { protocol: 'tcp', kind: 'ports' },
  allowedUDPPorts: { protocol: 'udp', kind: 'ports' },
  allowedTCPPortRanges: { protocol: 'tcp', kind: 'ranges' },
  allowedUDPPortRanges: { protocol: 'udp', kind: 'ranges' },
};

/** Options whose value can open ports beyond the allowed* lists. */
const RAW_RULES = new Set(['extraCommands', 'extraInputRules']);

export function readFirewall(docs: NixDoc[]): FirewallFacts {
  const lists: PortList[] = [];
  let disabled = false;
  let disabledAt: FirewallFacts['disabledAt'];
  let opaque = false;
  let ownNftables = false;
  for (const doc of docs) {
    for (const def of doc.defs) {
      const p = def.path;
      if (
        p[0]?.name === 'networking' &&
        p[1]?.name === 'nftables' &&
        (p[2]?.name === 'ruleset' || p[2]?.name === 'tables')
      )
        ownNftables = true;
      if (p[0]?.name !== 'networking') continue;
      // `networking = x;` or `networking.firewall = x;` with x unreadable hides every list inside.
      if (p.length <= 2 && (p.length === 1 || p[1]?.name === 'firewall') && !doc.ev.attrsOf(def.value)) opaque = true;
      if (p.length >= 2 && p[1]?.name === undefined) opaque = true;
      if (p[1]?.name !== 'firewall') continue;
      if (p.length >= 3 && p[2]!.name === undefined) opaque = true;
      if (p.length === 3 && RAW_RULES.has(p[2]!.name ?? '')) opaque = true;
      if (
        p[2]?.name === 'interfaces' &&
        ((p.length === 3 && !doc.ev.attrsOf(def.value)) ||
          (p.length === 4 && (p[3]!.name === undefined || !doc.ev.attrsOf(def.value))))
      )
        opaque = true;
      let option: string | undefined;
      let iface: string | undefined;
      if (p.length === 3) option = p[2]!.name;
      else if (p.length === 5 && p[2]!.name === 'interfaces') {
        option = p[4]!.name;
        iface = p[3]!.name ?? '?';
      }
      const shape = option ? OPTION[option] : undefined;
      if (!shape) continue;
      lists.push(readList(doc, def, shape.protocol, shape.kind, iface));
    }
    for (const def of findDefinitions(doc.defs, ['networking', 'firewall', 'enable'])) {
      const v = doc.ev.evaluate(def.value);
      const conditional = conditionalDef(doc, def);
      if (v.kind === 'bool' && !v.value && !conditional) {
        disabled = true;
        disabledAt ??= { doc, node: def.value };
      } else if (v.kind !== 'bool' || conditional) opaque = true;
    }
  }
  // With the firewall off, a ruleset of the host's own decides: we do not read nftables rules.
  if (disabled && ownNftables) {
    disabled = false;
    disabledAt = undefined;
    opaque = true;
  }
  return { lists, disabled, ...(disabledAt ? { disabledAt } : {}), opaque };
}

function readList(
  doc: NixDoc,
  def: OptionDefinition,
  protocol: Protocol,
  kind: 'ports' | 'ranges',
  iface: string | undefined,
): PortList {
  const list = doc.ev.listOf(def.value);
  const literal = unparen(def.value);
  const out: PortList = {
    protocol,
    kind,
    def,
    doc,
    iface,
    list: literal?.kind === 'List' ? literal : undefined,
    ports: [],
    ranges: [],
    complete: list?.complete ?? false,
  };
  for (const item of list?.items ?? []) {
    if (kind === 'ports') {
      const v = doc.ev.evaluate(item);
      if (v.kind === 'int') out.ports.push({ value: v.value, node: item });
      else out.complete = false;
    } else {
      const attrs = doc.ev.attrsOf(item);
      if (!attrs) {
        out.complete = false;
        continue;
      }
      const bound = (name: string): { value: number; node: NixNode } | undefined => {
        const n = doc.ev.lookupBinding(attrs, name);
        if (!n) return undefined;
        const v = doc.ev.evaluate(n);
        return v.kind === 'int' ? { value: v.value, node: n } : undefined;
      };
      const from = bound('from');
      const to = bound('to');
      if (!from || !to) out.complete = false;
      out.ranges.push({ ...(from ? { from } : {}), ...(to ? { to } : {}), node: item });
    }
  }
  return out;
}

/** Whether a definition applies only under a condition: inside `mkIf`/`if`, or its value wrapped in `mkIf`. */
export function conditionalDef(doc: NixDoc, def: OptionDefinition): boolean {
  if (def.conditional) return true;
  let n = unparen(bindingValue(def.binding));
  for (let guard = 0; guard < 10 && n?.kind === 'Apply'; guard++) {
    const { fn, args } = spine(n);
    const name = fn ? doc.ev.calleeName(fn) : undefined;
    if (name === 'mkIf') return true;
    if (name !== 'mkDefault' && name !== 'mkForce' && name !== 'mkOverride') return false;
    n = unparen(args[args.length - 1]);
  }
  return false;
}

/** The list that opens `port` for `protocol`, host-wide or on an interface (a port opened on an interface counts). */
export function opens(fw: FirewallFacts, protocol: Protocol, port: number): PortList | undefined {
  // Plain loops: the rules ask this for every port of the TURN range on every check.
  for (const l of fw.lists) {
    if (l.protocol !== protocol) continue;
    for (const p of l.ports) if (p.value === port) return l;
    for (const r of l.ranges) if (r.from && r.to && r.from.value <= port && port <= r.to.value) return l;
  }
  return undefined;
}

/** Whether every list that could open a port is fully knowable. */
export function fullyKnown(fw: FirewallFacts, protocol: Protocol): boolean {
  return !fw.opaque && fw.lists.every((l) => l.protocol !== protocol || (l.complete && !conditionalDef(l.doc, l.def)));
}
