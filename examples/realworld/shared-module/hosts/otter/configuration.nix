# The host otter: its own domain, the shared Snikket module.
{ config, lib, pkgs, ... }:

{
  imports = [ ../../modules/snikket.nix ];

  networking.hostName = "otter";
  networking.domain = "otter.test";

  security.acme.acceptTerms = true;
  security.acme.defaults.email = "hostmaster@otter.test";
}
