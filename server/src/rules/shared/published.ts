/** Host ports that containers publish (`ports`, `-p`/`--publish`): reachable whatever the NixOS firewall says. */
import type { Facts } from '../../model/facts';
import { usesHostNetwork } from '../../model/facts/containers';
import type { Protocol } from '../../model/facts/firewall';

export function publishedPorts(f: Facts): { protocol: Protocol; port: number }[] {
  const out: { protocol: Protocol; port: number }[] = [];
  for (const c of f.containers.containers) {
    if (usesHostNetwork(c)) continue;
    const specs = c.ports.map((p) => p.value);
    const opts = c.extraOptions.map((o) => o.value ?? '');
    for (let i = 0; i < opts.length; i++) {
      const o = opts[i]!;
      const m = /^(?:-p|--publish)(?:=|$)(.*)$/.exec(o);
      if (m) specs.push(m[1] ? m[1] : opts[++i]);
    }
    for (const spec of specs) if (spec) out.push(...parsePublish(spec));
  }
  return out;
}

/** `[ip:]host[-hostEnd]:container[/proto]`; a bare container port publishes nothing predictable. */
function parsePublish(spec: string): { protocol: Protocol; port: number }[] {
  const m = /^(?:(?:\[[^\]]*\]|[\d.]+):)?(\d+)(?:-(\d+))?:\d+(?:-\d+)?(?:\/(tcp|udp))?$/.exec(spec.trim());
  if (!m) return [];
  const from = Number(m[1]);
  const to = m[2] ? Number(m[2]) : from;
  const protocol = (m[3] as Protocol | undefined) ?? 'tcp';
  const out: { protocol: Protocol; port: number }[] = [];
  for (let p = from; p <= to && p - from < 70000; p++) out.push({ protocol, port: p });
  return out;
}
