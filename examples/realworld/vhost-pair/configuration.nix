# Two vhosts for one name, as upstream's reverse-proxy guide shapes it: plain HTTP forwarded to
# Snikket's HTTP port (its own ACME challenges and redirects), HTTPS proxied to its HTTPS port.
# Expected: one http-redirect-port warning. Snikket's HTTP port redirects plain-HTTP visitors to
# https://im.lynx.test:5443, a port only nginx should talk to.
{ config, lib, pkgs, ... }:

let
  env = {
    SNIKKET_DOMAIN = "im.lynx.test";
    SNIKKET_ADMIN_EMAIL = "root@lynx.test";
    SNIKKET_TWEAK_HTTP_PORT = "5080";
    SNIKKET_TWEAK_HTTPS_PORT = "5443";
  };
  names = [ "groups.im.lynx.test" "share.im.lynx.test" ];
in
{
  virtualisation.oci-containers.backend = "docker";
  virtualisation.oci-containers.containers = lib.genAttrs [ "snikket" "snikket-proxy" "snikket-certs" "snikket-portal" ] (name: {
    image = {
      snikket = "snikket/snikket-server:stable";
      snikket-proxy = "snikket/snikket-web-proxy:stable";
      snikket-certs = "snikket/snikket-cert-manager:stable";
      snikket-portal = "snikket/snikket-web-portal:stable";
    }.${name};
    environment = env;
    volumes = [ "snikket_data:/snikket" ];
    extraOptions = [ "--network=host" ];
  });

  networking.firewall.allowedTCPPorts = [ 80 443 5222 5269 5000 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPorts = [ 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPortRanges = [ { from = 49152; to = 65535; } ];

  services.nginx = {
    enable = true;
    recommendedProxySettings = true;
    virtualHosts."snikket-http" = {
      serverName = "im.lynx.test";
      serverAliases = names;
      listen = [ { addr = "0.0.0.0"; port = 80; } ];
      locations."/".proxyPass = "http://127.0.0.1:5080";
    };
    virtualHosts."snikket-https" = {
      serverName = "im.lynx.test";
      serverAliases = names;
      listen = [ { addr = "0.0.0.0"; port = 443; ssl = true; } ];
      onlySSL = true;
      # Snikket's own certificate, from its data volume.
      sslCertificate = "/var/lib/docker/volumes/snikket_data/_data/letsencrypt/live/im.lynx.test/fullchain.pem";
      sslCertificateKey = "/var/lib/docker/volumes/snikket_data/_data/letsencrypt/live/im.lynx.test/privkey.pem";
      locations."/" = {
        proxyPass = "https://127.0.0.1:5443";
        proxyWebsockets = true;
        extraConfig = "client_max_body_size 104857616; proxy_read_timeout 900s;";
      };
    };
  };
}
