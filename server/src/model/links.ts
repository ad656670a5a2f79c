/**
 * The values a deployment repeats across files, each tied to the snikket.conf entry it must
 * match: SNIKKET_DOMAIN ↔ the Nix `domain` literal, the vhost names, the copy script's DOMAIN and
 * the values compose2nix inlined; SNIKKET_TWEAK_HTTPS_PORT ↔ the port of `proxyPass`;
 * SNIKKET_TWEAK_HTTP_PORT ↔ the port of `acmeFallbackHost`; the TURN range ↔ the firewall's UDP
 * range. Editors use this for hover, go-to-definition and find-references. Plain data, no LSP.
 *
 * A use is recorded where the value is written (the literal a `let` binds, followed through
 * interpolation and `toString`), and also where it is used (the vhost name, the proxyPass
 * string), so hovering either place finds the link.
 */
import { findDefinitions } from '../syntax/nix/options';
import type { NixValue } from '../syntax/nix/evaluate';
import type { NixNode } from '../syntax/nix/tree';
import type { Span } from '../text/span';
import type { NixDoc } from './documents';
import { selectHost, type Facts } from './facts';
import type { RangeItem } from './facts/firewall';
import { parseHostPort } from '../syntax/hostPort';

export interface LinkUse {
  /** Absolute path. */
  file: string;
  span: Span;
  /** What this place is, for people: "proxyPass of chat.example.com /". */
  description: string;
  /** The value written at this place, when knowable (it may differ from the setting: a mismatch). */
  value?: string;
}

export interface LinkDefinition {
  file: string;
  /** The whole entry (`KEY=value`). */
  span: Span;
  keySpan: Span;
  valueSpan: Span;
  source: 'conf' | 'nix' | 'compose';
}

export interface Link {
  /** The snikket.conf variable. */
  setting: string;
  /** Its value, or undefined when it is not set (the container default applies). */
  value: string | undefined;
  definition?: LinkDefinition;
  uses: LinkUse[];
}

const DOMAIN = 'SNIKKET_DOMAIN';
const HTTP = 'SNIKKET_TWEAK_HTTP_PORT';
const HTTPS = 'SNIKKET_TWEAK_HTTPS_PORT';
const TURN_MIN = 'SNIKKET_TWEAK_TURNSERVER_MIN_PORT';
const TURN_MAX = 'SNIKKET_TWEAK_TURNSERVER_MAX_PORT';
const EMAIL = 'SNIKKET_ADMIN_EMAIL';

export function linkedValues(facts: Facts): Link[] {
  selectHost(facts.deployment);
  const links = new Map<string, Link>();
  const linkFor = (setting: string): Link => {
    let l = links.get(setting);
    if (!l) {
      const s = facts.settings.get(setting);
      l = { setting, value: s?.value, uses: [] };
      if (s) {
        l.definition = {
          file: s.doc.path,
          span: { start: Math.min(s.keySpan.start, s.valueSpan.start), end: Math.max(s.keySpan.end, s.valueSpan.end) },
          keySpan: s.keySpan,
          valueSpan: s.valueSpan,
          source: s.source,
        };
      }
      links.set(setting, l);
    }
    return l;
  };
  const add = (setting: string, use: LinkUse): void => {
    const l = linkFor(setting);
    const d = l.definition;
    if (d && d.file === use.file && overlaps(d.span, use.span)) return;
    if (l.uses.some((u) => u.file === use.file && u.span.start === use.span.start && u.span.end === use.span.end))
      return;
    l.uses.push(use);
  };

  // Every setting of the env file is linked to the copies compose2nix inlined.
  for (const s of facts.settings.all()) linkFor(s.name);
  for (const c of facts.containers.containers) {
    for (const e of c.environment) {
      add(e.key, {
        file: c.doc.path,
        span: e.valueSpan,
        description: `environment of container ${c.name} (inlined by compose2nix)`,
        ...(e.value !== undefined ? { value: e.value } : {}),
      });
    }
  }

  domainUses(facts, add);
  portUses(facts, add);
  turnRangeUses(facts, add);
  emailUses(facts, add);

  // A link nobody uses and nothing defines says nothing.
  return [...links.values()].filter((l) => l.definition || l.uses.length > 0);
}

