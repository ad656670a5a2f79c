# Snikket behind the host's nginx: firewall ports and the three virtual hosts.
# The values in the let block must match snikket/snikket.conf.
{ lib, pkgs, config, ... }:

let
  domain = "chat.hedgehog.test"; # Keep in sync with SNIKKET_DOMAIN.
  groups_domain = "groups.${domain}";
  share_domain = "share.${domain}";
  http_port = 5080; # Keep in sync with SNIKKET_TWEAK_HTTP_PORT.
  https_port = 5443; # Keep in sync with SNIKKET_TWEAK_HTTPS_PORT.

  # Snikket's certbot owns the certificate (it covers all three names); snikket/copy-certs.sh
  # copies it here. Not /var/lib/acme/<domain>: NixOS's ACME client owns that directory
  # whenever a virtual host has enableACME, and would overwrite the copy.
  certs = "/var/lib/snikket-certs/${domain}";

  # Port 80 redirects everything to HTTPS (forceSSL); Let's Encrypt follows the redirect
  # without checking the certificate, and only Snikket's HTTP port serves the challenge files
  # of its certbot. (acmeFallbackHost would do this on port 80, but nixpkgs only honours it
  # together with enableACME or useACMEHost, which would bring NixOS's ACME client back.)
  acme_challenge = ''
    location ^~ /.well-known/acme-challenge/ {
      proxy_pass http://localhost:${toString http_port};
      proxy_set_header Host $host;
    }
  '';
in
{
  imports = [
    ./snikket/snikket.nix
    ./snikket/copy-certs-job.nix
  ];

  # Ports from Snikket's firewall guide; 80 and 443 are opened in nginx.nix. The tweak ports,
  # 5280 and 5765 stay closed: nginx reaches Snikket on localhost.
  networking.firewall = {
    allowedTCPPorts = [ 5222 5269 5000 3478 3479 5349 5350 ];
    allowedUDPPorts = [ 3478 3479 5349 5350 ];

    # Keep in sync with SNIKKET_TWEAK_TURNSERVER_MIN_PORT and SNIKKET_TWEAK_TURNSERVER_MAX_PORT.
    allowedUDPPortRanges = [ { from = 49152; to = 49252; } ];
  };

  services.nginx = {
    virtualHosts."${domain}" = {
      forceSSL = true;
      sslCertificate = "${certs}/fullchain.pem";
      sslCertificateKey = "${certs}/key.pem";
      extraConfig = acme_challenge;
      locations."/" = {
        proxyPass = "https://localhost:${toString https_port}";
        extraConfig = "client_max_body_size 104857616;"; # 100 MiB + 16 bytes, as Snikket allows
      };
    };

    virtualHosts."${groups_domain}" = {
      forceSSL = true;
      sslCertificate = "${certs}/fullchain.pem";
      sslCertificateKey = "${certs}/key.pem";
      extraConfig = acme_challenge;
      locations."/" = {
        proxyPass = "https://localhost:${toString https_port}";
        extraConfig = "client_max_body_size 104857616;"; # 100 MiB + 16 bytes, as Snikket allows
      };
    };

    virtualHosts."${share_domain}" = {
      forceSSL = true;
      sslCertificate = "${certs}/fullchain.pem";
      sslCertificateKey = "${certs}/key.pem";
      extraConfig = acme_challenge;
      locations."/" = {
        proxyPass = "https://localhost:${toString https_port}";
        extraConfig = "client_max_body_size 104857616;"; # 100 MiB + 16 bytes, as Snikket allows
      };
    };
  };
}
