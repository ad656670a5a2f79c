/**
 * Compose's short string forms for volumes (`src:dst[:mode]`) and ports
 * (`[ip:][published:]target[/proto]`), split the way compose-go's loader does, keeping the
 * character offsets of each part so callers can map them to spans.
 */

export interface Part {
  text: string;
  /** Offset of the part within the whole string. */
  at: number;
}

export interface ShortVolume {
  type: 'volume' | 'bind';
  source?: Part;
  target: Part;
  mode?: Part;
}

/** compose-go treats a source starting like a path as a bind mount, anything else as a named volume. */
export function isPathSource(source: string): boolean {
  return /^[./~]/.test(source) || /^[A-Za-z]:[\\/]/.test(source);
}

export function parseShortVolume(spec: string): ShortVolume | { error: string } {
  const parts: Part[] = [];
  let at = 0;
  // A Windows drive letter's colon is not a separator.
  const drive = /^[A-Za-z]:[\\/]/.test(spec) ? 2 : 0;
  let i = drive;
  while (i <= spec.length) {
    const colon = spec.indexOf(':', i);
    const end = colon < 0 ? spec.length : colon;
    parts.push({ text: spec.slice(at, end), at });
    if (colon < 0) break;
    at = colon + 1;
    i = at;
    if (/^[A-Za-z]:[\\/]/.test(spec.slice(at))) i = at + 2;
  }
  if (parts.some((p) => p.text === '')) return { error: `Empty part in volume '${spec}'` };
  if (parts.length > 3) return { error: `Too many ':' in volume '${spec}' (expected 'source:target[:mode]')` };
  if (parts.length === 1) return { type: 'volume', target: parts[0]! };
  const [source, target, mode] = parts as [Part, Part, Part | undefined];
  return { type: isPathSource(source.text) ? 'bind' : 'volume', source, target, ...(mode ? { mode } : {}) };
}

export interface PortRange {
  start: number;
  end: number;
}

export interface ShortPort {
  hostIp?: Part;
  published?: Part & { range: PortRange };
  target: Part & { range: PortRange };
  protocol: string;
}

export function parsePortRange(text: string): PortRange | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start < 0 || end > 65535 || end < start) return undefined;
  return { start, end };
}

export function parseShortPort(spec: string): ShortPort | { error: string } {
  let body = spec;
  let protocol = 'tcp';
  const slash = spec.lastIndexOf('/');
  if (slash >= 0) {
    protocol = spec.slice(slash + 1);
    body = spec.slice(0, slash);
    if (!/^(tcp|udp|sctp)$/.test(protocol))
      return { error: `Unknown protocol '${protocol}' in port '${spec}' (tcp, udp or sctp)` };
  }
  let hostIp: Part | undefined;
  let offset = 0;
  if (body.startsWith('[')) {
    const close = body.indexOf(']');
    if (close < 0 || body[close + 1] !== ':') return { error: `Malformed IPv6 address in port '${spec}'` };
    hostIp = { text: body.slice(1, close), at: 1 };
    offset = close + 2;
    body = body.slice(offset);
  }
  const pieces: Part[] = [];
  let at = 0;
  for (const text of body.split(':')) {
    pieces.push({ text, at: offset + at });
    at += text.length + 1;
  }
  let publishedPart: Part | undefined;
  let targetPart: Part;
  if (pieces.length === 1) targetPart = pieces[0]!;
  else if (pieces.length === 2) [publishedPart, targetPart] = pieces as [Part, Part];
  else {
    if (hostIp) return { error: `Too many ':' in port '${spec}'` };
    // An unbracketed IPv6 host address: the last two pieces are the ports.
    const ipEnd = pieces[pieces.length - 2]!.at - 1;
    hostIp = { text: spec.slice(0, ipEnd), at: 0 };
    publishedPart = pieces[pieces.length - 2]!;
    targetPart = pieces[pieces.length - 1]!;
  }
  const target = parsePortRange(targetPart.text);
  if (!target || target.start === 0)
    return { error: `'${targetPart.text}' is not a container port or range in '${spec}'` };
  const result: ShortPort = { target: { ...targetPart, range: target }, protocol };
  if (hostIp) result.hostIp = hostIp;
  if (publishedPart && publishedPart.text !== '') {
    const published = parsePortRange(publishedPart.text);
    if (!published) return { error: `'${publishedPart.text}' is not a host port or range in '${spec}'` };
    result.published = { ...publishedPart, range: published };
  }
  return result;
}
