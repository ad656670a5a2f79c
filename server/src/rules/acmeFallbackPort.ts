import { nixString, replaceInStringValue, replaceSpan } from '../syntax/nix/edits';
import type { FixDraft, Rule, RuleContext } from './rule';
import { parseHostPort } from '../syntax/hostPort';
import { setSettingEdit } from './shared/settingEdits';
import { snikketVhosts, vhostLabel } from './shared/snikketVhosts';
import { describe, tweakPort } from './shared/tweakPorts';
import { acmeChallenge, challengeRoute } from './shared/vhostServing';

/**
 * `acmeFallbackHost` becomes `proxy_pass http://<value>` for ACME challenges nginx cannot answer:
 * plain HTTP, no scheme, and only Snikket's HTTP port serves the challenges.
 */
export const acmeFallbackPort: Rule = {
  code: 'acme-fallback-port',
  severity: 'error',
  summary: 'acmeFallbackHost is not localhost:<SNIKKET_TWEAK_HTTP_PORT>, carries a scheme, or has no effect.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const http = tweakPort(f, 'http');
    const https = tweakPort(f, 'https');
    for (const v of snikketVhosts(f)) {
      const afh = v.acmeFallbackHost;
      if (!afh) continue;
      const acme = acmeChallenge(f, v);
      if (acme === 'off' || acme === 'dns01') {
        // nixpkgs writes the fallback only into its ACME location, which needs an HTTP-01 certificate.
        const why =
          acme === 'off'
            ? 'the virtual host has neither enableACME = true nor useACMEHost'
            : `its certificate uses DNS-01 (dnsProvider), so NixOS writes no ACME challenge location`;
        const route = http ? challengeRoute(f, v, http.value) : undefined;
        const blocks = route === 'redirect' || route === 'elsewhere';
        ctx.report({
          doc: afh.doc,
          span: afh.def.value,
          severity: blocks ? 'error' : 'warning',
          message: blocks
            ? `acmeFallbackHost of ${vhostLabel(v)} has no effect: ${why}. Let's Encrypt's requests for Snikket's certificate never reach localhost:${http!.value}, so Snikket cannot obtain its first certificate and waits for it forever`
            : `acmeFallbackHost of ${vhostLabel(v)} has no effect: ${why}`,
        });
        continue;
      }
      if (afh.value.kind !== 'string') continue;
      const value = afh.value.value;
      const hp = parseHostPort(value);
      if (!hp) continue;
      if (hp.scheme) {
        const edit = replaceInStringValue(afh.value, 0, hp.schemeLength, '');
        ctx.report({
          doc: afh.doc,
          span: afh.def.value,
          message: `acmeFallbackHost of ${vhostLabel(v)} is ${value}: NixOS writes proxy_pass http://<value>, so it takes host:port without a scheme`,
          fixes: edit ? [{ title: `Remove ${value.slice(0, hp.schemeLength)}`, isPreferred: true, edits: [{ doc: afh.doc, ...edit }] }] : [],
        });
        continue;
      }
      if (!http) continue;
      const port = hp.port ?? 80;
      if (port === http.value) continue;
      const wanted = `${hp.host || 'localhost'}:${http.value}`;
      // The port often comes from a `port` binding that proxyPass also uses: edit it only where
      // it is written inside this string, otherwise rewrite this one value.
      const inPlace = hp.port !== undefined ? replaceInStringValue(afh.value, hp.portStart, hp.portEnd, String(http.value), { withinValue: true }) : undefined;
      const edit = inPlace ?? replaceSpan(afh.def.value, nixString(wanted));
      const fixes: FixDraft[] = [{ title: `Set acmeFallbackHost to ${wanted}`, isPreferred: true, edits: [{ doc: afh.doc, ...edit }] }];
      const isHttpsPort = https !== undefined && port === https.value;
      if (!isHttpsPort) {
        const other = setSettingEdit(f, http.name, String(port));
        if (other) fixes.push({ title: `Set ${http.name} to ${port}`, edits: [other] });
      }
      ctx.report({
        doc: afh.doc,
        span: afh.def.value,
        message: isHttpsPort
          ? `acmeFallbackHost of ${vhostLabel(v)} points at ${value}, Snikket's HTTPS port; ACME challenges are plain HTTP and only ${describe(http)} answers them, so certificates cannot be renewed`
          : `acmeFallbackHost of ${vhostLabel(v)} points at port ${port}, but Snikket answers ACME challenges on ${describe(http)}`,
        related: http.setting ? [{ doc: http.setting.doc, span: http.setting.valueSpan, message: `${http.name}=${http.value}` }] : [],
        fixes,
      });
    }
  },
};
