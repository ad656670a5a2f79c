# One Snikket module imported by two hosts: every name comes from the importing host's domain.
{ config, lib, pkgs, ... }:

let
  domain = "chat.${config.networking.domain}";
in
{
  virtualisation.oci-containers.containers = lib.genAttrs [ "server" "web-proxy" "cert-manager" "web-portal" ] (name: {
    image = "snikket/snikket-${name}:stable";
    environment = {
      SNIKKET_DOMAIN = domain;
      SNIKKET_ADMIN_EMAIL = "hostmaster@${config.networking.domain}";
      SNIKKET_TWEAK_HTTP_PORT = "5080";
      SNIKKET_TWEAK_HTTPS_PORT = "5443";
    };
    volumes = [ "snikket_data:/snikket" ];
    extraOptions = [ "--network=host" ];
  });

  networking.firewall.allowedTCPPorts = [ 80 443 5222 5269 5000 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPorts = [ 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPortRanges = [ { from = 49152; to = 65535; } ];

  services.nginx = {
    enable = true;
    recommendedProxySettings = true;
    virtualHosts.${domain} = {
      enableACME = true;
      forceSSL = true;
      serverAliases = [ "groups.${domain}" "share.${domain}" ];
      acmeFallbackHost = "localhost:5080";
      locations."/".proxyPass = "https://localhost:5443";
      locations."/".proxyWebsockets = true;
      locations."/".extraConfig = "client_max_body_size 104857616; proxy_read_timeout 900s;";
    };
  };
}
