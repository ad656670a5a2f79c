# The host names itself; the Snikket module builds its names from the host's domain.
{ config, lib, pkgs, ... }:

{
  imports = [ ./snikket/default.nix ];

  networking.hostName = "burrow";
  networking.domain = "badger.test";

  services.chat.enable = true;
  security.acme.acceptTerms = true;
  security.acme.defaults.email = "hostmaster@badger.test";
}