type Add = (setting: string, use: LinkUse) => void;

function domainUses(facts: Facts, add: Add): void {
  const domain = facts.settings.get(DOMAIN)?.value;
  for (const v of facts.nginx.vhosts) {
    const name = v.nameValue.kind === 'string' ? v.nameValue.value : v.name;
    if (name === undefined) continue;
    const m = /^(groups\.|share\.)?(.+)$/.exec(name);
    const prefix = m?.[1] ?? '';
    const base = m?.[2] ?? name;
    // Without a configured domain, only the names that are clearly Snikket's count.
    if (domain !== undefined ? base !== domain && name !== domain && !prefix : !prefix) continue;
    add(DOMAIN, {
      file: v.doc.path,
      span: nodeSpan(v.key.node),
      description: `nginx virtual host ${name}`,
      value: base,
    });
    const written = v.nameValue.kind === 'string' ? spanOfPart(v.nameValue, prefix.length, name.length) : undefined;
    if (written)
      add(DOMAIN, {
        file: v.doc.path,
        span: written,
        description: `the domain the virtual host ${name} is built from`,
        value: base,
      });
  }
  const script = facts.script;
  const sv = script?.vars.get('DOMAIN');
  if (script && sv) {
    add(DOMAIN, {
      file: script.doc.path,
      span: sv.valueSpan,
      description: `DOMAIN in ${basename(script.doc.path)}`,
      ...(sv.value !== undefined ? { value: sv.value } : {}),
    });
  }
}

function portUses(facts: Facts, add: Add): void {
  for (const v of facts.nginx.vhosts) {
    const host = v.name ?? (v.nameValue.kind === 'string' ? v.nameValue.value : '?');
    const fb = v.acmeFallbackHost;
    if (fb && fb.value.kind === 'string') {
      const hp = parseHostPort(fb.value.value);
      const port = hp?.scheme === undefined && hp?.port !== undefined ? String(hp.port) : undefined;
      add(HTTP, {
        file: fb.doc.path,
        span: nodeSpan(fb.def.value),
        description: `acmeFallbackHost of ${host}`,
        ...(port ? { value: port } : {}),
      });
      const part = port ? spanOfPart(fb.value, hp!.portStart, hp!.portEnd) : undefined;
      if (part)
        add(HTTP, {
          file: fb.doc.path,
          span: part,
          description: `the port acmeFallbackHost of ${host} is built from`,
          value: port!,
        });
    }
    for (const loc of v.locations) {
      const pp = loc.proxyPass;
      if (!pp || pp.value.kind !== 'string') continue;
      const hp = parseHostPort(pp.value.value);
      if (!hp || hp.port === undefined || (hp.scheme !== 'http' && hp.scheme !== 'https')) continue;
      const setting = hp.scheme === 'https' ? HTTPS : HTTP;
      const port = String(hp.port);
      const where = `proxyPass of ${host} ${loc.path ?? ''}`.trim();
      add(setting, { file: pp.doc.path, span: nodeSpan(pp.def.value), description: where, value: port });
      const part = spanOfPart(pp.value, hp.portStart, hp.portEnd);
      if (part)
        add(setting, { file: pp.doc.path, span: part, description: `the port ${where} is built from`, value: port });
    }
  }
}

