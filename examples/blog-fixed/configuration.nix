# Host configuration of the example server (only the parts that matter here): the blog
# example after its admin fixed every finding (see README.md).
{ config, pkgs, ... }:

{
  imports = [
    ./nginx.nix
    ./snikket.nix
  ];

  networking.hostName = "blog";
  system.stateVersion = "24.11";
}
