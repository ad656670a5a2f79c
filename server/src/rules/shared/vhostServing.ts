/**
 * What a NixOS nginx vhost does with a request, as nixpkgs writes its server blocks
 * (nixos/modules/services/web-servers/nginx/default.nix): its names, whether port 80 serves,
 * redirects or is absent, whether nixpkgs adds its ACME challenge location, where a path is
 * proxied to. Every answer is undefined when a value it depends on is not known.
 */
import type { Facts } from '../../model/facts';
import type { Location, NginxFacts, ValueDef, VirtualHost } from '../../model/facts/nginx';
import { isLoopback, parseHostPort, type HostPort } from '../../syntax/hostPort';

/** A boolean option: false when unset, undefined when not knowable. */
export function flag(vd: ValueDef | undefined): boolean | undefined {
  if (!vd) return false;
  return vd.value.kind === 'bool' ? vd.value.value : undefined;
}

/** `serverName` (the attribute name when unset or null) plus `serverAliases`; undefined when one is not known. */
export function vhostNames(v: VirtualHost): string[] | undefined {
  let primary: string | undefined;
  const sn = v.serverName?.value;
  if (sn && sn.kind !== 'null') primary = sn.kind === 'string' ? sn.value : undefined;
  else primary = v.nameValue.kind === 'string' ? v.nameValue.value : undefined;
  if (primary === undefined) return undefined;
  for (const list of v.aliasLists) if (list.value.kind !== 'list' || !list.value.complete) return undefined;
  if (v.serverAliases.some((a) => a.value === undefined)) return undefined;
  return [...primary.split(/\s+/).filter(Boolean), ...v.serverAliases.map((a) => a.value!)];
}

/** Whether a server_name entry matches a host name (exact, `*.suffix`, `.suffix`); undefined for regexes. */
function nameMatches(pattern: string, host: string): boolean | undefined {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p.startsWith('~')) return undefined;
  if (p.startsWith('*.')) return h.endsWith(p.slice(1));
  if (p.endsWith('.*')) return h.startsWith(p.slice(0, -1));
  if (p.startsWith('.')) return h === p.slice(1) || h.endsWith(p);
  return p === h;
}

export function servesName(v: VirtualHost, host: string): boolean | undefined {
  const names = vhostNames(v);
  if (!names) return undefined;
  let unsure = false;
  for (const n of names) {
    const m = nameMatches(n, host);
    if (m) return true;
    if (m === undefined) unsure = true;
  }
  return unsure ? undefined : false;
}

/**
 * Port 80 of a vhost: 'serve' (its locations answer), 'redirect' (forceSSL: a server that only
 * redirects to https, plus nixpkgs's ACME location), 'none' (onlySSL, or `listen` without a
 * plain-HTTP port 80).
 */
export function httpMode(f: Facts, v: VirtualHost): 'serve' | 'redirect' | 'none' | undefined {
  const force = flag(v.forceSSL);
  const only = flag(v.onlySSL);
  const enableSSL = flag(v.enableSSL);
  if (force === undefined || only === undefined || enableSSL === undefined) return undefined;
  let http: boolean | undefined;
  if (v.listen) http = listenLines(v.listen)?.plain80;
  else if (f.nginx.global.has('defaultListen') || !defaultPortIs80(f.nginx)) http = undefined;
  else http = !(only || enableSSL);
  if (http === undefined) return undefined;
  if (!http) return 'none';
  return force ? 'redirect' : 'serve';
}

/** Whether the vhost answers HTTPS (forceSSL, addSSL, onlySSL). */
export function servesHttps(v: VirtualHost): boolean | undefined {
  const flags = [flag(v.forceSSL), flag(v.addSSL), flag(v.onlySSL), flag(v.enableSSL)];
  if (flags.includes(undefined)) return undefined;
  // Explicit listen lines are written as they are: TLS where a line says ssl.
  if (v.listen) return listenLines(v.listen)?.tls;
  return flags.includes(true);
}

function defaultPortIs80(n: NginxFacts): boolean {
  const p = n.global.get('defaultHTTPListenPort');
  return !p || (p.value.kind === 'int' && p.value.value === 80);
}

/** A `listen` list: whether a line is plain HTTP on port 80 (or without a port), whether one is TLS. */
function listenLines(listen: ValueDef): { plain80: boolean; tls: boolean } | undefined {
  const ev = listen.doc.ev;
  const list = ev.listOf(listen.def.value);
  if (!list || !list.complete) return undefined;
  const out = { plain80: false, tls: false };
  for (const item of list.items) {
    const attrs = ev.attrsOf(item);
    if (!attrs) return undefined;
    const sslNode = ev.lookupBinding(attrs, 'ssl');
    const portNode = ev.lookupBinding(attrs, 'port');
    const sv = sslNode === undefined ? undefined : ev.evaluate(sslNode ?? undefined);
    const pv = portNode === undefined ? undefined : ev.evaluate(portNode ?? undefined);
    const ssl = !sv || sv.kind === 'null' ? false : sv.kind === 'bool' ? sv.value : undefined;
    const port = !pv || pv.kind === 'null' ? 80 : pv.kind === 'int' ? pv.value : undefined;
    if (ssl === undefined || port === undefined) return undefined;
    if (ssl) out.tls = true;
    else if (port === 80) out.plain80 = true;
  }
  return out;
}

/**
 * Whether nixpkgs writes its ACME challenge location for the vhost: with enableACME or useACMEHost,
 * unless the certificate (useACMEHost, else serverName) has a dnsProvider. 'off' without ACME.
 */
