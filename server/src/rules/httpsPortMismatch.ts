import { replaceInStringValue } from '../syntax/nix/edits';
import type { FixDraft, Rule, RuleContext } from './rule';
import { isLoopback, parseHostPort } from '../syntax/hostPort';
import { setSettingEdit } from './shared/settingEdits';
import { snikketVhosts, vhostLabel } from './shared/snikketVhosts';
import { describe, tweakPort } from './shared/tweakPorts';
import { httpMode, servesHttps } from './shared/vhostServing';

/**
 * nginx must proxy to https://localhost:<SNIKKET_TWEAK_HTTPS_PORT>. Snikket's HTTP port answers
 * everything but ACME challenges with `301 https://$host:<SNIKKET_TWEAK_HTTPS_PORT>$request_uri`
 * (snikket-web-proxy since 2022), and its HTTPS port refuses plain HTTP.
 */
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
        // Forwarding ACME challenges to Snikket's HTTP port is right, not a redirect.
        if (loc.path?.startsWith('/.well-known/acme-challenge')) continue;
        const pp = loc.proxyPass;
        if (!pp || pp.value.kind !== 'string') continue;
        const hp = parseHostPort(pp.value.value);
        if (!hp || !isLoopback(hp.host) || hp.port === undefined) continue;
        const toHttp = hp.scheme === 'http' && http !== undefined && hp.port === http.value && hp.port !== https.value;
        const plainToHttps = hp.scheme === 'http' && hp.port === https.value;
        if (hp.port === https.value && hp.scheme === 'https') continue;
        if (hp.scheme !== 'https' && !toHttp && !plainToHttps) continue;
        if (toHttp) {
          // Port 80 forwarded to the HTTP port is http-redirect-port's; judge only what HTTPS visitors get.
          const tls = servesHttps(v);
          if (tls !== true) continue;
          if (httpMode(f, v) === undefined) continue;
        }
        const fixes: FixDraft[] = [];
        const portEdit = replaceInStringValue(pp.value, hp.portStart, hp.portEnd, String(https.value));
        const schemeEdit = replaceInStringValue(pp.value, 0, hp.schemeLength, 'https://');
        if (toHttp) {
          if (schemeEdit && portEdit && schemeEdit.end <= portEdit.start) {
            fixes.push({
              title: `Proxy to https://${hp.host}:${https.value}`,
              isPreferred: true,
              edits: [
                { doc: pp.doc, ...schemeEdit },
                { doc: pp.doc, ...portEdit },
              ],
            });
          }
        } else if (plainToHttps) {
          if (schemeEdit)
            fixes.push({
              title: `Proxy to https://${hp.host}:${https.value}`,
              isPreferred: true,
              edits: [{ doc: pp.doc, ...schemeEdit }],
            });
        } else {
          if (portEdit)
            fixes.push({
              title: `Set the proxied port to ${https.value}`,
              isPreferred: true,
              edits: [{ doc: pp.doc, ...portEdit }],
            });
          const other = setSettingEdit(f, https.name, String(hp.port));
          if (other) fixes.push({ title: `Set ${https.name} to ${hp.port}`, edits: [other] });
        }
        const span = plainToHttps
          ? schemeEdit
            ? { start: schemeEdit.start, end: schemeEdit.end }
            : pp.def.value
          : portEdit
            ? { start: portEdit.start, end: portEdit.end }
            : pp.def.value;
        const key = `${pp.doc.path}:${span.start}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const label = vhostLabel(v);
        let message: string;
        if (toHttp) {
          message =
            https.value === 443
              ? `${label} proxies HTTPS visitors to ${pp.value.value}, Snikket's HTTP port, which redirects them to https://${label}/ and so back to this virtual host: the browser loops until it gives up. Proxy to https://localhost:${https.value} (${describe(https)})`
              : `${label} proxies HTTPS visitors to ${pp.value.value}, Snikket's HTTP port, which redirects every request to https://${label}:${https.value}: browsers are sent to port ${https.value}, which is meant for nginx alone and closed to them. Proxy to https://localhost:${https.value} (${describe(https)})`;
        } else if (plainToHttps) {
          message = `${label} proxies to ${pp.value.value} with plain http://, but ${https.value} is Snikket's HTTPS port (${describe(https)}): it answers every request with 400 "The plain HTTP request was sent to HTTPS port". Proxy to https://localhost:${https.value}`;
        } else {
          message = `${label} proxies to port ${hp.port} in ${ctx.where(pp.doc)}, but Snikket serves HTTPS on ${https.value} (${describe(https)}${https.setting ? ` in ${ctx.where(https.setting.doc)}` : ''})`;
        }
        ctx.report({
          doc: pp.doc,
          span,
          message,
          related: https.setting
            ? [{ doc: https.setting.doc, span: https.setting.valueSpan, message: `${https.name}=${https.value}` }]
            : [],
          fixes,
        });
      }
    }
  },
};
