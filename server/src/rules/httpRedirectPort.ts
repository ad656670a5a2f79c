import type { Rule, RuleContext } from './rule';
import { snikketVhosts, vhostLabel } from './shared/snikketVhosts';
import { describe, tweakPort } from './shared/tweakPorts';
import { httpMode, locationFor, loopbackTarget, servesHttps, vhostNames } from './shared/vhostServing';

/**
 * Port 80 forwarded wholesale to Snikket's HTTP port (upstream's generic reverse-proxy example):
 * challenges arrive, but every other request gets Snikket's own redirect to
 * `https://$host:<SNIKKET_TWEAK_HTTPS_PORT>`, a port meant for nginx alone.
 */
export const httpRedirectPort: Rule = {
  code: 'http-redirect-port',
  severity: 'warning',
  summary: 'Plain-HTTP visitors are forwarded to Snikket\'s HTTP port, which redirects them to https://<domain>:<SNIKKET_TWEAK_HTTPS_PORT>.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const http = tweakPort(f, 'http');
    const https = tweakPort(f, 'https');
    if (!http || !https || https.value === 443) return;
    for (const v of snikketVhosts(f)) {
      if (httpMode(f, v) !== 'serve' || servesHttps(v) !== false) continue;
      const loc = locationFor(v, '/');
      if (!loc || loc.path !== '/') continue;
      const hp = loopbackTarget(loc);
      if (!hp || hp.scheme !== 'http' || hp.port !== http.value) continue;
      const names = vhostNames(v) ?? [vhostLabel(v)];
      ctx.report({
        doc: loc.proxyPass!.doc,
        span: loc.proxyPass!.def.value,
        message: `Plain-HTTP visitors of ${names.join(', ')} are forwarded to Snikket's HTTP port, which redirects them to https://${names[0]}:${https.value} (${describe(https)}), a port meant for nginx alone: they cannot reach the site. Redirect port 80 to https with forceSSL on the HTTPS virtual host and forward only /.well-known/acme-challenge/ to localhost:${http.value}`,
        related: https.setting ? [{ doc: https.setting.doc, span: https.setting.valueSpan, message: `${https.name}=${https.value}` }] : [],
      });
    }
  },
};
