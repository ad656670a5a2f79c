/**
 * The variables the four Snikket containers read from snikket.conf, with what each accepts.
 * Sources (snikket-im repositories): snikket-server ansible/files/prosody.cfg.lua,
 * ansible/files/services/coturn/run, docker/entrypoint.sh, docs/advanced/config.md;
 * snikket-web-proxy render-template.sh, entrypoint.sh, service/cert-monitor/run;
 * snikket-cert-manager entrypoint.sh, certbot.cron, tools/report-error.sh;
 * snikket-web-portal snikket_web/__init__.py (AppConfig), docker/entrypoint.sh.
 */
import { z } from 'zod';
import { editDistance } from '../../text/editDistance';
import { ipv4, snikketDomainProblem } from './releases';

export type Container = 'server' | 'proxy' | 'certs' | 'portal';

/**
 * How a switch is read. Snikket compares strings exactly, so only `0`/`1` mean what they say:
 * - `off-if-0`: on unless the value is exactly `0` (`~= "0"` in Lua, `= "0"` in sh);
 * - `on-if-1`: off unless the value is exactly `1` (`== "1"`);
 * - `python-bool`: environ-config's bool: on for `1`, `true`, `yes` (any case), off otherwise.
 */
export type SwitchSemantics = 'off-if-0' | 'on-if-1' | 'python-bool';

export type VariableKind =
  | { type: 'port' }
  | { type: 'int'; min: number }
  | { type: 'float' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'email' }
  | { type: 'domain' }
  | { type: 'switch'; semantics: SwitchSemantics }
  | { type: 'string' }
  | { type: 'url' }
  | { type: 'ip' }
  | { type: 'seconds-or-inf' };

/** `active`: read; `no-longer-read`: documented but ignored; `overwritten`: a container sets it itself, a value in snikket.conf has no effect. */
export type VariableStatus = 'active' | 'no-longer-read' | 'overwritten';

export interface SnikketVariable {
  name: string;
  kind: VariableKind;
  /** The value used when unset, as the containers write it. */
  default?: string;
  required: boolean;
  /** One line, for hover and completion. */
  doc: string;
  readBy: readonly Container[];
  status: VariableStatus;
  /** Why the status is what it is, or a caveat worth showing. */
  note?: string;
  /** The first release whose images read it (`stable.YYYYMMDD`); older images ignore it. */
  since?: string;
}

const port = { type: 'port' } as const;
const int0 = { type: 'int', min: 0 } as const;
const str = { type: 'string' } as const;
const on1 = { type: 'switch', semantics: 'on-if-1' } as const;
const off0 = { type: 'switch', semantics: 'off-if-0' } as const;

type Def = Omit<SnikketVariable, 'required' | 'status' | 'readBy'> &
  Partial<Pick<SnikketVariable, 'required' | 'status' | 'readBy'>>;

