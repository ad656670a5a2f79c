/** Which nginx virtual hosts serve Snikket: by name, by alias, or by proxying to Snikket's ports. */
import type { Facts } from '../../model/facts';
import type { VirtualHost } from '../../model/facts/nginx';
import { isLoopback, parseHostPort } from '../../syntax/hostPort';
import type { NixValue } from '../../syntax/nix/evaluate';
import type { NixNode } from '../../syntax/nix/tree';
import { tweakPort } from './tweakPorts';

export function snikketNames(domain: string): string[] {
  return [domain, `groups.${domain}`, `share.${domain}`];
}

/** Most rules ask; the answer is the same for one set of facts. */
const cache = new WeakMap<Facts, VirtualHost[]>();

export function snikketVhosts(facts: Facts): VirtualHost[] {
  let hit = cache.get(facts);
  if (!hit) cache.set(facts, (hit = findSnikketVhosts(facts)));
  return hit;
}

function findSnikketVhosts(facts: Facts): VirtualHost[] {
  const domain = facts.settings.get('SNIKKET_DOMAIN')?.value;
  const names = domain ? new Set(snikketNames(domain)) : new Set<string>();
  const ports = new Set(
    [tweakPort(facts, 'http')?.value, tweakPort(facts, 'https')?.value].filter(
      (p): p is number => p !== undefined && p !== 80 && p !== 443,
    ),
  );
  return facts.nginx.vhosts.filter((v) => {
    // nixpkgs's server_name is serverName (the attribute name when unset) plus serverAliases.
    const primary = servedName(v).value;
    if (primary.kind === 'string' && primary.value.split(/\s+/).some((n) => names.has(n))) return true;
    if (v.serverAliases.some((a) => a.value !== undefined && names.has(a.value))) return true;
    // Another service's vhost may fall back elsewhere; only a local fallback points at Snikket.
    const fallback = v.acmeFallbackHost?.value;
    if (fallback?.kind === 'string' && isLoopback(parseHostPort(fallback.value)?.host ?? '')) return true;
    return v.locations.some((l) => {
      const target = l.proxyPass?.value;
      if (target?.kind !== 'string') return false;
      const hp = parseHostPort(target.value);
      return !!hp && isLoopback(hp.host) && hp.port !== undefined && ports.has(hp.port);
    });
  });
}

/** The name a vhost answers to: `serverName` when set (nixpkgs serves it), else the attribute name. */
export function servedName(v: VirtualHost): { value: NixValue; node: NixNode } {
  if (v.serverName && v.serverName.value.kind !== 'null')
    return { value: v.serverName.value, node: v.serverName.def.value };
  return { value: v.nameValue, node: v.key.node };
}

export function vhostLabel(v: VirtualHost): string {
  const sn = v.serverName?.value;
  if (sn?.kind === 'string') return sn.value;
  return v.nameValue.kind === 'string' ? v.nameValue.value : (v.name ?? 'a virtual host');
}

/**
 * Snikket vhosts whose attribute name is another domain's version of a Snikket name (`groups.` or
 * `share.` kept): domain-mismatch reports them, and `expected` is the name they serve once fixed.
 * Other rules treat them as serving `expected`, so one wrong domain gives one finding.
 */
export function misnamedVhosts(facts: Facts, domain: string): { v: VirtualHost; expected: string }[] {
  const names = snikketNames(domain);
  const out: { v: VirtualHost; expected: string }[] = [];
  for (const v of snikketVhosts(facts)) {
    // With serverName set, the attribute name is only a label (nixpkgs serves serverName).
    if (v.nameValue.kind !== 'string' || (v.serverName && v.serverName.value.kind !== 'null')) continue;
    const name = v.nameValue.value;
    if (names.includes(name)) continue;
    const prefix = ['groups.', 'share.'].find((p) => name.startsWith(p) && name.slice(p.length).includes('.')) ?? '';
    out.push({ v, expected: prefix + domain });
  }
  return out;
}
