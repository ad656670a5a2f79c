/**
 * The hand-written snikket.nix: firewall and the three nginx virtual hosts, in the seed's
 * `let domain/port` style with one binding per Snikket port.
 *
 * Certificates: each vhost has enableACME, so NixOS's ACME client obtains nginx's certificate
 * for it through HTTP-01 on port 80 (into /var/lib/acme/<name>). Challenges it does not know
 * are those of Snikket's own certbot (which needs a certificate for Snikket's XMPP services):
 * acmeFallbackHost sends them to Snikket's HTTP tweak port, the only one that serves them.
 * nixpkgs honours acmeFallbackHost only together with enableACME or useACMEHost.
 */
import type { ScaffoldValues } from '../../api/protocol';
import { nixString } from '../../syntax/nix/edits';

const IMPORTS = ['./snikket/snikket.nix', './snikket/copy-certs-job.nix'];

export function snikketModule(v: ScaffoldValues, imports: string[] = IMPORTS): string {
  const vhost = (key: string) => `    virtualHosts.${key} = {
      enableACME = true;
      forceSSL = true;
      acmeFallbackHost = "localhost:\${toString http_port}";
      locations."/" = {
        proxyPass = "https://localhost:\${toString https_port}";
        proxyWebsockets = true; # the web client and BOSH
        # 100 MiB + 16 bytes, as Snikket allows; web clients hold connections up to 900 s.
        extraConfig = "client_max_body_size 104857616; proxy_read_timeout 900s;";
      };
    };
`;
  return `# Snikket behind the host's nginx: firewall ports and the three virtual hosts.
# The values in the let block must match snikket/snikket.conf.
{ lib, pkgs, config, ... }:

let
  domain = ${nixString(v.domain)}; # Keep in sync with SNIKKET_DOMAIN.
  groups_domain = "groups.\${domain}";
  share_domain = "share.\${domain}";
  http_port = ${v.httpPort}; # Keep in sync with SNIKKET_TWEAK_HTTP_PORT.
  https_port = ${v.httpsPort}; # Keep in sync with SNIKKET_TWEAK_HTTPS_PORT.
in
{
  imports = [
${imports.map((i) => `    ${i}\n`).join('')}  ];

  # Ports from Snikket's firewall guide; 80 and 443 are opened in nginx.nix. The tweak ports,
  # 5280 and 5765 stay closed: nginx reaches Snikket on localhost.
  networking.firewall = {
    allowedTCPPorts = [ 5222 5269 5000 3478 3479 5349 5350 ];
    allowedUDPPorts = [ 3478 3479 5349 5350 ];

    # Keep in sync with SNIKKET_TWEAK_TURNSERVER_MIN_PORT and SNIKKET_TWEAK_TURNSERVER_MAX_PORT.
    allowedUDPPortRanges = [ { from = ${v.turnMin}; to = ${v.turnMax}; } ];
  };

  # Certificates: NixOS's ACME client (enableACME, e-mail in nginx.nix) gets nginx's certificate
  # for each name through HTTP-01 on port 80. Challenges it does not know are Snikket's certbot's
  # (Snikket needs its own certificate for XMPP): acmeFallbackHost hands them to Snikket's HTTP
  # port, the only one that serves them (plain HTTP, host:port without a scheme).
  services.nginx = {
${vhost('"${domain}"')}
${vhost('"${groups_domain}"')}
${vhost('"${share_domain}"')}  };
}
`;
}
