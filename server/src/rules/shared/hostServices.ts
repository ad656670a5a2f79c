/**
 * Ports other NixOS services of the host listen on, with their nixpkgs defaults: coturn, nix-serve,
 * the docker registry, Prosody and ejabberd. Only services known to be enabled (literally `true`,
 * not under `mkIf`) count; a port set to something unknown is left out.
 */
import type { NixDoc } from '../../model/documents';
import { conditionalDef, type Protocol } from '../../model/facts/firewall';
import { findDefinitions } from '../../syntax/nix/options';
import type { NixNode } from '../../syntax/nix/tree';

export interface HostServicePort {
  service: string;
  protocols: Protocol[];
  from: number;
  to: number;
  /** What the port is, for messages ("listening-port", "relay range"). */
  what: string;
  doc: NixDoc;
  /** The port's own definition when written, else the service's `enable`. */
  node: NixNode;
}

interface PortOption {
  option: string;
  fallback: number | ((read: (option: string) => number | undefined) => number | undefined);
  protocols: Protocol[];
}

interface ServiceShape {
  path: string[];
  ports: PortOption[];
  /** A port range given by two options (coturn's relay range). */
  range?: { min: string; max: string; minDefault: number; maxDefault: number; what: string };
}

const both: Protocol[] = ['tcp', 'udp'];

const SERVICES: ServiceShape[] = [
  {
    path: ['services', 'coturn'],
    ports: [
      { option: 'listening-port', fallback: 3478, protocols: both },
      { option: 'tls-listening-port', fallback: 5349, protocols: both },
      { option: 'alt-listening-port', fallback: (read) => addOne(read('listening-port') ?? 3478), protocols: both },
      {
        option: 'alt-tls-listening-port',
        fallback: (read) => addOne(read('tls-listening-port') ?? 5349),
        protocols: both,
      },
    ],
    range: { min: 'min-port', max: 'max-port', minDefault: 49152, maxDefault: 65535, what: 'relay range' },
  },
  { path: ['services', 'nix-serve'], ports: [{ option: 'port', fallback: 5000, protocols: ['tcp'] }] },
  { path: ['services', 'dockerRegistry'], ports: [{ option: 'port', fallback: 5000, protocols: ['tcp'] }] },
  // nixpkgs' Prosody and ejabberd listen on XMPP's standard ports unless their own config moves them.
  {
    path: ['services', 'prosody'],
    ports: [
      { option: 'c2s', fallback: 5222, protocols: ['tcp'] },
      { option: 's2s', fallback: 5269, protocols: ['tcp'] },
    ],
  },
  {
    path: ['services', 'ejabberd'],
    ports: [
      { option: 'c2s', fallback: 5222, protocols: ['tcp'] },
      { option: 's2s', fallback: 5269, protocols: ['tcp'] },
    ],
  },
];

function addOne(n: number): number {
  return n + 1;
}

export function hostServicePorts(docs: NixDoc[]): HostServicePort[] {
  const out: HostServicePort[] = [];
  for (const doc of docs) {
    for (const shape of SERVICES) {
      const enable = findDefinitions(doc.defs, [...shape.path, 'enable']).find((d) => {
        const v = doc.ev.evaluate(d.value);
        return !conditionalDef(doc, d) && v.kind === 'bool' && v.value;
      });
      if (!enable) continue;
      const service = shape.path.join('.');
      // `null`: written but not knowable; undefined: not written.
      const readDef = (option: string): { value: number | null; node: NixNode } | undefined => {
        const def = docs.flatMap((d) => findDefinitions(d.defs, [...shape.path, option]).map((x) => ({ d, x })))[0];
        if (!def) return undefined;
        const v = def.d.ev.evaluate(def.x.value);
        return { value: v.kind === 'int' && !conditionalDef(def.d, def.x) ? v.value : null, node: def.x.value };
      };
      const read = (option: string): number | undefined => {
        const r = readDef(option);
        return r === undefined ? undefined : (r.value ?? undefined);
      };
      for (const p of shape.ports) {
        // Prosody's and ejabberd's listeners are not options: their defaults are what they listen on.
        const written = shape.path[1] === 'prosody' || shape.path[1] === 'ejabberd' ? undefined : readDef(p.option);
        if (written && written.value === null) continue;
        const value = written?.value ?? (typeof p.fallback === 'number' ? p.fallback : p.fallback(read));
        if (value === undefined || value === null) continue;
        out.push({
          service,
          protocols: p.protocols,
          from: value,
          to: value,
          what: p.option,
          doc,
          node: written?.node ?? enable.value,
        });
      }
      if (shape.range) {
        const min = readDef(shape.range.min);
        const max = readDef(shape.range.max);
        if (min?.value === null || max?.value === null) continue;
        out.push({
          service,
          protocols: ['udp'],
          from: min?.value ?? shape.range.minDefault,
          to: max?.value ?? shape.range.maxDefault,
          what: shape.range.what,
          doc,
          node: min?.node ?? max?.node ?? enable.value,
        });
      }
    }
  }
  return out;
}
