/** The ports Snikket needs reachable from outside (snikket-server docs/advanced/firewall.md), as this deployment sets them. */
import type { Facts } from '../../model/facts';
import { intSetting, switchSetting } from '../../model/facts/settings';
import type { Protocol } from '../../model/facts/firewall';
import { isLoopback, parseHostPort } from '../../syntax/hostPort';
import { snikketVhosts } from './snikketVhosts';
import { tweakPort } from './tweakPorts';

export interface NeededPort {
  protocol: Protocol;
  from: number;
  to: number;
  purpose: string;
}

/** Undefined when the switch is set where the checker cannot read it. */
export function turnEnabled(f: Facts): boolean | undefined {
  return switchSetting(f.settings, 'SNIKKET_TWEAK_TURNSERVER', true);
}

export function relayRange(f: Facts): { min: number; max: number } | undefined {
  const min = intSetting(f.settings, 'SNIKKET_TWEAK_TURNSERVER_MIN_PORT', 49152);
  const max = intSetting(f.settings, 'SNIKKET_TWEAK_TURNSERVER_MAX_PORT', 65535);
  return min && max ? { min: min.value, max: max.value } : undefined;
}

/** Undefined when a port setting is not an integer (conf-invalid-value says so). */
export function neededPorts(f: Facts): NeededPort[] | undefined {
  const proxy65 = intSetting(f.settings, 'SNIKKET_PROXY65_PORT', 5000);
  const turn = intSetting(f.settings, 'SNIKKET_TWEAK_TURNSERVER_PORT', 3478);
  if (!proxy65 || !turn) return undefined;
  const ports: NeededPort[] = [
    { protocol: 'tcp', from: 80, to: 80, purpose: 'HTTP (ACME challenges, redirects)' },
    { protocol: 'tcp', from: 443, to: 443, purpose: 'HTTPS (web portal, file sharing)' },
    { protocol: 'tcp', from: 5222, to: 5222, purpose: 'client connections' },
    { protocol: 'tcp', from: 5269, to: 5269, purpose: 'federation' },
    { protocol: 'tcp', from: proxy65.value, to: proxy65.value, purpose: 'file transfer proxy' },
  ];
  if (turnEnabled(f)) {
    const t = turn.value;
    for (const protocol of ['tcp', 'udp'] as const) {
      ports.push({ protocol, from: t, to: t, purpose: 'STUN/TURN' });
      ports.push({ protocol, from: t + 1, to: t + 1, purpose: 'STUN/TURN alternate port' });
      ports.push({ protocol, from: 5349, to: 5349, purpose: 'STUN/TURN over TLS' });
      ports.push({ protocol, from: 5350, to: 5350, purpose: 'STUN/TURN over TLS alternate port' });
    }
    const range = relayRange(f);
    if (range && range.min <= range.max)
      ports.push({ protocol: 'udp', from: range.min, to: range.max, purpose: 'TURN relay' });
  }
  return ports;
}

export interface InternalPort {
  port: number;
  purpose: string;
  /**
   * Where it listens, when an interface setting decides: `loopback` (the defaults), `all` (some
   * address beyond loopback) or `unknown`. Undefined for the tweak ports, which bind every address.
   */
  listens?: { on: 'loopback' | 'all' | 'unknown'; why: string };
}

/**
 * Ports meant for localhost only: Prosody's and the portal's internal HTTP ports, and the tweak
 * ports when a host nginx proxies to them on localhost (then only nginx should reach them).
 */
export function internalPorts(f: Facts): InternalPort[] {
  const out: InternalPort[] = [];
  if (proxiedByNginx(f)) {
    for (const kind of ['http', 'https'] as const) {
      const p = tweakPort(f, kind);
      if (p && p.value !== 80 && p.value !== 443)
        out.push({
          port: p.value,
          purpose: `Snikket's ${kind.toUpperCase()} port, which nginx proxies to on localhost`,
        });
    }
  }
  const prosody = intSetting(f.settings, 'SNIKKET_TWEAK_INTERNAL_HTTP_PORT', 5280);
  if (prosody)
    out.push({
      port: prosody.value,
      purpose: "Prosody's internal HTTP port",
      listens: listensOn(f, 'SNIKKET_TWEAK_INTERNAL_HTTP_INTERFACE', '127.0.0.1,::1'),
    });
  const portal = intSetting(f.settings, 'SNIKKET_TWEAK_PORTAL_INTERNAL_HTTP_PORT', 5765);
  if (portal)
    out.push({
      port: portal.value,
      purpose: "the web portal's internal port",
      listens: listensOn(f, 'SNIKKET_TWEAK_PORTAL_INTERNAL_HTTP_INTERFACE', '127.0.0.1'),
    });
  return out;
}

/** Prosody and the portal bind the addresses their interface setting lists (comma or space separated). */
function listensOn(f: Facts, name: string, fallback: string): NonNullable<InternalPort['listens']> {
  const s = f.settings.get(name);
  const unknownWhy = f.settings.unknownReason(name);
  if (unknownWhy !== undefined) return { on: 'unknown', why: `${name} is not known: ${unknownWhy}` };
  const value = s ? s.value : fallback;
  const why = s ? `${name}=${value}` : `${name} unset, so ${fallback}`;
  const addrs = value.split(/[\s,]+/).filter((a) => a !== '');
  if (addrs.length === 0) return { on: 'unknown', why };
  return { on: addrs.every((a) => isLoopback(a) || /^127\./.test(a)) ? 'loopback' : 'all', why };
}

function proxiedByNginx(f: Facts): boolean {
  return snikketVhosts(f).some((v) =>
    v.locations.some((l) => {
      const t = l.proxyPass?.value;
      const hp = t?.kind === 'string' ? parseHostPort(t.value) : undefined;
      return !!hp && isLoopback(hp.host);
    }),
  );
}
