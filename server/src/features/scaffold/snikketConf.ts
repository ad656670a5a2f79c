/** snikket/snikket.conf: the env file all four containers read (FACTS.md, snikket.conf variables). */
import type { ScaffoldValues } from '../../api/protocol';

/** The variables written, in file order: compose2nix inlines exactly these. */
export function confEntries(v: ScaffoldValues): [string, string][] {
  return [
    ['SNIKKET_DOMAIN', v.domain],
    ['SNIKKET_ADMIN_EMAIL', v.adminEmail],
    ['SNIKKET_TWEAK_HTTP_PORT', String(v.httpPort)],
    ['SNIKKET_TWEAK_HTTPS_PORT', String(v.httpsPort)],
    ['SNIKKET_TWEAK_TURNSERVER_MIN_PORT', String(v.turnMin)],
    ['SNIKKET_TWEAK_TURNSERVER_MAX_PORT', String(v.turnMax)],
  ];
}

export function snikketConf(v: ScaffoldValues): string {
  const e = Object.fromEntries(confEntries(v));
  const calls = Math.floor((v.turnMax - v.turnMin + 1) / 4);
  return `# Snikket's settings, read by all four containers (env_file in docker-compose.yml).
# compose2nix copies these values into snikket.nix when it runs: after editing this file,
# run compose2nix again, or the server keeps the old values.

# The primary domain of your Snikket instance. Never change it after the first start:
# accounts and certificates live under it. It needs DNS records, as do groups.<domain>
# and share.<domain>.
SNIKKET_DOMAIN=${e['SNIKKET_DOMAIN']}

# Where the admin can be contacted; Snikket's certbot registers it with Let's Encrypt too.
SNIKKET_ADMIN_EMAIL=${e['SNIKKET_ADMIN_EMAIL']}

# The host's nginx serves 80/443, so Snikket's own web proxy listens on these instead.
# nginx proxies HTTPS to the HTTPS port and Let's Encrypt challenges to the HTTP port
# (see ../snikket.nix, which must use the same numbers).
SNIKKET_TWEAK_HTTP_PORT=${e['SNIKKET_TWEAK_HTTP_PORT']}
SNIKKET_TWEAK_HTTPS_PORT=${e['SNIKKET_TWEAK_HTTPS_PORT']}

# TURN relay ports for calls; one call uses up to 4, so this range carries about ${calls}
# calls at once. The firewall opens exactly this range (allowedUDPPortRanges in ../snikket.nix).
SNIKKET_TWEAK_TURNSERVER_MIN_PORT=${e['SNIKKET_TWEAK_TURNSERVER_MIN_PORT']}
SNIKKET_TWEAK_TURNSERVER_MAX_PORT=${e['SNIKKET_TWEAK_TURNSERVER_MAX_PORT']}
`;
}
