{ lib, pkgs, config, ... }:

let
  domain = "chat.example.com"; # must match SNIKKET_DOMAIN
  groups_domain = "groups.${domain}";
  share_domain = "share.${domain}";
  port = 5443; # must match SNIKKET_TWEAK_HTTPS_PORT
in
{
  imports = [
    ./snikket/snikket.nix
    ./snikket/copy-certs-job.nix
  ];

  networking.firewall = {
    allowedTCPPorts = [ 5222 5269 5000 3478 3479 5349 5350 ];
    allowedUDPPorts = [ 3478 3479 5349 5350 ];
    # must match the SNIKKET_TWEAK_TURNSERVER_MIN_PORT..MAX_PORT range
    allowedUDPPortRanges = [ { from = 49152; to = 49252; } ];
  };

  services.nginx = {
    virtualHosts."${domain}" = {
      enableACME = true;
      forceSSL = true;
      acmeFallbackHost = "localhost:${toString port}";
      locations."/" = {
        proxyPass = "https://localhost:${toString port}";
        extraConfig = "client_max_body_size 104857616;";
      };
    };

    virtualHosts."${groups_domain}" = {
      enableACME = true;
      forceSSL = true;
      acmeFallbackHost = "localhost:${toString port}";
      locations."/" = {
        proxyPass = "https://localhost:${toString port}";
        extraConfig = "client_max_body_size 104857616;";
      };
    };

    virtualHosts."${share_domain}" = {
      enableACME = true;
      forceSSL = true;
      acmeFallbackHost = "localhost:${toString port}";
      locations."/" = {
        proxyPass = "https://localhost:${toString port}";
        extraConfig = "client_max_body_size 104857616;";
      };
    };
  };
}
