import type { Location } from '../model/facts/nginx';
import { addBinding, lineIndent, replaceInStringValue, type OffsetEdit } from '../syntax/nix/edits';
import type { FixDraft, Rule, RuleContext } from './rule';
import { misnamedVhosts, snikketVhosts, vhostLabel } from './shared/snikketVhosts';
import { configText, flag, locationFor, loopbackTarget, servesHttps, servesName } from './shared/vhostServing';

const TIMEOUT = /\bproxy_read_timeout\s+(\d+)(ms|s|m|h)?\s*;/;
const MIN_SECONDS = 900;

/**
 * Snikket's web client and BOSH hold connections open on the main domain: they need the WebSocket
 * upgrade headers (proxyWebsockets) and a read timeout of at least 900 s, as Snikket's own
 * reverse-proxy example sets. Without them web clients drop; native apps are unaffected.
 */
export const proxyWebsockets: Rule = {
  code: 'proxy-websockets',
  severity: 'information',
  summary: 'The Snikket domain is proxied without WebSocket upgrade or with proxy_read_timeout under 900 s.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const domain = f.settings.get('SNIKKET_DOMAIN')?.value;
    if (!domain) return;
    // A vhost named after another domain is the domain's once domain-mismatch's fix is applied.
    const misnamed = new Set(
      misnamedVhosts(f, domain)
        .filter((m) => m.expected === domain)
        .map((m) => m.v),
    );
    for (const v of snikketVhosts(f)) {
      if (servesName(v, domain) !== true && !misnamed.has(v)) continue;
      // Web clients come over HTTPS; a plain-HTTP vhost only hands over challenges and redirects.
      if (servesHttps(v) !== true) continue;
      const loc = locationFor(v, '/');
      if (!loc) continue;
      // A wrong port or scheme is https-port-mismatch's finding; the upgrade is missing all the same.
      if (!loopbackTarget(loc)) continue;
      const own = configText([loc.extraConfig]);
      const ws = flag(loc.proxyWebsockets);
      if (own === undefined || ws === undefined) continue;
      const upgrade = ws || /\bproxy_set_header\s+Upgrade\b/i.test(own);
      const timeout = readTimeout(ctx, own, configText([v.extraConfig]));
      const problems: string[] = [];
      if (!upgrade) problems.push('without WebSocket upgrade (proxyWebsockets)');
      if (timeout !== undefined && timeout < MIN_SECONDS)
        problems.push(`with proxy_read_timeout ${timeout} s (under ${MIN_SECONDS} s)`);
      if (problems.length === 0) continue;
      const fixes = fix(loc, !upgrade, timeout !== undefined && timeout < MIN_SECONDS);
      ctx.report({
        doc: loc.proxyPass!.doc,
        span: loc.proxyPass!.def.value,
        message: `${vhostLabel(v)} proxies Snikket ${problems.join(' and ')}: the web client and BOSH connections drop (Snikket's own proxy allows WebSockets and ${MIN_SECONDS} s)`,
        fixes,
      });
    }
  },
};

/** The read timeout in seconds: the location's, the vhost's, then the host-wide one; undefined when not known. */
function readTimeout(ctx: RuleContext, own: string, vhost: string | undefined): number | undefined {
  const n = ctx.facts.nginx;
  for (const t of [own, vhost]) {
    if (t === undefined) return undefined;
    const m = TIMEOUT.exec(t);
    if (m) return seconds(Number(m[1]), m[2]);
  }
  if (n.enableDefs.length === 0) return undefined;
  const http = configText([n.global.get('commonHttpConfig'), n.global.get('appendHttpConfig')]);
  const rps = flag(n.global.get('recommendedProxySettings'));
  if (http === undefined || rps === undefined) return undefined;
  const m = TIMEOUT.exec(http);
  if (m) return seconds(Number(m[1]), m[2]);
  if (rps) {
    // nixpkgs writes proxy_read_timeout ${proxyTimeout} (default "60s") with recommendedProxySettings.
    const pt = n.global.get('proxyTimeout');
    if (!pt) return 60;
    const pm = pt.value.kind === 'string' ? /^\s*(\d+)(ms|s|m|h)?\s*$/.exec(pt.value.value) : null;
    return pm ? seconds(Number(pm[1]), pm[2]) : undefined;
  }
  return 60; // nginx's own default
}

function seconds(n: number, unit: string | undefined): number {
  return unit === 'ms' ? n / 1000 : unit === 'm' ? n * 60 : unit === 'h' ? n * 3600 : n;
}

/** proxyWebsockets = true and proxy_read_timeout 900s in the location; no fix unless both can be written. */
function fix(loc: Location, upgrade: boolean, timeout: boolean): FixDraft[] {
  const doc = loc.proxyPass!.doc;
  const text = doc.text;
  if (!loc.attrset) return [];
  const edits: OffsetEdit[] = [];
  if (upgrade) {
    if (loc.proxyWebsockets) return [];
    const e = addBinding(loc.attrset, text, 'proxyWebsockets = true;');
    if (!e) return [];
    edits.push(e);
  }
  if (timeout) {
    const e = timeoutEdit(loc, text);
    if (!e) return [];
    // Two bindings added at one place go in one insertion.
    const same = edits.find((x) => x.start === e.start && x.end === e.end);
    if (same) same.newText += e.newText;
    else edits.push(e);
  }
  const title = [upgrade ? 'proxyWebsockets = true' : '', timeout ? 'proxy_read_timeout 900s' : '']
    .filter(Boolean)
    .join(' and ');
  return [{ title: `Set ${title}`, isPreferred: true, edits: edits.map((e) => ({ doc, ...e })) }];
}

function timeoutEdit(loc: Location, text: string): OffsetEdit | undefined {
  const ec = loc.extraConfig;
  if (!ec) return addBinding(loc.attrset!, text, 'extraConfig = "proxy_read_timeout 900s;";');
  if (ec.value.kind !== 'string' || ec.doc.text !== text) return undefined;
  const m = TIMEOUT.exec(ec.value.value);
  const node = ec.def.value;
  if (m) {
    const start = m.index + m[0].indexOf(m[1]!);
    const edit = replaceInStringValue(ec.value, start, start + m[1]!.length + (m[2]?.length ?? 0), '900s');
    if (edit || (node.kind !== 'String' && node.kind !== 'IndentedString')) return edit;
    // An indented string keeps no offsets: edit the one directive written in its source.
    const source = text.slice(node.start, node.end);
    const all = [...source.matchAll(new RegExp(TIMEOUT.source, 'g'))];
    if (all.length !== 1) return undefined;
    const hit = all[0]!;
    const at = node.start + hit.index! + hit[0].indexOf(hit[1]!);
    return { start: at, end: at + hit[1]!.length + (hit[2]?.length ?? 0), newText: '900s' };
  }
  if (node.kind === 'String' && text[node.end - 1] === '"')
    return {
      start: node.end - 1,
      end: node.end - 1,
      newText: `${/\s$/.test(ec.value.value) || ec.value.value === '' ? '' : ' '}proxy_read_timeout 900s;`,
    };
  if (node.kind === 'IndentedString' && text.slice(node.end - 2, node.end) === "''") {
    const close = node.end - 2;
    const lineStart = text.lastIndexOf('\n', close - 1) + 1;
    if (text.slice(lineStart, close).trim() !== '' || lineStart === 0) return undefined;
    const prev = text.lastIndexOf('\n', lineStart - 2) + 1;
    return { start: lineStart, end: lineStart, newText: `${lineIndent(text, prev)}proxy_read_timeout 900s;\n` };
  }
  return undefined;
}
