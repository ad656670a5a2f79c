# The public interface opens what Snikket needs; the host firewall elsewhere stays closed.
{ config, lib, pkgs, ... }:

let
  domain = "talk.heron.test";
  env = {
    SNIKKET_DOMAIN = domain;
    SNIKKET_ADMIN_EMAIL = "ops@heron.test";
    SNIKKET_TWEAK_HTTP_PORT = "5080";
    SNIKKET_TWEAK_HTTPS_PORT = "5443";
    SNIKKET_TWEAK_TURNSERVER_MIN_PORT = "60000";
    SNIKKET_TWEAK_TURNSERVER_MAX_PORT = "60100";
  };
  snikket = image: {
    inherit image;
    environment = env;
    volumes = [ "snikket_data:/snikket" ];
    extraOptions = [ "--network=host" ];
  };
in
{
  virtualisation.oci-containers.containers = {
    snikket = snikket "snikket/snikket-server:stable";
    snikket-proxy = snikket "snikket/snikket-web-proxy:stable";
    snikket-certs = snikket "snikket/snikket-cert-manager:stable";
    snikket-portal = snikket "snikket/snikket-web-portal:stable";
  };

  networking.firewall.interfaces.ens3 = {
    allowedTCPPorts = [ 80 443 5222 5269 5000 3478 3479 5349 5350 ];
    allowedUDPPorts = [ 3478 3479 5349 5350 ];
    allowedUDPPortRanges = [ { from = 60000; to = 60100; } ];
  };

  security.acme.acceptTerms = true;
  security.acme.defaults.email = "ops@heron.test";

  services.nginx = {
    enable = true;
    recommendedProxySettings = true;
    virtualHosts.${domain} = {
      enableACME = true;
      forceSSL = true;
      serverAliases = [ "groups.${domain}" "share.${domain}" ];
      acmeFallbackHost = "localhost:5080";
      locations."/" = {
        proxyPass = "https://localhost:5443";
        proxyWebsockets = true;
        extraConfig = "client_max_body_size 104857616; proxy_read_timeout 900s;";
      };
    };
  };
}
