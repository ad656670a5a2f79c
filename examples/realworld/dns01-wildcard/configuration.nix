# One wildcard certificate by DNS-01 for the whole zone; nginx uses it for Snikket's names, and
# Snikket's own cert-manager gets its challenges through nginx's /.well-known location.
{ config, lib, pkgs, ... }:

let
  domain = "chat.marten.test";
  env = {
    SNIKKET_DOMAIN = domain;
    SNIKKET_ADMIN_EMAIL = "pki@marten.test";
    SNIKKET_TWEAK_HTTP_PORT = "5080";
    SNIKKET_TWEAK_HTTPS_PORT = "5443";
  };
  box = image: {
    inherit image;
    environment = env;
    volumes = [ "snikket_data:/snikket" ];
    extraOptions = [ "--network=host" ];
  };
in
{
  virtualisation.oci-containers.containers = {
    snikket = box "snikket/snikket-server:stable";
    snikket-proxy = box "snikket/snikket-web-proxy:stable";
    snikket-certs = box "snikket/snikket-cert-manager:stable";
    snikket-portal = box "snikket/snikket-web-portal:stable";
  };

  networking.firewall.allowedTCPPorts = [ 80 443 5222 5269 5000 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPorts = [ 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPortRanges = [ { from = 49152; to = 65535; } ];

  security.acme = {
    acceptTerms = true;
    defaults.email = "pki@marten.test";
    certs."marten.test" = {
      domain = "*.marten.test";
      extraDomainNames = [ "*.chat.marten.test" "chat.marten.test" ];
      dnsProvider = "rfc2136";
      environmentFile = "/var/lib/secrets/rfc2136.env";
      group = "nginx";
    };
  };

  services.nginx = {
    enable = true;
    recommendedProxySettings = true;
    virtualHosts.${domain} = {
      useACMEHost = "marten.test";
      forceSSL = true;
      serverAliases = [ "groups.${domain}" "share.${domain}" ];
      locations."/.well-known/acme-challenge/".proxyPass = "http://localhost:5080";
      locations."/" = {
        proxyPass = "https://localhost:5443";
        proxyWebsockets = true;
        extraConfig = "client_max_body_size 104857616; proxy_read_timeout 900s;";
      };
    };
  };
}
