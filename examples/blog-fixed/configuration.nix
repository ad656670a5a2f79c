# Host configuration of the example server (only the parts that matter here): the blog
# example after its admin fixed every finding (see README.md).
{ config, lib, pkgs, ... }:

{
  imports = [
    ./nginx.nix
    ./snikket.nix
  ];

  networking.hostName = "blog";
  system.stateVersion = "24.11";

  # Snikket's images follow the moving `stable` tag, and oci-containers pulls an image only when it
  # is missing: look for a newer one each time a container starts (`pull`, in NixOS releases that have it).
  virtualisation.oci-containers.containers = lib.genAttrs [ "snikket" "snikket-certs" "snikket-portal" "snikket-proxy" ] (name: { pull = "newer"; });
}