const SINCE_2026_06 = 'stable.20260611';
// biome-ignore format: a table, one variable an entry
const defs: Def[] = [
  { name: 'SNIKKET_DOMAIN', kind: { type: 'domain' }, required: true, readBy: ['server', 'proxy', 'certs', 'portal'],
    doc: 'The domain of the instance (also groups.<domain> and share.<domain>). Never change it after first use.' },
  { name: 'SNIKKET_ADMIN_EMAIL', kind: { type: 'email' }, required: true, readBy: ['server', 'certs'],
    doc: "Admin contact address, shown to new users and used for the Let's Encrypt account." },
  { name: 'SNIKKET_TWEAK_HTTP_PORT', kind: port, default: '80', readBy: ['proxy'],
    doc: 'Port the web proxy listens on for HTTP and ACME challenges (move it, e.g. to 5080, behind a host nginx).' },
  { name: 'SNIKKET_TWEAK_HTTPS_PORT', kind: port, default: '443', readBy: ['proxy'],
    doc: 'Port the web proxy listens on for HTTPS (move it, e.g. to 5443, behind a host nginx).' },
  { name: 'SNIKKET_TWEAK_TURNSERVER', kind: off0, default: '1', readBy: ['server'],
    doc: 'Set to 0 to not run the built-in STUN/TURN server (then no STUN/TURN ports or relay range are needed).' },
  { name: 'SNIKKET_TWEAK_TURNSERVER_PORT', kind: port, default: '3478', readBy: ['server'],
    doc: 'Primary STUN/TURN port; the server also uses the next port, and 5349/5350 for TLS.' },
  { name: 'SNIKKET_TWEAK_TURNSERVER_MIN_PORT', kind: port, default: '49152', readBy: ['server'],
    doc: 'Lowest UDP port of the TURN relay range (open the whole range in the firewall).' },
  { name: 'SNIKKET_TWEAK_TURNSERVER_MAX_PORT', kind: port, default: '65535', readBy: ['server'],
    doc: 'Highest UDP port of the TURN relay range (one call uses up to 4 relay ports).' },
  { name: 'SNIKKET_TWEAK_TURNSERVER_DOMAIN', kind: { type: 'domain' }, readBy: ['server'],
    doc: 'Host name of an external STUN/TURN server; defaults to SNIKKET_DOMAIN.' },
  { name: 'SNIKKET_TWEAK_TURNSERVER_SECRET', kind: str, readBy: ['server'],
    doc: 'Shared secret for an external STUN/TURN server; defaults to one generated at first start.' },
  { name: 'SNIKKET_TWEAK_TURNSERVER_INTERNAL_IP', kind: { type: 'ip' }, readBy: ['server'],
    doc: 'Internal IP address of the server behind a NAT, for the TURN server.' },
  { name: 'SNIKKET_PROXY65_PORT', kind: port, default: '5000', readBy: ['server'],
    doc: 'Port of the file transfer proxy (open it in the firewall).' },
  { name: 'SNIKKET_RETENTION_DAYS', kind: { type: 'int', min: 1 }, default: '7', readBy: ['server'],
    doc: 'Days messages and shared files are kept on the server for devices to catch up.' },
  { name: 'SNIKKET_UPLOAD_STORAGE_GB', kind: { type: 'float' }, readBy: ['server'],
    doc: 'Limit in GB on the total storage for shared files (no limit by default).' },
  { name: 'SNIKKET_DAILY_UPLOAD_LIMIT_PER_USER_GB', kind: { type: 'float' }, readBy: ['server'], since: SINCE_2026_06,
    doc: 'Daily upload limit per user in GB.' },
  { name: 'SNIKKET_MAX_USER_CLIENTS', kind: { type: 'int', min: 1 }, default: '10', readBy: ['server'], since: SINCE_2026_06,
    doc: 'How many devices one user may have connected at once.' },
  { name: 'SNIKKET_LOGLEVEL', kind: { type: 'enum', values: ['error', 'warn', 'info', 'debug'] }, default: 'info', readBy: ['server'],
    doc: 'Detail of the server log; debug is very verbose and may contain sensitive data.' },
  { name: 'SNIKKET_TLS_PROFILE', kind: { type: 'enum', values: ['modern', 'intermediate', 'old', 'legacy'] }, default: 'modern', readBy: ['server'], since: SINCE_2026_06,
    doc: 'TLS profile for chat connections (legacy: Prosody\'s certmanager); intermediate/old/legacy only for very old devices.' },
  { name: 'SNIKKET_TWEAK_STORAGE', kind: { type: 'enum', values: ['files', 'sqlite'] }, default: 'files', readBy: ['server'],
    doc: 'Storage backend; switching migrates the data at the next start.' },
  { name: 'SNIKKET_TWEAK_GENERAL_MUC', kind: { type: 'enum', values: ['hidden', 'destroyed'] }, default: 'hidden', readBy: ['server'],
    doc: 'What happens to the deprecated general@ group chat of old deployments.' },
  { name: 'SNIKKET_TWEAK_IPV6', kind: off0, default: '1', readBy: ['server'], doc: 'Set to 0 to disable IPv6.' },
  { name: 'SNIKKET_TWEAK_PROMETHEUS', kind: on1, default: '0', readBy: ['server'],
    doc: 'Set to 1 when Prometheus scrapes the metrics endpoint (else the portal health panel breaks).' },
  { name: 'SNIKKET_TWEAK_DNSSEC', kind: on1, default: '0', readBy: ['server'],
    doc: 'Set to 1 to use DNSSEC and DANE; the server refuses to start without a DNSSEC-capable resolver.' },
  { name: 'SNIKKET_TWEAK_SHARE_DOMAIN', kind: on1, default: '0', readBy: ['server'],
    doc: 'Set to 1 to serve file sharing on the main domain instead of share.<domain> (conflicts with the portal).' },
  { name: 'SNIKKET_UPDATE_CHECK', kind: off0, default: '1', readBy: ['server'],
    doc: 'Set to 0 to stop the anonymous DNS check for new Snikket releases.' },
  { name: 'SNIKKET_SITE_NAME', kind: str, readBy: ['server', 'portal'], doc: 'Human-friendly server name; defaults to the domain.' },
  { name: 'SNIKKET_ABUSE_EMAIL', kind: { type: 'email' }, readBy: ['server', 'portal'], doc: 'Public address for abuse reports.' },
  { name: 'SNIKKET_SECURITY_EMAIL', kind: { type: 'email' }, readBy: ['server', 'portal'], doc: 'Public address for security reports.' },
  { name: 'SNIKKET_SMTP_URL', kind: { type: 'url' }, default: 'smtp://localhost:1025/;no-tls', readBy: ['server'],
    doc: 'SMTP server for outgoing mail, e.g. smtp://user:pass@host:587/.' },
  { name: 'SNIKKET_INVITE_URL', kind: str, readBy: ['server'],
    doc: 'URL template for invitation links (contains {invite.token}); changing it breaks invitations.' },
  { name: 'SNIKKET_TWEAK_INTERNAL_HTTP_PORT', kind: port, default: '5280', readBy: ['server', 'proxy'],
    doc: 'Internal HTTP port of Prosody (never open it in the firewall).' },
  { name: 'SNIKKET_TWEAK_INTERNAL_HTTP_INTERFACE', kind: str, default: '127.0.0.1,::1', readBy: ['server'],
    doc: 'Addresses the internal HTTP API listens on (comma or space separated).' },
  { name: 'SNIKKET_TWEAK_INTERNAL_HTTP_HOST', kind: { type: 'domain' }, default: 'localhost', readBy: ['proxy'],
    doc: 'Host the web proxy uses to reach Prosody’s internal HTTP port.' },
  { name: 'SNIKKET_TWEAK_PORTAL_INTERNAL_HTTP_HOST', kind: { type: 'domain' }, default: 'localhost', readBy: ['proxy'],
    doc: 'Host the web proxy uses to reach the web portal.' },
  { name: 'SNIKKET_TWEAK_PORTAL_INTERNAL_HTTP_PORT', kind: port, default: '5765', readBy: ['proxy', 'portal'],
    doc: 'Internal port of the web portal (never open it in the firewall).' },
  { name: 'SNIKKET_TWEAK_PORTAL_INTERNAL_HTTP_INTERFACE', kind: str, default: '127.0.0.1', readBy: ['portal'],
    doc: 'Address the web portal listens on.' },
  { name: 'SNIKKET_TWEAK_HTTP_TLS_VERSIONS', kind: str, default: 'TLSv1.2 TLSv1.3', readBy: ['proxy'],
    doc: 'TLS versions the web proxy offers for HTTPS.' },
  { name: 'SNIKKET_TWEAK_HTTP_TLS_CIPHERS', kind: str, readBy: ['proxy'], doc: 'TLS ciphers the web proxy offers for HTTPS.' },
  { name: 'SNIKKET_TWEAK_WEB_PROXY_PROTOS', kind: str, default: 'http https', readBy: ['proxy'],
    doc: 'Space-separated web proxy templates to enable (the docs misname it _PROTOCOLS).' },
  { name: 'SNIKKET_TWEAK_WEB_PROXY_RELOAD_INTERVAL', kind: { type: 'seconds-or-inf' }, default: '86400', readBy: ['proxy'],
    doc: 'Seconds between web proxy reloads (to pick up new certificates), or inf.' },
  { name: 'SNIKKET_TWEAK_EXTRA_CONFIG', kind: str, default: '/snikket/prosody/*.cfg.lua', readBy: ['server'],
    doc: 'Path or glob of extra Prosody configuration files.' },
  { name: 'SNIKKET_TWEAK_REQUIRE_SASL2', kind: on1, default: '0', readBy: ['server'], doc: 'Set to 1 to require SASL2 from all clients.' },
  { name: 'SNIKKET_TWEAK_RESTRICTED_USERS_V2', kind: on1, default: '0', readBy: ['server'],
    doc: 'Set to 1 for the new implementation of restricted users.' },
  { name: 'SNIKKET_TWEAK_S2S_STATUS', kind: on1, default: '0', readBy: ['server'], doc: 'Set to 1 to monitor server-to-server connections.' },
  { name: 'SNIKKET_TWEAK_SHARE_PROXY', kind: on1, default: '0', readBy: ['server'], doc: 'Set to 1 to enable the HTTP CONNECT proxy module.' },
  { name: 'SNIKKET_TWEAK_GC3', kind: on1, default: '0', readBy: ['server'], doc: 'Set to 1 to enable experimental group chat 3.' },
  { name: 'SNIKKET_TWEAK_PUSH2', kind: on1, readBy: ['server'], status: 'no-longer-read',
    doc: 'Preview of Push 2.0; documented, but no longer read by the server.',
    note: 'Push 2.0 is enabled by default since snikket-server commit 8a2b160 ("Enable push2 by default"); remove the line.' },
  { name: 'SNIKKET_CERTBOT_OPTIONS', kind: str, readBy: ['certs'], doc: 'Extra certbot command-line options.' },
  { name: 'SNIKKET_CERTBOT_KEY_OPTIONS', kind: str, default: '--reuse-key', readBy: ['certs'],
    doc: 'certbot key options; --no-reuse-key rotates the key at each renewal (breaks DANE pinning).' },
  { name: 'SNIKKET_CERTS_WAIT', kind: on1, default: '0', readBy: ['certs'],
    doc: 'Set to 1 to make the cert manager wait until http://<domain> answers before requesting certificates.' },
  { name: 'SNIKKET_TOS_URI', kind: { type: 'url' }, readBy: ['portal'], doc: 'Link to the terms of service shown by the web portal.' },
  { name: 'SNIKKET_PRIVACY_URI', kind: { type: 'url' }, readBy: ['portal'], doc: 'Link to the privacy policy shown by the web portal.' },
  { name: 'PUID', kind: int0, readBy: ['server', 'certs'],
    doc: 'User id the server and cert manager run as; defaults to the owner of the /snikket volume.' },
  { name: 'PGID', kind: int0, readBy: ['server', 'certs'],
    doc: 'Group id the server and cert manager run as; defaults to the group of the /snikket volume.' },
  { name: 'REPORT_DSN', kind: { type: 'url' }, readBy: ['certs'],
    doc: 'Sentry DSN the cert manager reports certbot errors to (https://key@host/project-id).' },
  { name: 'TWEAK_SNIKKET_BOOTSTRAP_INDEX', kind: int0, readBy: ['server'], doc: 'Internal; do not set.' },
  { name: 'TWEAK_SNIKKET_BOOTSTRAP_SECRET', kind: str, readBy: ['server'], doc: 'Internal; do not set.' },
  { name: 'TWEAK_SNIKKET_BOOTSTRAP_TTL', kind: int0, default: '2419200', readBy: ['server'], doc: 'Internal; do not set.' },
  { name: 'SNIKKET_DOMAIN_ASCII', kind: { type: 'domain' }, readBy: ['server', 'proxy', 'certs'], status: 'overwritten',
    doc: 'The punycode form of SNIKKET_DOMAIN, computed by the containers.', note: 'Every entrypoint sets it from SNIKKET_DOMAIN with idn2.' },
  // The portal reads SNIKKET_WEB_* through environ-config (prefix SNIKKET_WEB).
  { name: 'SNIKKET_WEB_SECRET_KEY', kind: str, readBy: ['portal'], doc: 'Web portal session key; generated and persisted when unset.' },
  { name: 'SNIKKET_WEB_PROSODY_ENDPOINT', kind: { type: 'url' }, default: 'http://127.0.0.1:5280/', readBy: ['portal'],
    doc: 'URL of Prosody’s internal HTTP API as the portal reaches it; keep in sync with SNIKKET_TWEAK_INTERNAL_HTTP_PORT.' },
  { name: 'SNIKKET_WEB_AVATAR_CACHE_TTL', kind: int0, default: '1800', readBy: ['portal'], doc: 'Seconds browsers may cache avatars.' },
  { name: 'SNIKKET_WEB_LANGUAGES', kind: str, readBy: ['portal'], doc: 'Languages the portal offers (comma/space separated).' },
  { name: 'SNIKKET_WEB_MAX_AVATAR_SIZE', kind: int0, default: '1048576', readBy: ['portal'], doc: 'Largest avatar upload in bytes.' },
  { name: 'SNIKKET_WEB_APPLE_STORE_URL', kind: { type: 'url' }, readBy: ['portal'], doc: 'App Store link shown on invitation pages.' },
  { name: 'SNIKKET_WEB_SHOW_METRICS', kind: { type: 'switch', semantics: 'python-bool' }, default: 'true', readBy: ['portal'],
    doc: 'Whether the portal shows the system health metrics.' },
  { name: 'SNIKKET_WEB_PYENV', kind: str, default: '/etc/snikket-web-portal/env.py', readBy: ['portal'], doc: 'Python file the portal loads settings from.' },
  { name: 'SNIKKET_WEB_DOMAIN', kind: { type: 'domain' }, readBy: ['portal'], status: 'overwritten',
    doc: 'The portal’s domain.', note: 'The portal entrypoint sets it from SNIKKET_DOMAIN; set SNIKKET_DOMAIN instead.' },
  { name: 'SNIKKET_WEB_SITE_NAME', kind: str, readBy: ['portal'],
    doc: 'The portal’s site name.', note: 'Overwritten by SNIKKET_SITE_NAME when that is set.' },
  { name: 'SNIKKET_WEB_TOS_URI', kind: { type: 'url' }, readBy: ['portal'], status: 'overwritten',
    doc: 'Terms of service link.', note: 'The portal entrypoint sets it from SNIKKET_TOS_URI; set that instead.' },
  { name: 'SNIKKET_WEB_PRIVACY_URI', kind: { type: 'url' }, readBy: ['portal'], status: 'overwritten',
    doc: 'Privacy policy link.', note: 'The portal entrypoint sets it from SNIKKET_PRIVACY_URI; set that instead.' },
  { name: 'SNIKKET_WEB_ABUSE_EMAIL', kind: { type: 'email' }, readBy: ['portal'], status: 'overwritten',
    doc: 'Abuse contact.', note: 'The portal entrypoint sets it from SNIKKET_ABUSE_EMAIL; set that instead.' },
  { name: 'SNIKKET_WEB_SECURITY_EMAIL', kind: { type: 'email' }, readBy: ['portal'], status: 'overwritten',
    doc: 'Security contact.', note: 'The portal entrypoint sets it from SNIKKET_SECURITY_EMAIL; set that instead.' },
];

