import type { Facts } from '../model/facts';
import type { Location, VirtualHost } from '../model/facts/nginx';
import { attrpathOf, nodesOf } from '../syntax/nix/view';
import type { NixNode } from '../syntax/nix/tree';
import type { FixDraft, Rule, RuleContext, SpanEdit } from './rule';
import { snikketVhosts, vhostLabel } from './shared/snikketVhosts';
import { describe, tweakPort } from './shared/tweakPorts';
import { httpMode, locationFor, loopbackTarget, servesHttps, servesName, vhostNames } from './shared/vhostServing';

const CHALLENGES = '/.well-known/acme-challenge/';
const REDIRECT = 'return = "301 https://$host$request_uri";';

/**
 * Port 80 forwarded wholesale to Snikket's HTTP port (upstream's generic reverse-proxy example):
 * challenges arrive, but every other request gets Snikket's own redirect to
 * `https://$host:<SNIKKET_TWEAK_HTTPS_PORT>`, a port meant for nginx alone.
 */
export const httpRedirectPort: Rule = {
  code: 'http-redirect-port',
  severity: 'warning',
  summary:
    "Plain-HTTP visitors are forwarded to Snikket's HTTP port, which redirects them to https://<domain>:<SNIKKET_TWEAK_HTTPS_PORT>.",
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
        related: https.setting
          ? [{ doc: https.setting.doc, span: https.setting.valueSpan, message: `${https.name}=${https.value}` }]
          : [],
        fixes: redirectFix(f, v, loc, names[0]!),
      });
    }
  },
};

/**
 * The plain-HTTP vhost keeps forwarding Snikket's own challenges (the user's proxyPass, moved
 * verbatim to the challenge location, bindings and interpolations included) and sends everything
 * else to https on the standard port. Offered only when another vhost serves the name over HTTPS,
 * where that redirect lands.
 */
function redirectFix(f: Facts, v: VirtualHost, loc: Location, name: string): FixDraft[] {
  const pass = loc.proxyPass!;
  const doc = pass.doc;
  if (
    doc !== v.doc ||
    v.locations.some((l) => l.path === undefined || l.path.replace(/\/$/, '') === CHALLENGES.replace(/\/$/, ''))
  )
    return [];
  if (!snikketVhosts(f).some((o) => o !== v && servesHttps(o) === true && servesName(o, name) === true)) return [];
  const key = pass.def.path[5]?.node;
  if (!key) return [];
  const text = doc.text;
  const binding = pass.def.binding;
  // Only a binding written `... proxyPass = X;` is moved: not one reached through `//` or a function.
  const path = attrpathOf(binding);
  if (!path || !/(^|\.)\s*proxyPass$/.test(text.slice(path.start, path.end).trim())) return [];
  const indent = (at: number) => /[ \t]*$/.exec(text.slice(text.lastIndexOf('\n', at - 1) + 1, at))![0];
  let edits: SpanEdit[];
  if (key.start >= binding.start && key.end <= binding.end) {
    // `locations."/".proxyPass = X;`: the same binding under the challenge path, and a redirect for "/".
    const prefix = text.slice(binding.start, key.start);
    const lead = indent(binding.start);
    edits = [
      { doc, start: key.start, end: key.end, newText: `"${CHALLENGES}"` },
      {
        doc,
        start: binding.end,
        end: binding.end,
        newText: `\n${lead}${prefix}${text.slice(key.start, key.end)}.${REDIRECT}`,
      },
    ];
  } else {
    // `locations."/" = { proxyPass = X; ... };`: "/" redirects, a challenge location before it proxies.
    const outer = bindingOfKey(doc.parse.root, key);
    if (!outer) return [];
    const prefix = text.slice(outer.start, key.start);
    const value = text.slice(pass.def.value.start, pass.def.value.end);
    edits = [
      {
        doc,
        start: outer.start,
        end: outer.start,
        newText: `${prefix}"${CHALLENGES}".proxyPass = ${value};\n${indent(outer.start)}`,
      },
      { doc, start: binding.start, end: binding.end, newText: REDIRECT },
    ];
  }
  return [
    {
      title: `Redirect plain HTTP to https and forward only ${CHALLENGES} to Snikket's HTTP port`,
      isPreferred: true,
      edits,
    },
  ];
}

/** The innermost `a.b = ...;` binding whose attribute path holds `key`. */
function bindingOfKey(root: NixNode, key: NixNode): NixNode | undefined {
  let best: NixNode | undefined;
  for (const n of nodesOf(root)) {
    if (n.kind !== 'AttrpathValue') continue;
    const p = attrpathOf(n);
    if (p && p.start <= key.start && key.end <= p.end && (!best || n.start >= best.start)) best = n;
  }
  return best;
}
