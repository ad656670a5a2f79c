import type { Location, VirtualHost } from '../model/facts/nginx';
import { lineIndent, replaceSpan } from '../syntax/nix/edits';
import type { FixDraft, Rule, RuleContext, SpanEdit } from './rule';
import { snikketVhosts, vhostLabel } from './shared/snikketVhosts';
import { tweakPort } from './shared/tweakPorts';
import { configText, flag, loopbackTarget } from './shared/vhostServing';

const HOST_HEADER = /\bproxy_set_header\s+["']?Host["']?\s/i;
const ANY_HEADER = /\bproxy_set_header\s/i;

/**
 * Snikket's web proxy picks the site by the Host header. nginx sends the proxy_pass host
 * (`localhost`) unless told otherwise: recommendedProxySettings (nixpkgs includes
 * `proxy_set_header Host $host` in each proxied location) or an explicit proxy_set_header Host.
 */
export const proxyHostHeader: Rule = {
  code: 'proxy-host-header',
  severity: 'error',
  summary: "A Snikket virtual host's proxy does not pass the Host header.",
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const ports = [tweakPort(f, 'http')?.value, tweakPort(f, 'https')?.value];
    // Host-wide options live in the module that enables nginx; without it they are not known.
    if (f.nginx.enableDefs.length === 0) return;
    const globalRps = flag(f.nginx.global.get('recommendedProxySettings'));
    const httpLevel = configText([f.nginx.global.get('commonHttpConfig'), f.nginx.global.get('appendHttpConfig')]);
    const serverLevel = configText([f.nginx.global.get('commonServerConfig')]);
    if (globalRps === undefined || httpLevel === undefined || serverLevel === undefined) return;
    if (f.nginx.global.has('httpConfig')) return;
    const missing: { v: VirtualHost; loc: Location }[] = [];
    for (const v of snikketVhosts(f)) {
      const vhostText = configText([v.extraConfig]);
      if (vhostText === undefined) continue;
      for (const loc of v.locations) {
        const hp = loopbackTarget(loc);
        if (!hp || !ports.includes(hp.port)) continue;
        const rps = loc.recommendedProxySettings ? flag(loc.recommendedProxySettings) : globalRps;
        const ws = flag(loc.proxyWebsockets);
        const own = configText([loc.extraConfig]);
        if (rps === undefined || ws === undefined || own === undefined) continue;
        if (rps || HOST_HEADER.test(own)) continue;
        // nginx inherits proxy_set_header from outer levels only when a level sets none itself.
        const ownHeaders = ws || ANY_HEADER.test(own);
        if (
          !ownHeaders &&
          (HOST_HEADER.test(vhostText) ||
            (!ANY_HEADER.test(vhostText) && (HOST_HEADER.test(serverLevel) || HOST_HEADER.test(httpLevel))))
        )
          continue;
        missing.push({ v, loc });
      }
    }
    if (missing.length === 0) return;
    const first = missing[0]!;
    const pp = first.loc.proxyPass!;
    const labels = [...new Set(missing.map((m) => vhostLabel(m.v)))];
    ctx.report({
      doc: pp.doc,
      span: pp.def.value,
      message: `${labels.join(', ')} ${labels.length === 1 ? 'proxies' : 'proxy'} to Snikket without passing the Host header (no recommendedProxySettings, no proxy_set_header Host): Snikket's web proxy receives "localhost", serves no site for it and its certificate challenges fail`,
      related: missing.slice(1).map((m) => ({
        doc: m.loc.proxyPass!.doc,
        span: m.loc.proxyPass!.def.value,
        message: `${vhostLabel(m.v)} proxies here too`,
      })),
      fixes: fix(ctx, missing),
    });
  },
};

/** recommendedProxySettings = true: host-wide next to `enable = true`, or where a location turned it off. */
function fix(ctx: RuleContext, missing: { v: VirtualHost; loc: Location }[]): FixDraft[] {
  const edits: SpanEdit[] = [];
  const f = ctx.facts;
  for (const m of missing) {
    const off = m.loc.recommendedProxySettings;
    if (off && !edits.some((e) => e.doc === off.doc && e.start === off.def.value.start))
      edits.push({ doc: off.doc, ...replaceSpan(off.def.value, 'true') });
  }
  if (!missing.every((m) => m.loc.recommendedProxySettings)) {
    const globalDef = f.nginx.global.get('recommendedProxySettings');
    if (globalDef) edits.push({ doc: globalDef.doc, ...replaceSpan(globalDef.def.value, 'true') });
    else {
      const enable = f.nginx.enableDefs[0]!;
      const b = enable.def.binding;
      const text = enable.doc.text;
      // Written like the enable binding: `services.nginx.enable` gives `services.nginx.recommendedProxySettings`.
      const path = text.slice(b.start, enable.def.path[enable.def.path.length - 1]!.node.start);
      edits.push({
        doc: enable.doc,
        start: b.end,
        end: b.end,
        newText: `\n${lineIndent(text, b.start)}${path}recommendedProxySettings = true;`,
      });
    }
  }
  return edits.length ? [{ title: 'Set recommendedProxySettings = true', isPreferred: true, edits }] : [];
}