export const SNIKKET_VARIABLES: ReadonlyMap<string, SnikketVariable> = new Map(
  defs.map((d) => [d.name, { required: false, status: 'active', readBy: [], ...d } as SnikketVariable]),
);

/** Names people write that are wrong in a known way; checked before edit distance. */
const KNOWN_MISNAMES: Record<string, string> = {
  // docs/advanced/config.md documents the _PROTOCOLS spelling; the proxy reads _PROTOS.
  SNIKKET_TWEAK_WEB_PROXY_PROTOCOLS: 'SNIKKET_TWEAK_WEB_PROXY_PROTOS',
  // snikket-turn-addresses prints this name in its warnings but reads _TURNSERVER_INTERNAL_IP.
  SNIKKET_TWEAK_TURN_INTERNAL_IP: 'SNIKKET_TWEAK_TURNSERVER_INTERNAL_IP',
  SNIKKET_BOOTSTRAP_INDEX: 'TWEAK_SNIKKET_BOOTSTRAP_INDEX',
  SNIKKET_BOOTSTRAP_SECRET: 'TWEAK_SNIKKET_BOOTSTRAP_SECRET',
  SNIKKET_BOOTSTRAP_TTL: 'TWEAK_SNIKKET_BOOTSTRAP_TTL',
  SNIKKET_TWEAK_BOOTSTRAP_INDEX: 'TWEAK_SNIKKET_BOOTSTRAP_INDEX',
  SNIKKET_TWEAK_BOOTSTRAP_SECRET: 'TWEAK_SNIKKET_BOOTSTRAP_SECRET',
};

