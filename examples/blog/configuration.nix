# Host configuration of the example server (only the parts that matter here).
{ config, pkgs, ... }:

{
  imports = [
    ./nginx.nix
    ./snikket.nix
  ];

  networking.hostName = "blog";
  system.stateVersion = "24.11";
}