function turnRangeUses(facts: Facts, add: Add): void {
  const min = intOf(facts.settings.get(TURN_MIN)?.value) ?? 49152;
  const max = intOf(facts.settings.get(TURN_MAX)?.value) ?? 65535;
  // The relay range is the UDP range that overlaps the configured one most (or the only one).
  let best: { item: RangeItem; doc: NixDoc; score: number } | undefined;
  for (const list of facts.firewall.lists) {
    if (list.protocol !== 'udp' || list.kind !== 'ranges') continue;
    for (const item of list.ranges) {
      const from = item.from?.value;
      const to = item.to?.value;
      if (from === undefined && to === undefined) continue;
      const lo = Math.max(from ?? min, min);
      const hi = Math.min(to ?? max, max);
      const overlap = hi >= lo ? hi - lo + 1 : 0;
      const near = from !== undefined && from >= 1024 ? 1 : 0;
      const score = overlap * 2 + near;
      if (!best || score > best.score) best = { item, doc: list.doc, score };
    }
  }
  if (!best) return;
  const { item, doc } = best;
  for (const [bound, setting, label] of [
    [item.from, TURN_MIN, 'from'],
    [item.to, TURN_MAX, 'to'],
  ] as const) {
    if (!bound) continue;
    add(setting, {
      file: doc.path,
      span: nodeSpan(bound.node),
      description: `${label} of the firewall's UDP port range`,
      value: String(bound.value),
    });
    const v = doc.ev.evaluate(bound.node);
    if (v.kind === 'int' && v.origin && (v.origin.start < bound.node.start || v.origin.end > bound.node.end)) {
      add(setting, {
        file: doc.path,
        span: v.origin,
        description: `the literal the firewall range's ${label} comes from`,
        value: String(v.value),
      });
    }
  }
}

function emailUses(facts: Facts, add: Add): void {
  for (const doc of facts.deployment.nix) {
    for (const def of findDefinitions(doc.defs, ['security', 'acme', 'defaults', 'email'])) {
      const v = doc.ev.evaluate(def.value);
      add(EMAIL, {
        file: doc.path,
        span: nodeSpan(def.value),
        description: 'security.acme.defaults.email',
        ...(v.kind === 'string' ? { value: v.value } : {}),
      });
    }
  }
}

/**
 * Where the characters [from, to) of a string value are written in the source, when they come
 * from one place: a plain string literal (any part of it) or an integer literal through toString
 * (all of it). Undefined otherwise.
 */
function spanOfPart(value: Extract<NixValue, { kind: 'string' }>, from: number, to: number): Span | undefined {
  let pos = 0;
  for (const seg of value.segments) {
    const end = pos + seg.text.length;
    if (from >= pos && to <= end && seg.origin) {
      if (seg.from === 'int') return from === pos && to === end ? seg.origin : undefined;
      if (seg.from === 'string' && seg.origin.end - seg.origin.start === seg.text.length) {
        return { start: seg.origin.start + (from - pos), end: seg.origin.start + (to - pos) };
      }
      return undefined;
    }
    pos = end;
  }
  return undefined;
}

function nodeSpan(n: NixNode): Span {
  return { start: n.start, end: n.end };
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

function intOf(s: string | undefined): number | undefined {
  return s !== undefined && /^\s*\d+\s*$/.test(s) ? Number(s) : undefined;
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The links touching a position of a file: a use or the definition contains the offset. */
export function linksAt(
  links: readonly Link[],
  file: string,
  offset: number,
): { link: Link; use?: LinkUse; onDefinition: boolean }[] {
  const out: { link: Link; use?: LinkUse; onDefinition: boolean }[] = [];
  for (const link of links) {
    const d = link.definition;
    if (d && d.file === file && d.span.start <= offset && offset <= d.span.end) {
      out.push({ link, onDefinition: true });
      continue;
    }
    // The narrowest use wins: the literal inside the proxyPass string rather than the string.
    let best: LinkUse | undefined;
    for (const u of link.uses) {
      if (u.file !== file || offset < u.span.start || offset > u.span.end) continue;
      if (!best || u.span.end - u.span.start < best.span.end - best.span.start) best = u;
    }
    if (best) out.push({ link, use: best, onDefinition: false });
  }
  return out;
}
