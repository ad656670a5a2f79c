import type { Facts } from '../model/facts';
import type { NixValue } from '../syntax/nix/evaluate';
import { replaceInStringValue } from '../syntax/nix/edits';
import { nodesOf } from '../syntax/nix/view';
import type { Rule, RuleContext, SpanEdit } from './rule';
import { isLoopback, parseHostPort } from '../syntax/hostPort';
import { setSettingEdit, settingsAnchor } from './shared/settingEdits';
import { snikketVhosts } from './shared/snikketVhosts';
import { tweakPort } from './shared/tweakPorts';

/** Behind a host nginx, Snikket's own proxy must move off 80/443 or one of the two cannot bind. */
export const tweakPortConflict: Rule = {
  code: 'tweak-port-conflict',
  severity: 'error',
  summary: "Snikket's HTTP/HTTPS tweak ports are unset or 80/443 while nginx on the same host serves 80/443.",
  check(ctx: RuleContext) {
    const f = ctx.facts;
    if (!f.nginx.enabled) return;
    for (const kind of ['http', 'https'] as const) {
      const p = tweakPort(f, kind);
      const clash = kind === 'http' ? 80 : 443;
      if (!p || p.value !== clash) continue;
      const suggested = suggestion(ctx, kind);
      const edits = portEdits(f, kind, p.name, clash, suggested);
      const anchor = p.setting ? { doc: p.setting.doc, span: p.setting.valueSpan } : settingsAnchor(f);
      if (!anchor) continue;
      ctx.report({
        ...anchor,
        message: p.setting
          ? `${p.name}=${clash} makes Snikket's web proxy bind port ${clash}, which nginx on this host already serves: use another port (e.g. ${suggested}) and let nginx proxy to it`
          : `${p.name} is unset, so Snikket's web proxy binds port ${clash}, which nginx on this host already serves: set it to another port (e.g. ${suggested})`,
        fixes: edits ? [{ title: `Set ${p.name} to ${suggested}`, isPreferred: true, edits }] : [],
      });
    }
  },
};

/**
 * The port nginx already proxies HTTPS to, and the port acmeFallbackHost names when it is not
 * that same port (the seed's mistake); else the usual 5080/5443.
 */
function suggestion(ctx: RuleContext, kind: 'http' | 'https'): number {
  const vhosts = snikketVhosts(ctx.facts);
  const loopbackPort = (value: NixValue | undefined, scheme?: string): number | undefined => {
    if (value?.kind !== 'string') return undefined;
    const hp = parseHostPort(value.value);
    const ok =
      hp?.port &&
      isLoopback(hp.host) &&
      hp.port !== 80 &&
      hp.port !== 443 &&
      (scheme === undefined || hp.scheme === scheme);
    return ok ? hp.port : undefined;
  };
  const https = vhosts
    .flatMap((v) => v.locations.map((l) => loopbackPort(l.proxyPass?.value, 'https')))
    .find((p) => p !== undefined);
  if (kind === 'https') return https ?? 5443;
  const http = vhosts.map((v) => loopbackPort(v.acmeFallbackHost?.value)).find((p) => p !== undefined && p !== https);
  return http ?? (https === 5080 ? 5081 : 5080);
}

/**
 * The setting and every nginx use that reads the clashing port on loopback (acmeFallbackHost for
 * HTTP, an https proxyPass for HTTPS) move together, each at the one place it is written: a
 * binding (`httpPort = 80;` read by `toString httpPort` in the environment and by
 * `"localhost:${toString httpPort}"`) is edited once, never replaced by a literal at a use.
 */
function portEdits(
  f: Facts,
  kind: 'http' | 'https',
  name: string,
  clash: number,
  suggested: number,
): SpanEdit[] | undefined {
  const setting = settingEdit(f, name, suggested) ?? setSettingEdit(f, name, String(suggested));
  if (!setting) return undefined;
  const edits: SpanEdit[] = [setting];
  const add = (e: SpanEdit) => {
    if (edits.some((x) => x.doc === e.doc && x.start < e.end && e.start < x.end)) return;
    edits.push(e);
  };
  for (const v of snikketVhosts(f)) {
    const uses = kind === 'http' ? [v.acmeFallbackHost] : v.locations.map((l) => l.proxyPass);
    for (const use of uses) {
      if (use?.value.kind !== 'string') continue;
      const hp = parseHostPort(use.value.value);
      if (!hp || hp.port !== clash || !isLoopback(hp.host) || (kind === 'https' && hp.scheme !== 'https')) continue;
      const e = replaceInStringValue(use.value, hp.portStart, hp.portEnd, String(suggested));
      if (e) add({ doc: use.doc, ...e });
    }
  }
  return edits;
}

/** A setting written in Nix as a port binding read through `toString`: the binding's literal. */
function settingEdit(f: Facts, name: string, suggested: number): SpanEdit | undefined {
  const s = f.settings.get(name);
  if (!s || s.source !== 'nix') return undefined;
  const doc = f.deployment.nix.find((d) => d === s.doc);
  if (!doc) return undefined;
  let node;
  for (const n of nodesOf(doc.parse.root)) if (n.start === s.valueSpan.start && n.end === s.valueSpan.end) node = n;
  const value = node && doc.ev.evaluate(node);
  if (value?.kind !== 'string') return undefined;
  const e = replaceInStringValue(value, 0, value.value.length, String(suggested));
  return e ? { doc, ...e } : undefined;
}
