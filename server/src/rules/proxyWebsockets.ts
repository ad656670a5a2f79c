import type { ValueDef } from '../model/facts/nginx';
import { addBinding } from '../syntax/nix/edits';
import type { FixDraft, Rule, RuleContext } from './rule';
import { snikketVhosts, vhostLabel } from './shared/snikketVhosts';
import { tweakPort } from './shared/tweakPorts';
import { flag, locationFor, loopbackTarget, servesName } from './shared/vhostServing';

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
    const https = tweakPort(f, 'https');
    if (!domain || !https) return;
    for (const v of snikketVhosts(f)) {
      if (servesName(v, domain) !== true) continue;
      const loc = locationFor(v, '/');
      if (!loc) continue;
      const hp = loopbackTarget(loc);
      if (!hp || hp.port !== https.value || hp.scheme !== 'https') continue;
      const own = texts([loc.extraConfig]);
      const ws = flag(loc.proxyWebsockets);
      if (own === undefined || ws === undefined) continue;
      const upgrade = ws || /\bproxy_set_header\s+Upgrade\b/i.test(own);
      const timeout = readTimeout(ctx, own, texts([v.extraConfig]));
      const problems: string[] = [];
      if (!upgrade) problems.push('without WebSocket upgrade (proxyWebsockets)');
      if (timeout !== undefined && timeout < MIN_SECONDS) problems.push(`with proxy_read_timeout ${timeout} s (under ${MIN_SECONDS} s)`);
      if (problems.length === 0) continue;
      const fixes: FixDraft[] = [];
      if (!upgrade && !loc.proxyWebsockets && loc.attrset) {
        const edit = addBinding(loc.attrset, loc.proxyPass!.doc.text, 'proxyWebsockets = true;');
        if (edit) fixes.push({ title: 'Set proxyWebsockets = true', isPreferred: true, edits: [{ doc: loc.proxyPass!.doc, ...edit }] });
      }
      ctx.report({
        doc: loc.proxyPass!.doc,
        span: loc.proxyPass!.def.value,
        message: `${vhostLabel(v)} proxies Snikket ${problems.join(' and ')}: the web client and BOSH connections drop (Snikket's own proxy allows WebSockets and ${MIN_SECONDS} s)`,
        fixes,
      });
    }
  },
};

function texts(defs: (ValueDef | undefined)[]): string | undefined {
  let out = '';
  for (const d of defs) {
    if (!d) continue;
    if (d.value.kind !== 'string') return undefined;
    out += `${d.value.value}\n`;
  }
  return out;
}

/** The read timeout in seconds: the location's, the vhost's, then the host-wide one; undefined when not known. */
function readTimeout(ctx: RuleContext, own: string, vhost: string | undefined): number | undefined {
  const n = ctx.facts.nginx;
  for (const t of [own, vhost]) {
    if (t === undefined) return undefined;
    const m = TIMEOUT.exec(t);
    if (m) return seconds(Number(m[1]), m[2]);
  }
  if (n.enableDefs.length === 0) return undefined;
  const http = texts([n.global.get('commonHttpConfig'), n.global.get('appendHttpConfig')]);
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
