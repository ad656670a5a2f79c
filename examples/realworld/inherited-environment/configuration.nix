# One module: the environment is a let binding inherited into each container, the containers
# come from a local function, and the web ports are merged in with `//` and mkMerge.
{ config, lib, pkgs, ... }:

let
  domain = "xmpp.otter.test";
  httpPort = 5080;
  httpsPort = 5443;
  environment = {
    SNIKKET_DOMAIN = domain;
    SNIKKET_ADMIN_EMAIL = "admin@otter.test";
  } // {
    SNIKKET_TWEAK_HTTP_PORT = toString httpPort;
    SNIKKET_TWEAK_HTTPS_PORT = builtins.toString httpsPort;
  };
  container = image: {
    inherit image environment;
    volumes = [ "snikket_data:/snikket" ];
    extraOptions = [ "--network=host" ];
  };
in
{
  virtualisation.oci-containers.backend = "podman";
  virtualisation.oci-containers.containers = lib.mkMerge [
    { snikket = container "snikket/snikket-server:stable"; }
    { snikket-proxy = container "snikket/snikket-web-proxy:stable"; }
    { snikket-certs = container "snikket/snikket-cert-manager:stable"; }
    (lib.mkIf true { snikket-portal = container "snikket/snikket-web-portal:stable"; })
  ];

  networking.firewall.allowedTCPPorts = [ 80 443 5222 5269 5000 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPorts = [ 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPortRanges = [ { from = 49152; to = 65535; } ];

  security.acme.acceptTerms = true;
  security.acme.defaults.email = "admin@otter.test";

  services.nginx = {
    enable = true;
    recommendedProxySettings = true;
    virtualHosts.${domain} = {
      enableACME = true;
      forceSSL = true;
      serverAliases = [ "groups.${domain}" "share.${domain}" ];
      acmeFallbackHost = "localhost:${toString httpPort}";
      locations."/" = {
        proxyPass = "https://localhost:${toString httpsPort}";
        proxyWebsockets = true;
        extraConfig = ''
          client_max_body_size 104857616;
          proxy_read_timeout 900s;
        '';
      };
    };
  };
}
