import type { NixDoc } from '../model/documents';
import type { Facts } from '../model/facts';
import { fullyKnown, type PortList, type Protocol } from '../model/facts/firewall';
import { addBinding, appendToList, replaceInt } from '../syntax/nix/edits';
import { attrNames, attrpathOf, moduleBody } from '../syntax/nix/view';
import type { Rule, RuleContext, SpanEdit } from './rule';
import { publishedPorts, reachable } from './shared/published';
import { neededPorts, type NeededPort } from './shared/snikketPorts';
import { firewallRelayRange } from './shared/turnRange';

/** Every port Snikket needs must be opened by some firewall list or range, or published by a container. */
export const firewallPortMissing: Rule = {
  code: 'firewall-port-missing',
  severity: 'error',
  summary: 'A port Snikket needs is not opened by any firewall list or range.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    if (f.deployment.nix.length === 0) return;
    if (f.firewall.disabledAt) {
      // Nothing is missing on a host without a firewall; saying so once is worth it.
      const { doc, node } = f.firewall.disabledAt;
      ctx.report({
        doc,
        span: node,
        severity: 'information',
        message:
          'networking.firewall.enable = false: this host has no firewall, so every port a service listens on is reachable, including ports meant for localhost only',
      });
      return;
    }
    if (!f.settings.source || f.firewall.disabled) return;
    const needed = neededPorts(f);
    if (!needed) return;
    const published = publishedPorts(f);
    // A drifted relay range is turn-range-mismatch's one finding, not a second one here.
    const relay = firewallRelayRange(f);
    // A list we cannot read might open a port: stay silent about that protocol rather than guess.
    const missing = needed.filter(
      (n) =>
        !(relay && n.purpose === RELAY) &&
        fullyKnown(f.firewall, n.protocol) &&
        !reachable(f, published, n.protocol, n.from, n.to),
    );
    if (missing.length === 0) return;
    const scope = preferredScope(f);
    if (!scope) return;
    const edits = fixEdits(scope, missing);
    const anchorList = scope.lists.find((l) => l.protocol === 'tcp' && l.kind === 'ports') ?? scope.lists[0];
    const body = moduleBody(scope.doc.parse.root);
    const span = anchorList
      ? anchorList.def.value
      : body
        ? { start: body.start, end: body.start + 1 }
        : { start: 0, end: 0 };
    const on = scope.iface !== undefined ? ` on ${scope.iface}` : '';
    ctx.report({
      doc: scope.doc,
      span,
      message: `The firewall does not open ${missing.map(label).join(', ')}, which Snikket needs: those services are unreachable`,
      fixes: edits ? [{ title: `Open ${missing.map(label).join(', ')}${on}`, isPreferred: true, edits }] : [],
    });
  },
};

const RELAY = 'TURN relay';

function label(n: NeededPort): string {
  const ports = n.from === n.to ? `${n.from}` : `${n.from}–${n.to}`;
  return `${n.protocol.toUpperCase()} ${ports} (${n.purpose})`;
}

/** Where the user opens ports: one file, host-wide or one interface. */
interface Scope {
  doc: NixDoc;
  iface: string | undefined;
  lists: PortList[];
}

/**
 * The block that already opens Snikket's ports (5222 or a UDP range), host-wide or per interface:
 * a fix adds there, never host-wide when the user opens per interface. Else the first block, else
 * the first hand-written file.
 */
function preferredScope(f: Facts): Scope | undefined {
  const generated = f.containers.generated;
  const scopes: Scope[] = [];
  for (const l of f.firewall.lists) {
    if (l.doc === generated) continue;
    let s = scopes.find((x) => x.doc === l.doc && x.iface === l.iface);
    if (!s) scopes.push((s = { doc: l.doc, iface: l.iface, lists: [] }));
    s.lists.push(l);
  }
  const snikketish = scopes.find((s) =>
    s.lists.some((l) => l.ports.some((p) => p.value === 5222) || (l.kind === 'ranges' && l.protocol === 'udp')),
  );
  if (snikketish) return snikketish;
  if (scopes[0]) return scopes.find((s) => s.iface === undefined) ?? scopes[0];
  const docs = f.deployment.nix;
  const doc =
    docs.find((d) => d !== generated && /virtualHosts|snikket/i.test(d.text)) ?? docs.find((d) => d !== generated);
  return doc ? { doc, iface: undefined, lists: [] } : undefined;
}

