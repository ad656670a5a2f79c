/** A one-module Snikket host behind nginx, in memory; tests swap in their own virtual hosts. */
import { MemoryDeployment } from '../../../helpers/memoryDeployment';

export interface HostOptions {
  /** The body of `services.nginx = { ... };` after `enable = true;`. */
  nginx: string;
  /** Extra top-level bindings of the module (e.g. `security.acme.defaults.dnsProvider = "x";`). */
  extra?: string;
  httpPort?: string;
  httpsPort?: string;
}

export function host(o: HostOptions): MemoryDeployment {
  const env = [
    'SNIKKET_DOMAIN = domain;',
    'SNIKKET_ADMIN_EMAIL = "ops@hedgehog.test";',
    ...(o.httpPort === undefined
      ? ['SNIKKET_TWEAK_HTTP_PORT = "5080";']
      : o.httpPort
        ? [`SNIKKET_TWEAK_HTTP_PORT = "${o.httpPort}";`]
        : []),
    ...(o.httpsPort === undefined
      ? ['SNIKKET_TWEAK_HTTPS_PORT = "5443";']
      : o.httpsPort
        ? [`SNIKKET_TWEAK_HTTPS_PORT = "${o.httpsPort}";`]
        : []),
  ];
  const text = `{ config, lib, pkgs, ... }:
let
  domain = "chat.hedgehog.test";
in
{
  virtualisation.oci-containers.containers.snikket = {
    image = "snikket/snikket-server:stable"; pull = "newer";
    environment = {
${env.map((l) => `      ${l}`).join('\n')}
    };
    extraOptions = [ "--network=host" ];
  };
  networking.firewall.allowedTCPPorts = [ 80 443 5222 5269 5000 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPorts = [ 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPortRanges = [ { from = 49152; to = 65535; } ];
  security.acme.acceptTerms = true;
  security.acme.defaults.email = "ops@hedgehog.test";
${o.extra ?? ''}
  services.nginx = {
    enable = true;
${o.nginx}
  };
}
`;
  return new MemoryDeployment({ 'configuration.nix': text });
}

/** The vhost as the blog guide writes it, with the fallback on the HTTP port. */
export const GOOD_VHOST = `    recommendedProxySettings = true;
    virtualHosts.\${domain} = {
      enableACME = true;
      forceSSL = true;
      serverAliases = [ "groups.\${domain}" "share.\${domain}" ];
      acmeFallbackHost = "localhost:5080";
      locations."/" = {
        proxyPass = "https://localhost:5443";
        proxyWebsockets = true;
        extraConfig = ''
          client_max_body_size 104857616;
          proxy_read_timeout 900s;
        '';
      };
    };`;

/** The codes of the rules that judge a Snikket vhost. */
export const VHOST_CODES = [
  'https-port-mismatch',
  'http-redirect-port',
  'acme-fallback-port',
  'acme-challenge-not-forwarded',
  'vhost-missing',
  'proxy-host-header',
  'proxy-websockets',
];