export function getVariable(name: string): SnikketVariable | undefined {
  return SNIKKET_VARIABLES.get(name);
}

export function isKnownVariable(name: string): boolean {
  return SNIKKET_VARIABLES.has(name);
}

// ---- schemas -------------------------------------------------------------------------------

const DIGITS = /^\d+$/;

const portSchema = z.string().regex(DIGITS).transform(Number).pipe(z.number().int().min(1).max(65535));
const intSchema = (min: number) =>
  z.string().regex(DIGITS).transform(Number).pipe(z.number().int().min(min).max(Number.MAX_SAFE_INTEGER));
// Lua's tonumber and Python's float accept these forms; keep to plain decimals and exponents.
const floatSchema = z
  .string()
  .regex(/^\+?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/)
  .transform(Number)
  .pipe(z.number().min(0).finite());

const LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;
/** A DNS name as Snikket takes it (unicode allowed: the containers convert with idn2): no scheme, port, path or trailing dot. */
const domainSchema = z.string().superRefine((v, ctx) => {
  const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (v === '') return fail('is empty');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return fail("has a scheme (write the name only, without 'https://')");
  if (v.includes('/')) return fail('has a path (write the name only)');
  if (/:\d*$/.test(v) && !v.includes('::')) return fail('has a port (write the name only)');
  if (v.endsWith('.')) return fail('ends with a dot');
  if (v.length > 253) return fail('is longer than 253 characters');
  for (const label of v.split('.')) {
    if (label === '') return fail("has an empty label ('..')");
    if (!LABEL.test(label))
      return fail(`has an invalid label '${label}' (letters, digits and inner hyphens only, 63 at most)`);
  }
  return undefined;
});

