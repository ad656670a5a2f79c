# The host beaver: its own domain, the shared Snikket module.
{ config, lib, pkgs, ... }:

{
  imports = [ ../../modules/snikket.nix ];

  networking.hostName = "beaver";
  networking.domain = "beaver.test";

  security.acme.acceptTerms = true;
  security.acme.defaults.email = "hostmaster@beaver.test";
}
