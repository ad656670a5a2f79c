/** The values scaffolded files are written from: defaults, and the checks they must pass first. */
import type { ScaffoldValues } from '../../api/protocol';
import { validateValue } from '../../model/snikket/variables';

/**
 * The seed's values for everything but the names, which have no sensible default. The relay
 * range is the seed's 101 ports (about 25 concurrent calls), not Snikket's whole default range.
 */
export const DEFAULTS: Omit<ScaffoldValues, 'domain' | 'adminEmail'> = {
  httpPort: 5080,
  httpsPort: 5443,
  turnMin: 49152,
  turnMax: 49252,
  backend: 'podman',
  project: 'snikket',
};

/**
 * Ports a tweak port must not take: nginx's own, the ones the firewall opens for Snikket
 * (FACTS.md port table, with the default TURN and proxy65 ports) and Snikket's internal ones.
 */
const TAKEN: ReadonlyMap<number, string> = new Map([
  [80, "nginx's HTTP port"],
  [443, "nginx's HTTPS port"],
  [5000, 'the file transfer proxy'],
  [5222, 'client connections'],
  [5269, 'federation'],
  [3478, 'STUN/TURN'],
  [3479, 'STUN/TURN'],
  [5349, 'STUN/TURN over TLS'],
  [5350, 'STUN/TURN over TLS'],
  [5280, "Prosody's internal HTTP port"],
  [5765, "the web portal's internal port"],
]);

const PROJECT = /^[a-z0-9][a-z0-9_-]*$/;

/** Why the given values cannot be scaffolded, or undefined when they are fine. Only present fields are checked. */
export function invalidValues(v: Partial<ScaffoldValues>): string | undefined {
  if (v.domain !== undefined) {
    const r = validateValue('SNIKKET_DOMAIN', v.domain);
    if (!r.ok) return r.message;
    if (!v.domain.includes('.'))
      return `domain ${v.domain} is not a fully qualified name: Snikket needs one with DNS records for it, groups. and share.`;
    if (/\.[0-9]+$/.test(v.domain))
      return `domain ${v.domain} is an address, not a name: certificates and DNS records need a name`;
  }
  if (v.adminEmail !== undefined) {
    const r = validateValue('SNIKKET_ADMIN_EMAIL', v.adminEmail);
    if (!r.ok) return r.message;
  }
  for (const key of ['httpPort', 'httpsPort', 'turnMin', 'turnMax'] as const) {
    const p = v[key];
    if (p !== undefined && (!Number.isInteger(p) || p < 1 || p > 65535))
      return `${key} must be a port from 1 to 65535, got ${p}`;
  }
  for (const key of ['httpPort', 'httpsPort'] as const) {
    const p = v[key];
    const taken = p === undefined ? undefined : TAKEN.get(p);
    if (taken)
      return `${key} ${p} is ${taken}: behind the host's nginx Snikket's web proxy needs a port of its own (e.g. ${DEFAULTS[key]})`;
  }
  if (v.httpPort !== undefined && v.httpPort === v.httpsPort)
    return `httpPort and httpsPort must differ, both are ${v.httpPort}`;
  if (v.turnMin !== undefined && v.turnMin <= 1024)
    return `turnMin ${v.turnMin} is not above 1024: TURN relay ports must be unprivileged`;
  if (v.turnMax !== undefined && v.turnMax <= 1024)
    return `turnMax ${v.turnMax} is not above 1024: TURN relay ports must be unprivileged`;
  if (v.turnMin !== undefined && v.turnMax !== undefined) {
    if (v.turnMin > v.turnMax)
      return `turnMin ${v.turnMin} is above turnMax ${v.turnMax}: the relay range would be empty`;
    for (const key of ['httpPort', 'httpsPort'] as const) {
      const p = v[key];
      if (p !== undefined && v.turnMin <= p && p <= v.turnMax)
        return `${key} ${p} lies in the TURN relay range ${v.turnMin}–${v.turnMax}`;
    }
  }
  if (v.backend !== undefined && v.backend !== 'podman' && v.backend !== 'docker')
    return `backend must be podman or docker, got ${String(v.backend)}`;
  if (v.project !== undefined && !PROJECT.test(v.project))
    return `project ${JSON.stringify(v.project)} must be lowercase letters, digits, - and _ (it becomes part of volume and unit names)`;
  return undefined;
}

/** compose2nix names volumes `<project>_<volume>`. */
export function dataVolume(project: string): string {
  return `${project}_snikket_data`;
}

/**
 * Where the copy script puts Snikket's certificate (nginx serves enableACME's certificates, not
 * this copy). Deliberately outside /var/lib/acme: NixOS's ACME client manages
 * /var/lib/acme/<domain> for a vhost with enableACME and would overwrite a copy there.
 */
export function certDir(domain: string): string {
  return `/var/lib/snikket-certs/${domain}`;
}

/** A value for a shell double-quoted string (the values here never need more). */
export function shStr(s: string): string {
  return `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
}