const ipSchema = z.string().refine((v) => ipv4.test(v) || z.ipv6().safeParse(v).success);
const urlSchema = z.string().refine((v) => /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v) && URL.canParse(v));
const emailSchema = z.email();

function switchSchema(semantics: SwitchSemantics) {
  if (semantics === 'python-bool')
    return z
      .string()
      .refine((v) => /^(1|0|true|false|yes|no|on|off)$/i.test(v.trim()))
      .transform((v) => ['1', 'true', 'yes', 'on'].includes(v.trim().toLowerCase()));
  return z.enum(['0', '1']).transform((v) => v === '1');
}

export type ParsedValue = string | number | boolean;

function schemaFor(kind: VariableKind): z.ZodType<ParsedValue, string> {
  switch (kind.type) {
    case 'port':
      return portSchema;
    case 'int':
      return intSchema(kind.min);
    case 'float':
      return floatSchema;
    case 'enum':
      return z.enum(kind.values as [string, ...string[]]);
    case 'email':
      return emailSchema;
    case 'domain':
      return domainSchema;
    case 'switch':
      return switchSchema(kind.semantics);
    case 'url':
      return urlSchema;
    case 'ip':
      return ipSchema;
    case 'seconds-or-inf':
      return z.union([z.literal('inf'), intSchema(0)]);
    case 'string':
      return z.string();
  }
}