export function acmeChallenge(f: Facts, v: VirtualHost): 'http01' | 'dns01' | 'off' | undefined {
  const enable = flag(v.enableACME);
  if (enable === undefined) return undefined;
  const use = v.useACMEHost?.value;
  if (use && use.kind !== 'null' && use.kind !== 'string') return undefined;
  const useName = use?.kind === 'string' ? use.value : undefined;
  if (!enable && useName === undefined) return 'off';
  const certName = useName ?? vhostNames(v)?.[0];
  if (certName === undefined) return undefined;
  const n = f.nginx;
  const cert = n.acmeCerts.find((c) => c.name === certName && c.dnsProvider);
  const provider = cert?.dnsProvider ?? n.acmeDefaults.get('dnsProvider');
  if (!provider) return n.acmeConfigured ? 'http01' : undefined;
  if (provider.value.kind === 'null') return 'http01';
  return provider.value.kind === 'string' ? 'dns01' : undefined;
}

/** The location a request path goes to (longest literal prefix; undefined when regexes or unknown paths could win). */
export function locationFor(v: VirtualHost, requestPath: string): Location | null | undefined {
  let best: Location | undefined;
  for (const l of v.locations) {
    if (l.path === undefined) return undefined;
    const p = l.path.replace(/^(\^~|=)\s*/, '');
    if (l.path.startsWith('~') || l.path.startsWith('@')) {
      if (l.path.startsWith('~')) return undefined;
      continue;
    }
    if (l.path.startsWith('=') ? requestPath === p : requestPath.startsWith(p)) {
      if (!best || p.length > best.path!.replace(/^(\^~|=)\s*/, '').length) best = l;
    }
  }
  return best ?? null;
}

/** Where a location proxies to on this host; undefined when not known or not a loopback proxy. */
export function loopbackTarget(l: Location): HostPort | undefined {
  const t = l.proxyPass?.value;
  if (t?.kind !== 'string') return undefined;
  const hp = parseHostPort(t.value);
  return hp && isLoopback(hp.host) && hp.port !== undefined ? hp : undefined;
}

/** Text the vhost's own nginx directives may hold that the rules cannot follow (nested locations, returns). */
function extraConfigRoutes(v: VirtualHost): boolean | undefined {
  const e = v.extraConfig?.value;
  if (!e) return false;
  if (e.kind !== 'string') return undefined;
  return /\b(location|return|rewrite|proxy_pass)\b/.test(e.value);
}

/**
 * Where plain-HTTP requests for Snikket's ACME challenges end up on a vhost's port 80, leaving
 * acmeFallbackHost aside (acme-fallback-port judges it): 'snikket' (proxied to the HTTP tweak
 * port), 'nixos' (nixpkgs's ACME location answers from its own folder), 'redirect' (forceSSL
 * sends them to https), 'elsewhere' (a location or the vhost answers them itself).
 */
export function challengeRoute(
  f: Facts,
  v: VirtualHost,
  httpPort: number,
): 'snikket' | 'nixos' | 'redirect' | 'elsewhere' | undefined {
  const mode = httpMode(f, v);
  const acme = acmeChallenge(f, v);
  if (mode === undefined || mode === 'none' || acme === undefined) return undefined;
  // nixpkgs's `location ^~ /.well-known/acme-challenge/` wins over the vhost's own locations.
  if (acme === 'http01') return 'nixos';
  // The forceSSL redirect server holds nothing but the redirect (and the ACME location). Let's
  // Encrypt follows a redirect to https on port 443, where the vhost's own locations answer.
  if (mode === 'redirect') {
    const inner = locationRoute(v, httpPort);
    if (inner === undefined) return undefined;
    if (inner !== 'snikket') return 'redirect';
    return redirectsTo443(f, v) ? 'snikket' : undefined;
  }
  return locationRoute(v, httpPort);
}

/** Where the vhost's own locations send the challenge path. */
function locationRoute(v: VirtualHost, httpPort: number): 'snikket' | 'elsewhere' | undefined {
  const redirect = v.globalRedirect?.value;
  if (redirect && redirect.kind !== 'null') return redirect.kind === 'string' ? 'elsewhere' : undefined;
  if (extraConfigRoutes(v) !== false) return undefined;
  const l = locationFor(v, '/.well-known/acme-challenge/x');
  if (l === undefined) return undefined;
  if (l === null) return 'elsewhere';
  if (l.proxyPass) {
    if (l.proxyPass.value.kind !== 'string') return undefined;
    const hp = loopbackTarget(l);
    return hp && hp.scheme === 'http' && hp.port === httpPort ? 'snikket' : 'elsewhere';
  }
  const ec = l.extraConfig?.value;
  if (ec && (ec.kind !== 'string' || /\b(proxy_pass|return|rewrite)\b/.test(ec.value))) return undefined;
  return 'elsewhere';
}

/** Whether forceSSL's redirect goes to https on port 443 (nixpkgs adds the port when it is another). */
function redirectsTo443(f: Facts, v: VirtualHost): boolean {
  if (v.listen || f.nginx.global.has('defaultListen')) return false;
  const p = f.nginx.global.get('defaultSSLListenPort');
  return !p || (p.value.kind === 'int' && p.value.value === 443);
}

/** The nginx directives of some extraConfig-like options, one after the other; undefined when one is not knowable. */
export function configText(defs: (ValueDef | undefined)[]): string | undefined {
  let out = '';
  for (const d of defs) {
    if (!d) continue;
    if (d.value.kind !== 'string') return undefined;
    out += `${d.value.value}\n`;
  }
  return out;
}
