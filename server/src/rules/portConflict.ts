import type { Facts } from '../model/facts';
import { usesHostNetwork } from '../model/facts/containers';
import type { Protocol } from '../model/facts/firewall';
import type { Rule, RuleContext } from './rule';
import { hostServicePorts } from './shared/hostServices';
import { containerPorts } from './shared/published';
import { neededPorts } from './shared/snikketPorts';
import { tweakPort } from './shared/tweakPorts';

interface Claim {
  protocol: Protocol;
  from: number;
  to: number;
  purpose: string;
}

/** Two programs cannot listen on one host port: whichever starts second fails. */
export const portConflict: Rule = {
  code: 'port-conflict',
  severity: 'error',
  summary:
    'Another service of the host (coturn, nix-serve, a docker registry, another XMPP server, another container) listens on a port Snikket needs.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const claims = snikketClaims(f);
    if (!claims) return;
    for (const other of hostServicePorts(f.deployment.nix)) {
      const hits = claims.filter(
        (c) => other.protocols.includes(c.protocol) && c.from <= other.to && other.from <= c.to,
      );
      if (hits.length === 0) continue;
      const ports = other.from === other.to ? `${other.from}` : `${other.from}–${other.to}`;
      ctx.report({
        doc: other.doc,
        span: other.node,
        message: `${other.service} listens on ${other.protocols.map((p) => p.toUpperCase()).join('/')} ${ports} (${other.what}), which Snikket needs for ${unique(hits.map((h) => h.purpose)).join(', ')} on this host: whichever starts second cannot bind ${other.from === other.to ? 'it' : 'them'}`,
      });
    }
    for (const c of f.containers.containers) {
      if (c.role !== 'other') continue;
      const taken = containerPorts(c);
      const hits = claims.filter((cl) =>
        taken.some((t) => t.protocol === cl.protocol && cl.from <= t.port && t.port <= cl.to),
      );
      if (hits.length === 0) continue;
      const ports = unique(
        taken
          .filter((t) => hits.some((h) => h.protocol === t.protocol && h.from <= t.port && t.port <= h.to))
          .map((t) => `${t.protocol.toUpperCase()} ${t.port}`),
      );
      ctx.report({
        doc: c.doc,
        span: c.def.path[3]?.node ?? c.def.value,
        message: `The container ${c.name} publishes ${ports.join(', ')}, which Snikket needs for ${unique(hits.map((h) => h.purpose)).join(', ')} on this host: whichever starts second cannot bind it`,
      });
    }
  },
};

/**
 * The host ports Snikket itself takes: every port it needs when its server shares the host's
 * network, else only what its containers publish. Undefined when that cannot be told.
 */
function snikketClaims(f: Facts): Claim[] | undefined {
  if (!f.settings.source) return undefined;
  const server = f.containers.containers.filter((c) => c.role === 'server');
  if (server.length !== 1) return undefined;
  const needed = neededPorts(f);
  if (!needed) return undefined;
  const claims: Claim[] = needed.filter((n) => n.from !== 80 && n.from !== 443).map((n) => ({ ...n }));
  const proxy = f.containers.containers.find((c) => c.role === 'proxy');
  // Snikket's web proxy binds the tweak ports.
  for (const kind of ['http', 'https'] as const) {
    const p = tweakPort(f, kind);
    if (p)
      claims.push({
        protocol: 'tcp',
        from: p.value,
        to: p.value,
        purpose: `its ${kind.toUpperCase()} port (${p.name})`,
      });
  }
  if (usesHostNetwork(server[0]!) && (!proxy || usesHostNetwork(proxy))) return claims;
  const published = f.containers.containers.filter((c) => c.role !== 'other').flatMap((c) => containerPorts(c));
  return claims.filter((c) => published.some((p) => p.protocol === c.protocol && c.from <= p.port && p.port <= c.to));
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