/** The zod schema for a variable's raw value (the string the container sees). */
export function schemaForVariable(name: string): z.ZodType<ParsedValue, string> | undefined {
  const v = SNIKKET_VARIABLES.get(name);
  return v ? schemaFor(v.kind) : undefined;
}

/** What the value must look like, for messages: "<name> must be <expected>". */
export function describeKind(kind: VariableKind): string {
  switch (kind.type) {
    case 'port':
      return 'an integer port 1–65535';
    case 'int':
      return `an integer ≥ ${kind.min}`;
    case 'float':
      return 'a number ≥ 0 (e.g. 1.5)';
    case 'enum':
      return `one of ${kind.values.map((v) => `'${v}'`).join(', ')}`;
    case 'email':
      return 'an e-mail address';
    case 'domain':
      return 'a domain name (e.g. chat.example.com)';
    case 'switch':
      return kind.semantics === 'python-bool' ? "'true' or 'false' (or on/off, yes/no, 1/0)" : "'0' or '1'";
    case 'url':
      return 'a URL with a scheme (e.g. https://...)';
    case 'ip':
      return 'an IP address';
    case 'seconds-or-inf':
      return "a number of seconds or 'inf'";
    case 'string':
      return 'text';
  }
}

/** What Snikket does with a switch value that is neither 0 nor 1: it compares strings exactly. */
export function switchEffect(semantics: SwitchSemantics, value: string): boolean {
  if (semantics === 'off-if-0') return value !== '0';
  if (semantics === 'on-if-1') return value === '1';
  return ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}