const OPTION: Record<string, string> = {
  'tcp-ports': 'allowedTCPPorts',
  'udp-ports': 'allowedUDPPorts',
  'tcp-ranges': 'allowedTCPPortRanges',
  'udp-ranges': 'allowedUDPPortRanges',
};

function fixEdits(scope: Scope, missing: NeededPort[]): SpanEdit[] | undefined {
  const { doc, lists } = scope;
  const groups = new Map<string, string[]>();
  const edits: SpanEdit[] = [];
  for (const n of missing) {
    const kind = n.from === n.to ? 'ports' : 'ranges';
    const key = `${n.protocol}-${kind}`;
    if (kind === 'ranges') {
      const merged = mergeIntoRange(doc, lists, n);
      if (merged === null) return undefined;
      if (merged) {
        edits.push(...merged);
        continue;
      }
    }
    const item = kind === 'ports' ? String(n.from) : `{ from = ${n.from}; to = ${n.to}; }`;
    const items = groups.get(key) ?? [];
    if (!items.includes(item)) groups.set(key, [...items, item]);
  }
  const newBindings: string[] = [];
  for (const [key, items] of groups) {
    const [protocol, kind] = key.split('-') as [Protocol, 'ports' | 'ranges'];
    const list = lists.find((l) => l.protocol === protocol && l.kind === kind && l.list);
    if (list?.list) {
      const e = appendToList(list.list, doc.text, items);
      if (!e) return undefined;
      edits.push({ doc, ...e });
    } else newBindings.push(`${OPTION[key]} = [ ${items.join(' ')} ];`);
  }
  if (newBindings.length > 0) {
    // Add next to an existing definition of the same block, spelled the way that one is.
    const sibling = lists[0];
    if (sibling) {
      const path = attrpathOf(sibling.def.binding);
      const written = path ? attrNames(path).length : 1;
      const prefix = sibling.def.path
        .slice(sibling.def.path.length - written, -1)
        .map((k) => doc.text.slice(k.node.start, k.node.end))
        .join('.');
      for (const b of newBindings) {
        const e = addBinding(sibling.def.attrset, doc.text, prefix ? `${prefix}.${b}` : b);
        if (!e) return undefined;
        edits.push({ doc, ...e });
      }
    } else {
      const body = moduleBody(doc.parse.root);
      if (!body || body.kind !== 'AttrSet') return undefined;
      for (const b of newBindings) {
        const e = addBinding(body, doc.text, `networking.firewall.${b}`);
        if (!e) return undefined;
        edits.push({ doc, ...e });
      }
    }
  }
  return mergeSamePoint(edits);
}

/**
 * A needed range that touches a range the block already opens widens that range rather than adding
 * a second one. Undefined when none touches; null when one does but its bounds cannot be edited.
 */
function mergeIntoRange(doc: NixDoc, lists: PortList[], n: NeededPort): SpanEdit[] | null | undefined {
  for (const l of lists) {
    if (l.protocol !== n.protocol || l.kind !== 'ranges') continue;
    for (const r of l.ranges) {
      if (!r.from || !r.to || r.from.value > n.to + 1 || n.from > r.to.value + 1) continue;
      const edits: SpanEdit[] = [];
      for (const [bound, value] of [
        [r.from, Math.min(r.from.value, n.from)],
        [r.to, Math.max(r.to.value, n.to)],
      ] as const) {
        if (bound.value === value) continue;
        const e = replaceInt(doc.ev.evaluate(bound.node), value);
        if (!e) return null;
        edits.push({ doc, ...e });
      }
      return edits;
    }
  }
  return undefined;
}

/** Several bindings added at one point become one edit, so the fix applies cleanly. */
function mergeSamePoint(edits: SpanEdit[]): SpanEdit[] {
  const out: SpanEdit[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.doc === e.doc && o.start === e.start && o.end === e.end && o.start === o.end);
    if (same) same.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}
