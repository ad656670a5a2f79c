import { nixString, replaceInStringValue, replaceSpan } from '../syntax/nix/edits';
import type { FixDraft, Rule, RuleContext } from './rule';
import { parseHostPort } from '../syntax/hostPort';
import { setSettingEdit } from './shared/settingEdits';
import { snikketVhosts, vhostLabel } from './shared/snikketVhosts';
import { describe, tweakPort } from './shared/tweakPorts';
import { acmeChallenge, challengeRoute } from './shared/vhostServing';
import { portIdent, retargetPort, segmentAt, type PortUse } from './shared/portReference';
import type { ValueDef, VirtualHost } from '../model/facts/nginx';
import type { HostPort } from '../syntax/hostPort';
import type { TweakPort } from './shared/tweakPorts';

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
    const wrong: WrongPort[] = [];
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
          fixes: edit
            ? [
                {
                  title: `Remove ${value.slice(0, hp.schemeLength)}`,
                  isPreferred: true,
                  edits: [{ doc: afh.doc, ...edit }],
                },
              ]
            : [],
        });
        continue;
      }
      if (!http) continue;
      const port = hp.port ?? 80;
      if (port === http.value) continue;
      wrong.push({ v, afh, hp, port });
    }
    if (http) reportWrongPorts(ctx, wrong, http, https);
  },
};

interface WrongPort {
  v: VirtualHost;
  afh: ValueDef;
  hp: HostPort;
  port: number;
}

/**
 * One finding per place the wrong port is written: three vhosts whose fallback reads one `port`
 * binding are one mistake, fixed once (issue: fixes keep the user's abstractions).
 */
function reportWrongPorts(ctx: RuleContext, wrong: WrongPort[], http: TweakPort, https: TweakPort | undefined): void {
  const groups = new Map<string, WrongPort[]>();
  for (const w of wrong) {
    const at = w.hp.port !== undefined ? segmentAt(w.afh.value, w.hp.portStart, w.hp.portEnd) : undefined;
    const origin = at?.seg.origin;
    // Written inside this value (or not traceable): a mistake of its own.
    const shared = origin && (origin.start < w.afh.def.value.start || origin.end > w.afh.def.value.end);
    const key = shared ? `${w.afh.doc.path}:${origin.start}` : `${w.afh.doc.path}:@${w.afh.def.value.start}`;
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  for (const group of groups.values()) {
    const w = group[0]!;
    const { afh, hp, port } = w;
    const value = afh.value.kind === 'string' ? afh.value.value : '';
    const wanted = `${hp.host || 'localhost'}:${http.value}`;
    const fixes: FixDraft[] = [];
    const at = hp.port !== undefined ? segmentAt(afh.value, hp.portStart, hp.portEnd) : undefined;
    const origin = at?.seg.origin;
    const uses = origin
      ? group.map((g) => ({ value: g.afh.def.value, ident: portIdent(g.afh.doc, g.afh.def.value, origin) }))
      : [];
    const retarget =
      origin && group.length === uses.length && uses.every((u) => u.ident) && group.every((g) => g.afh.doc === afh.doc)
        ? retargetPort(afh.doc, uses as PortUse[], origin, http.value, http.name)
        : undefined;
    // A string literal elsewhere (`fallback = "localhost:5443";`) is edited once, where it is written.
    const once =
      !retarget &&
      origin &&
      at.seg.from === 'string' &&
      group.length > 0 &&
      (origin.start < afh.def.value.start || origin.end > afh.def.value.end)
        ? replaceInStringValue(afh.value, hp.portStart, hp.portEnd, String(http.value))
        : undefined;
    if (retarget)
      fixes.push({
        title: retarget.title,
        isPreferred: true,
        edits: retarget.edits.map((e) => ({ doc: afh.doc, ...e })),
      });
    else if (once)
      fixes.push({ title: `Set acmeFallbackHost to ${wanted}`, isPreferred: true, edits: [{ doc: afh.doc, ...once }] });
    else {
      const edits = group.map((g) => {
        const inPlace =
          g.hp.port !== undefined
            ? replaceInStringValue(g.afh.value, g.hp.portStart, g.hp.portEnd, String(http.value), { withinValue: true })
            : undefined;
        return { doc: g.afh.doc, ...(inPlace ?? replaceSpan(g.afh.def.value, nixString(wanted))) };
      });
      fixes.push({ title: `Set acmeFallbackHost to ${wanted}`, isPreferred: true, edits });
    }
    const isHttpsPort = https !== undefined && port === https.value;
    if (!isHttpsPort) {
      const other = setSettingEdit(ctx.facts, http.name, String(port));
      if (other) fixes.push({ title: `Set ${http.name} to ${port}`, edits: [other] });
    }
    const labels = group.map((g) => vhostLabel(g.v)).join(', ');
    ctx.report({
      doc: afh.doc,
      span: afh.def.value,
      message: isHttpsPort
        ? `acmeFallbackHost of ${labels} points at ${value}, Snikket's HTTPS port; ACME challenges are plain HTTP and only ${describe(http)} answers them, so Snikket cannot obtain or renew its certificate`
        : `acmeFallbackHost of ${labels} points at port ${port}, but Snikket answers ACME challenges on ${describe(http)}`,
      related: [
        ...(http.setting
          ? [{ doc: http.setting.doc, span: http.setting.valueSpan, message: `${http.name}=${http.value}` }]
          : []),
        ...group.slice(1).map((g) => ({
          doc: g.afh.doc,
          span: g.afh.def.value,
          message: `acmeFallbackHost of ${vhostLabel(g.v)}, from the same value`,
        })),
      ],
      fixes,
    });
  }
}