export type ValidationResult = { ok: true; parsed: ParsedValue } | { ok: false; message: string };

/** Check a raw value against the catalogue. Unknown names pass as strings (the caller reports the name). */
export function validateValue(name: string, value: string): ValidationResult {
  const v = SNIKKET_VARIABLES.get(name);
  if (!v) return { ok: true, parsed: value };
  const result = schemaFor(v.kind).safeParse(value);
  if (result.success) {
    const why = name === 'SNIKKET_DOMAIN' ? snikketDomainProblem(value) : undefined;
    if (why) return { ok: false, message: why };
    return { ok: true, parsed: result.data };
  }
  let message = `${name} must be ${describeKind(v.kind)}, got '${value}'`;
  if (name === 'SNIKKET_RETENTION_DAYS' && /^\s*0+\s*$/.test(value))
    message += ': 0 deletes messages and shared files at once';
  if (v.kind.type === 'domain') {
    const why = result.error.issues[0]?.message;
    if (why && why !== 'Invalid input') message += `: it ${why}`;
  }
  if (v.kind.type === 'switch' && v.kind.semantics !== 'python-bool') {
    message += `: Snikket only checks for '${v.kind.semantics === 'off-if-0' ? '0' : '1'}', so this leaves it ${
      switchEffect(v.kind.semantics, value) ? 'on' : 'off'
    }`;
  }
  return { ok: false, message };
}

// ---- did-you-mean --------------------------------------------------------------------------

/** The catalogue name `name` was most likely meant to be, or undefined when nothing is close. */
export function suggestVariable(name: string): string | undefined {
  const upper = name.toUpperCase().trim();
  if (KNOWN_MISNAMES[upper]) return KNOWN_MISNAMES[upper];
  if (SNIKKET_VARIABLES.has(upper) && upper !== name) return upper;
  // Allow about one edit per seven characters, at least two: long names tolerate more typos.
  const limit = Math.max(2, Math.floor(upper.length / 7));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of SNIKKET_VARIABLES.keys()) {
    if (candidate === name) continue;
    const d = editDistance(upper, candidate, bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
