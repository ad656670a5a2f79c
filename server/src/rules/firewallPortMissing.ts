import type { NixDoc } from '../model/documents';
import { fullyKnown, type PortList, type Protocol } from '../model/facts/firewall';
import { addBinding, appendToList } from '../syntax/nix/edits';
import { attrNames, attrpathOf, moduleBody } from '../syntax/nix/view';
import type { Rule, RuleContext, SpanEdit } from './rule';
import { publishedPorts, reachable } from './shared/published';
import { neededPorts, type NeededPort } from './shared/snikketPorts';

/** Every port Snikket needs must be opened by some firewall list or range, or published by a container. */
export const firewallPortMissing: Rule = {
  code: 'firewall-port-missing',
  severity: 'error',
  summary: 'A port Snikket needs is not opened by any firewall list or range.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    if (!f.settings.source || f.firewall.disabled || f.deployment.nix.length === 0) return;
    const needed = neededPorts(f);
    if (!needed) return;
    const published = publishedPorts(f);
    // A list we cannot read might open a port: stay silent about that protocol rather than guess.
    const missing = needed.filter((n) => fullyKnown(f.firewall, n.protocol) && !reachable(f, published, n.protocol, n.from, n.to));
    if (missing.length === 0) return;
    const target = preferredDoc(f.firewall.lists, f.deployment.nix, f.containers.generated);
    if (!target) return;
    const edits = fixEdits(target, f.firewall.lists.filter((l) => l.doc === target && l.iface === undefined), missing);
    const anchorList = f.firewall.lists.find((l) => l.doc === target && l.iface === undefined && l.protocol === 'tcp' && l.kind === 'ports') ?? f.firewall.lists.find((l) => l.doc === target);
    const body = moduleBody(target.parse.root);
    const span = anchorList ? anchorList.def.value : body ? { start: body.start, end: body.start + 1 } : { start: 0, end: 0 };
    ctx.report({
      doc: target,
      span,
      message: `The firewall does not open ${missing.map(label).join(', ')}, which Snikket needs: those services are unreachable`,
      fixes: edits ? [{ title: `Open ${missing.map(label).join(', ')}`, isPreferred: true, edits }] : [],
    });
  },
};

function label(n: NeededPort): string {
  const ports = n.from === n.to ? `${n.from}` : `${n.from}–${n.to}`;
  return `${n.protocol.toUpperCase()} ${ports} (${n.purpose})`;
}

/** The hand-written file that already opens Snikket's ports, else the first hand-written one. */
function preferredDoc(lists: PortList[], docs: NixDoc[], generated: NixDoc | undefined): NixDoc | undefined {
  const own = lists.filter((l) => l.doc !== generated && l.iface === undefined);
  const snikketish = own.find((l) => l.ports.some((p) => p.value === 5222) || l.kind === 'ranges');
  return snikketish?.doc ?? own[0]?.doc ?? docs.find((d) => d !== generated && /virtualHosts|snikket/i.test(d.text)) ?? docs.find((d) => d !== generated);
}

const OPTION: Record<string, string> = { 'tcp-ports': 'allowedTCPPorts', 'udp-ports': 'allowedUDPPorts', 'tcp-ranges': 'allowedTCPPortRanges', 'udp-ranges': 'allowedUDPPortRanges' };

function fixEdits(doc: NixDoc, lists: PortList[], missing: NeededPort[]): SpanEdit[] | undefined {
  const groups = new Map<string, string[]>();
  for (const n of missing) {
    const kind = n.from === n.to ? 'ports' : 'ranges';
    const key = `${n.protocol}-${kind}`;
    const item = kind === 'ports' ? String(n.from) : `{ from = ${n.from}; to = ${n.to}; }`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const edits: SpanEdit[] = [];
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
    // Add next to an existing firewall definition, spelled the way that one is.
    const sibling = lists[0];
    if (sibling) {
      const path = attrpathOf(sibling.def.binding);
      const written = path ? attrNames(path).length : 1;
      const prefixInBinding = sibling.def.path.slice(sibling.def.path.length - written, -1).map((k) => k.name).join('.');
      const text = newBindings.map((b) => (prefixInBinding ? `${prefixInBinding}.${b}` : b)).join('\n');
      for (const b of text.split('\n')) {
        const e = addBinding(sibling.def.attrset, doc.text, b);
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
