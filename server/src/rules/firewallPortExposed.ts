import type { NixNode } from '../syntax/nix/tree';
import type { Severity } from '../model/findings';
import type { Rule, RuleContext } from './rule';
import { internalPorts, type InternalPort } from './shared/snikketPorts';

/** Ports meant for localhost only: opening them lets anyone bypass nginx or reach internal APIs. */
export const firewallPortExposed: Rule = {
  code: 'firewall-port-exposed',
  severity: 'warning',
  summary: 'An internal port (the tweak ports behind nginx, 5280, 5765) is opened in the firewall.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    if (!f.settings.source) return;
    const internal = new Map(internalPorts(f).map((i) => [i.port, i]));
    for (const list of f.firewall.lists) {
      if (list.protocol !== 'tcp' || list.doc === f.containers.generated) continue;
      for (const item of list.ports) {
        const port = internal.get(item.value);
        if (!port) continue;
        const { severity, consequence } = judge(port);
        ctx.report({
          doc: list.doc,
          span: item.node,
          severity,
          message: `Port ${item.value} is ${port.purpose}${consequence}`,
          fixes: [
            {
              title: `Close port ${item.value}`,
              isPreferred: true,
              edits: [{ doc: list.doc, ...removal(list.doc.text, item.node) }],
            },
          ],
        });
      }
      for (const r of list.ranges) {
        if (!r.from || !r.to) continue;
        for (const [port, p] of internal) {
          if (r.from.value <= port && port <= r.to.value) {
            const { severity, consequence } = judge(p);
            ctx.report({
              doc: list.doc,
              span: r.node,
              severity,
              message: `The range ${r.from.value}–${r.to.value} opens port ${port}, ${p.purpose}${consequence}`,
            });
          }
        }
      }
    }
  },
};

/**
 * The tweak ports bind every address: opening them exposes them. Prosody's and the portal's ports
 * listen on loopback unless their interface setting says otherwise: then opening them is hygiene.
 */
function judge(p: InternalPort): { severity: Severity; consequence: string } {
  if (!p.listens || p.listens.on === 'all') {
    return {
      severity: 'warning',
      consequence: `${p.listens ? ` and listens beyond loopback (${p.listens.why})` : ''}; opening it in the firewall exposes it to the internet`,
    };
  }
  if (p.listens.on === 'loopback') {
    return {
      severity: 'information',
      consequence: ` and listens on loopback only (${p.listens.why}): opening it in the firewall has no effect today, but exposes it if that setting changes`,
    };
  }
  return { severity: 'information', consequence: ` (${p.listens.why}): it should not be opened in the firewall` };
}

/** Deletes a list element with the whitespace before it, so `[ 80 5443 ]` becomes `[ 80 ]`. */
function removal(text: string, node: NixNode): { start: number; end: number; newText: string } {
  let start = node.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  // An element alone on its line takes its line break too.
  if (start > 0 && text[start - 1] === '\n' && /^[ \t]*(\r?\n|$)/.test(text.slice(node.end))) {
    start--;
    if (start > 0 && text[start - 1] === '\r') start--;
  }
  return { start, end: node.end, newText: '' };
}
