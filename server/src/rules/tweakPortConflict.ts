import type { NixValue } from '../syntax/nix/evaluate';
import type { Rule, RuleContext } from './rule';
import { isLoopback, parseHostPort } from '../syntax/hostPort';
import { setSettingEdit, settingsAnchor } from './shared/settingEdits';
import { snikketVhosts } from './shared/snikketVhosts';
import { tweakPort } from './shared/tweakPorts';

/** Behind a host nginx, Snikket's own proxy must move off 80/443 or one of the two cannot bind. */
export const tweakPortConflict: Rule = {
  code: 'tweak-port-conflict',
  severity: 'error',
  summary: 'Snikket\'s HTTP/HTTPS tweak ports are unset or 80/443 while nginx on the same host serves 80/443.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    if (!f.nginx.enabled) return;
    for (const kind of ['http', 'https'] as const) {
      const p = tweakPort(f, kind);
      const clash = kind === 'http' ? 80 : 443;
      if (!p || p.value !== clash) continue;
      const suggested = suggestion(ctx, kind);
      const edit = setSettingEdit(f, p.name, String(suggested));
      const anchor = p.setting ? { doc: p.setting.doc, span: p.setting.valueSpan } : settingsAnchor(f);
      if (!anchor) continue;
      ctx.report({
        ...anchor,
        message: p.setting
          ? `${p.name}=${clash} makes Snikket's web proxy bind port ${clash}, which nginx on this host already serves: use another port (e.g. ${suggested}) and let nginx proxy to it`
          : `${p.name} is unset, so Snikket's web proxy binds port ${clash}, which nginx on this host already serves: set it to another port (e.g. ${suggested})`,
        fixes: edit ? [{ title: `Set ${p.name} to ${suggested}`, isPreferred: true, edits: [edit] }] : [],
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
    const ok = hp?.port && isLoopback(hp.host) && hp.port !== 80 && hp.port !== 443 && (scheme === undefined || hp.scheme === scheme);
    return ok ? hp.port : undefined;
  };
  const https = vhosts.flatMap((v) => v.locations.map((l) => loopbackPort(l.proxyPass?.value, 'https'))).find((p) => p !== undefined);
  if (kind === 'https') return https ?? 5443;
  const http = vhosts.map((v) => loopbackPort(v.acmeFallbackHost?.value)).find((p) => p !== undefined && p !== https);
  return http ?? (https === 5080 ? 5081 : 5080);
}
