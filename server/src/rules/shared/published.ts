/** Host ports that containers publish (`ports`, `-p`/`--publish`): reachable whatever the NixOS firewall says. */
import type { Facts } from '../../model/facts';
import { usesHostNetwork } from '../../model/facts/containers';
import { opens, type Protocol } from '../../model/facts/firewall';
import { parseShortPort } from '../../syntax/compose/shortSyntax';

export function publishedPorts(f: Facts): { protocol: Protocol; port: number }[] {
  const out: { protocol: Protocol; port: number }[] = [];
  for (const c of f.containers.containers) {
    if (usesHostNetwork(c)) continue;
    const specs = c.ports.map((p) => p.value);
    const opts = c.extraOptions.map((o) => o.value ?? '');
    for (let i = 0; i < opts.length; i++) {
      const m = /^(?:-p|--publish)(?:=|$)(.*)$/.exec(opts[i]!);
      if (m) specs.push(m[1] ? m[1] : opts[++i]);
    }
    for (const spec of specs) {
      // `-p` takes compose's short syntax; a bare container port publishes nothing predictable.
      const p = spec ? parseShortPort(spec.trim()) : undefined;
      if (!p || 'error' in p || !p.published || (p.protocol !== 'tcp' && p.protocol !== 'udp')) continue;
      const { start, end } = p.published.range;
      for (let port = start; port <= end && port - start < 70000; port++) out.push({ protocol: p.protocol, port });
    }
  }
  return out;
}

/** Whether every port of from..to can be reached: the firewall opens it or a container publishes it. */
export function reachable(f: Facts, published: { protocol: Protocol; port: number }[], protocol: Protocol, from: number, to: number): boolean {
  if (f.firewall.disabled) return true;
  for (let p = from; p <= to; p++) {
    if (!opens(f.firewall, protocol, p) && !isPublished(published, protocol, p)) return false;
  }
  return true;
}

function isPublished(published: { protocol: Protocol; port: number }[], protocol: Protocol, port: number): boolean {
  for (const x of published) if (x.protocol === protocol && x.port === port) return true;
  return false;
}
