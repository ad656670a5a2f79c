import { addBinding } from '../syntax/nix/edits';
import type { VirtualHost } from '../model/facts/nginx';
import type { FixDraft, Rule, RuleContext } from './rule';
import { snikketNames, vhostLabel } from './shared/snikketVhosts';
import { tweakPort } from './shared/tweakPorts';
import { challengeRoute, httpMode, servesName } from './shared/vhostServing';

/**
 * Snikket gets its certificate itself, by HTTP-01 on its HTTP port; before it has one, that port
 * is all it serves. The vhost answering port 80 for a Snikket name must hand
 * /.well-known/acme-challenge/ to it (acmeFallbackHost with an HTTP-01 certificate, or a location
 * proxying there), else Snikket waits for certificates forever.
 */
export const acmeChallengeNotForwarded: Rule = {
  code: 'acme-challenge-not-forwarded',
  severity: 'error',
  summary: "Snikket's own ACME challenges cannot reach its HTTP port through nginx.",
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const domain = f.settings.get('SNIKKET_DOMAIN')?.value;
    const http = tweakPort(f, 'http');
    if (!domain || !http || http.value === 80) return;
    const blocked = new Map<VirtualHost, string[]>();
    for (const name of snikketNames(domain)) {
      const serving = f.nginx.vhosts.filter((v) => servesName(v, name) !== false);
      // A name nginx does not serve is vhost-missing's; an unknown name or port 80 could be anyone's.
      if (serving.some((v) => servesName(v, name) === undefined || httpMode(f, v) === undefined)) continue;
      const handlers = serving.filter((v) => httpMode(f, v) !== 'none');
      if (handlers.length !== 1) continue;
      const v = handlers[0]!;
      // A fallback that is wrong or dropped is acme-fallback-port's finding.
      if (v.acmeFallbackHost) continue;
      const route = challengeRoute(f, v, http.value);
      if (route === undefined || route === 'snikket') continue;
      blocked.set(v, [...(blocked.get(v) ?? []), name]);
    }
    for (const [v, names] of blocked) {
      const route = challengeRoute(f, v, http.value)!;
      const why =
        route === 'nixos'
          ? `nginx answers /.well-known/acme-challenge/ of ${vhostLabel(v)} from NixOS's own ACME folder (enableACME) and has no acmeFallbackHost`
          : route === 'redirect'
            ? `${vhostLabel(v)} redirects all of port 80 to HTTPS (forceSSL) and forwards no challenge`
            : `${vhostLabel(v)} answers /.well-known/acme-challenge/ itself instead of forwarding it to localhost:${http.value}`;
      const fixes: FixDraft[] = [];
      const target = `"localhost:${http.value}"`;
      if (route === 'nixos' && v.attrset) {
        const edit = addBinding(v.attrset, v.doc.text, `acmeFallbackHost = ${target};`);
        if (edit)
          fixes.push({
            title: `Set acmeFallbackHost to localhost:${http.value}`,
            isPreferred: true,
            edits: [{ doc: v.doc, ...edit }],
          });
      } else if (route === 'elsewhere' && v.attrset) {
        const edit = addBinding(
          v.attrset,
          v.doc.text,
          `locations."/.well-known/acme-challenge/".proxyPass = "http://localhost:${http.value}";`,
        );
        if (edit)
          fixes.push({
            title: `Forward /.well-known/acme-challenge/ to localhost:${http.value}`,
            isPreferred: true,
            edits: [{ doc: v.doc, ...edit }],
          });
      }
      ctx.report({
        doc: v.doc,
        span: v.key.node,
        message: `Let's Encrypt cannot reach Snikket's HTTP port (localhost:${http.value}) for ${names.join(', ')}: ${why}. Snikket never obtains its certificate and waits for it forever ("Waiting for certificates")`,
        fixes,
      });
    }
  },
};
