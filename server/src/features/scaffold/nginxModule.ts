/**
 * nginx.nix: the host's nginx and ACME settings, shared by every service on the server (the
 * seed's file). It must not name the chat service itself: discovery joins a neighbouring module
 * that does not mention it to the deployment beside it.
 */
import { nixString } from '../../syntax/nix/edits';

export function nginxModule(adminEmail: string): string {
  return `# The host's nginx, shared by every site on this server; each site adds its own
# virtualHosts in its own module.
{ pkgs, config, ... }:

{
  networking.firewall.allowedTCPPorts = [ 80 443 ];

  services.nginx = {
    enable = true;
    recommendedTlsSettings = true;
    recommendedOptimisation = true;
    recommendedGzipSettings = true;
    recommendedProxySettings = true;
    appendHttpConfig = ''
      proxy_headers_hash_max_size 1024;
      proxy_headers_hash_bucket_size 128;
    '';
  };

  # For the sites that let NixOS obtain their certificates (enableACME).
  security.acme = {
    acceptTerms = true;
    defaults.email = ${nixString(adminEmail)};
  };
}
`;
}
