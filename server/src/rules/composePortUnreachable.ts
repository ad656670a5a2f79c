import type { Facts } from '../model/facts';
import type { Protocol } from '../model/facts/firewall';
import type { ComposeService } from '../syntax/compose/model';
import { get } from '../syntax/compose/tree';
import type { Rule, RuleContext } from './rule';
import { neededPorts, type NeededPort } from './shared/snikketPorts';
import { tweakPort } from './shared/tweakPorts';

const SNIKKET_IMAGE = /(?:^|\/)snikket\/snikket-(server|web-proxy|cert-manager|web-portal)(?::|@|$)/;
const WEB = new Set([80, 443]);

/**
 * A plain compose deployment whose Snikket services neither share the host's network (upstream's
 * `network_mode: host`) nor publish the ports Snikket listens on: docker keeps those ports inside
 * the container network, so clients, other servers and Let's Encrypt never reach them.
 */
export const composePortUnreachable: Rule = {
  code: 'compose-port-unreachable',
  severity: 'error',
  summary: 'A Snikket compose service uses neither network_mode: host nor publishes the ports Snikket needs.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const compose = f.deployment.compose;
    // With NixOS containers the Nix definitions are what runs (firewall-port-missing judges them).
    if (!compose || f.containers.containers.length > 0) return;
    const services = compose.parsed.services;
    // Another service may be a reverse proxy on the same network, and an external network joins
    // other projects' containers: then what reaches Snikket cannot be told from this file.
    if (
      services.some((s) => !SNIKKET_IMAGE.test(s.image?.value ?? '')) ||
      compose.parsed.networks.some((n) => n.external)
    )
      return;
    for (const s of services) {
      const mode = s.networkMode?.value;
      if (mode === 'host' || (mode !== undefined && !['bridge', 'default', 'none'].includes(mode))) continue;
      const needed = portsOf(f, SNIKKET_IMAGE.exec(s.image!.value)![1]!);
      if (!needed || !allPortsRead(s)) continue;
      const missing = needed.filter((n) => mode === 'none' || !published(s, n.protocol, n.from, n.to));
      if (missing.length === 0) continue;
      const list = missing
        .map((n) => `${n.protocol.toUpperCase()} ${n.from === n.to ? n.from : `${n.from}–${n.to}`} (${n.purpose})`)
        .join(', ');
      ctx.report({
        doc: compose,
        span: s.networkMode?.span ?? s.nameSpan,
        message:
          mode === 'none'
            ? `Service ${s.name} has network_mode: none, so nothing reaches ${list}: Snikket's own docker-compose.yml uses network_mode: host`
            : `Service ${s.name} neither uses network_mode: host nor publishes ${list}: docker keeps these ports inside the container network, so nothing outside this host's containers reaches them (Snikket's own docker-compose.yml uses network_mode: host)`,
      });
    }
  },
};

/** The ports a Snikket container listens on for the outside; undefined when a setting is not known. */
function portsOf(f: Facts, role: string): NeededPort[] | undefined {
  if (role === 'web-proxy') {
    const http = tweakPort(f, 'http');
    const https = tweakPort(f, 'https');
    if (!http || !https) return undefined;
    return [
      { protocol: 'tcp', from: http.value, to: http.value, purpose: `HTTP, ${http.name}` },
      { protocol: 'tcp', from: https.value, to: https.value, purpose: `HTTPS, ${https.name}` },
    ];
  }
  if (role !== 'server' || !f.settings.source) return role === 'server' ? undefined : [];
  return neededPorts(f)?.filter((n) => !(n.from === n.to && WEB.has(n.from) && n.protocol === 'tcp'));
}

/** Whether every `ports:` entry was read (an interpolated one may publish anything). */
function allPortsRead(s: ComposeService): boolean {
  const raw = get(s.node, 'ports')?.value;
  if (raw === undefined) return true;
  return raw.kind === 'seq' && raw.items.length === s.ports.length;
}

/**
 * Whether the container ports from..to are all published. A port published to a host port docker
 * picks still reaches the outside (DNS SRV records may point there): only no entry at all is proof.
 */
function published(s: ComposeService, protocol: Protocol, from: number, to: number): boolean {
  for (let p = from; p <= to; p++) {
    const hit = s.ports.some((x) => x.protocol === protocol && x.target.start <= p && p <= x.target.end);
    if (!hit) return false;
  }
  return true;
}
