import { replaceInStringValue } from '../syntax/nix/edits';
import type { FixDraft, Rule, RuleContext } from './rule';
import { isLoopback, parseHostPort } from '../syntax/hostPort';
import { setSettingEdit } from './shared/settingEdits';
import { snikketVhosts, vhostLabel } from './shared/snikketVhosts';
import { describe, tweakPort } from './shared/tweakPorts';

/** nginx must proxy to https://localhost:<SNIKKET_TWEAK_HTTPS_PORT>; the HTTP port answers with redirects. */
export const httpsPortMismatch: Rule = {
  code: 'https-port-mismatch',
  severity: 'error',
  summary: 'The port nginx proxies HTTPS to differs from SNIKKET_TWEAK_HTTPS_PORT.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const https = tweakPort(f, 'https');
    const http = tweakPort(f, 'http');
    if (!https) return;
    const reported = new Set<string>();
    for (const v of snikketVhosts(f)) {
      for (const loc of v.locations) {
        // Forwarding ACME challenges to Snikket's HTTP port is right, not a redirect loop.
        if (loc.path?.startsWith('/.well-known/acme-challenge')) continue;
        const pp = loc.proxyPass;
        if (!pp || pp.value.kind !== 'string') continue;
        const hp = parseHostPort(pp.value.value);
        if (!hp || !isLoopback(hp.host) || hp.port === undefined) continue;
        const toHttp = hp.scheme === 'http' && http && hp.port === http.value;
        if (hp.port === https.value && hp.scheme === 'https') continue;
        if (hp.scheme !== 'https' && !toHttp) continue;
        const fixes: FixDraft[] = [];
        const portEdit = replaceInStringValue(pp.value, hp.portStart, hp.portEnd, String(https.value));
        if (toHttp) {
          const schemeEdit = replaceInStringValue(pp.value, 0, hp.schemeLength, 'https://');
          if (schemeEdit && portEdit && schemeEdit.end <= portEdit.start) {
            fixes.push({ title: `Proxy to https://${hp.host}:${https.value}`, isPreferred: true, edits: [{ doc: pp.doc, ...schemeEdit }, { doc: pp.doc, ...portEdit }] });
          }
        } else {
          if (portEdit) fixes.push({ title: `Set the proxied port to ${https.value}`, isPreferred: true, edits: [{ doc: pp.doc, ...portEdit }] });
          const other = setSettingEdit(f, https.name, String(hp.port));
          if (other) fixes.push({ title: `Set ${https.name} to ${hp.port}`, edits: [other] });
        }
        const key = portEdit ? `${pp.doc.path}:${portEdit.start}` : `${pp.doc.path}:${pp.def.value.start}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const message = toHttp
          ? `${vhostLabel(v)} proxies to ${pp.value.value}, Snikket's HTTP port, which only redirects to HTTPS: requests loop. Proxy to https://localhost:${https.value} (${describe(https)})`
          : `${vhostLabel(v)} proxies to port ${hp.port} in ${ctx.where(pp.doc)}, but Snikket serves HTTPS on ${https.value} (${describe(https)}${https.setting ? ` in ${ctx.where(https.setting.doc)}` : ''})`;
        ctx.report({
          doc: pp.doc,
          span: portEdit ? { start: portEdit.start, end: portEdit.end } : pp.def.value,
          message,
          related: https.setting ? [{ doc: https.setting.doc, span: https.setting.valueSpan, message: `${https.name}=${https.value}` }] : [],
          fixes,
        });
      }
    }
  },
};
