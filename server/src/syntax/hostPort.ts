/** `https://localhost:5443/x`, `localhost:5080`: the parts of a proxy target, with their offsets in the string. */
export interface HostPort {
  scheme: string | undefined;
  /** Length of `scheme://`, 0 when there is none. */
  schemeLength: number;
  host: string;
  port: number | undefined;
  /** Offsets of the port digits in the string (equal when there is no port). */
  portStart: number;
  portEnd: number;
}

export function parseHostPort(s: string): HostPort | undefined {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?(\[[^\]]*\]|[^:/\s]*)(?::(\d+))?(?:[/?#].*)?$/.exec(s.trim());
  if (!m) return undefined;
  const lead = s.length - s.trimStart().length;
  const schemeLength = m[1] ? m[1].length + 3 : 0;
  const host = m[2] ?? '';
  const portStart = lead + schemeLength + host.length + (m[3] ? 1 : 0);
  return {
    scheme: m[1]?.toLowerCase(),
    schemeLength: lead + schemeLength,
    host,
    port: m[3] ? Number(m[3]) : undefined,
    portStart,
    portEnd: portStart + (m[3]?.length ?? 0),
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export const isLoopback = (host: string): boolean => LOOPBACK.has(host.toLowerCase());
