# A small module of the host's own: an enable switch and a port option with a default.
{ config, lib, pkgs, ... }:

let
  cfg = config.services.chat;
  domain = "chat.${config.networking.domain}";
  env = {
    SNIKKET_DOMAIN = domain;
    SNIKKET_ADMIN_EMAIL = config.security.acme.defaults.email;
    SNIKKET_TWEAK_HTTP_PORT = toString cfg.httpPort;
    SNIKKET_TWEAK_HTTPS_PORT = toString cfg.httpsPort;
  };
in
{
  options.services.chat = {
    enable = lib.mkEnableOption "Snikket";
    httpPort = lib.mkOption { type = lib.types.port; default = 5080; };
    httpsPort = lib.mkOption { type = lib.types.port; default = 5443; };
  };

  config = lib.mkIf cfg.enable {
    virtualisation.oci-containers.containers = lib.genAttrs [ "server" "web-proxy" "cert-manager" "web-portal" ] (name: {
      image = "snikket/snikket-${name}:stable";
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
      virtualHosts.${domain} = {
        enableACME = true;
        forceSSL = true;
        serverAliases = [ "groups.${domain}" "share.${domain}" ];
        acmeFallbackHost = "localhost:${toString cfg.httpPort}";
        locations."/".proxyPass = "https://localhost:${toString cfg.httpsPort}";
        locations."/".proxyWebsockets = true;
        locations."/".extraConfig = "client_max_body_size 104857616; proxy_read_timeout 900s;";
      };
    };
  };
}
