import * as assert from 'node:assert/strict';
import { MemoryDeployment } from '../../../helpers/memoryDeployment';
import { VHOST_CODES } from './base';

/** The host's own options in configuration.nix, Snikket and its vhost in an imported module. */
function twoModules(hostOptions: string): MemoryDeployment {
  return new MemoryDeployment({
    'configuration.nix': `{ config, lib, pkgs, ... }:
{
  imports = [ ./snikket.nix ];
  security.acme.acceptTerms = true;
  security.acme.defaults.email = "ops@hedgehog.test";
${hostOptions}
}
`,
    'snikket.nix': `{ config, lib, pkgs, ... }:
let
  domain = "chat.hedgehog.test";
in
{
  virtualisation.oci-containers.containers.snikket = {
    image = "snikket/snikket-server:stable";
    environment = {
      SNIKKET_DOMAIN = domain;
      SNIKKET_ADMIN_EMAIL = "ops@hedgehog.test";
      SNIKKET_TWEAK_HTTP_PORT = "5080";
      SNIKKET_TWEAK_HTTPS_PORT = "5443";
    };
    extraOptions = [ "--network=host" ];
  };
  networking.firewall.allowedTCPPorts = [ 80 443 5222 5269 5000 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPorts = [ 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPortRanges = [ { from = 49152; to = 65535; } ];
  services.nginx = {
    enable = true;
    virtualHosts.\${domain} = {
      useACMEHost = "hedgehog.test";
      forceSSL = true;
      serverAliases = [ "groups.\${domain}" "share.\${domain}" ];
      locations."/.well-known/acme-challenge/".proxyPass = "http://localhost:5080";
      locations."/" = {
        proxyPass = "https://localhost:5443";
        proxyWebsockets = true;
        extraConfig = "client_max_body_size 104857616; proxy_read_timeout 900s;";
      };
    };
  };
}
`,
  });
}

const codes = (d: MemoryDeployment) =>
  d
    .findings()
    .filter((f) => VHOST_CODES.includes(f.code))
    .map((f) => `${f.code} ${f.file.split('/').pop()}:${f.range.start.line + 1}`);

describe('nginx and ACME options set host-wide in another module', () => {
  it('recommendedProxySettings and a DNS-01 certificate in configuration.nix count for the Snikket module', () => {
    const d = twoModules(`  services.nginx.recommendedProxySettings = true;
  security.acme.certs."hedgehog.test" = {
    domain = "*.hedgehog.test";
    extraDomainNames = [ "*.chat.hedgehog.test" ];
    dnsProvider = "rfc2136";
  };`);
    assert.deepEqual(codes(d), []);
  });

  it('the same with the DNS provider in security.acme.defaults', () => {
    const d = twoModules(`  services.nginx.recommendedProxySettings = true;
  security.acme.defaults.dnsProvider = "rfc2136";
  security.acme.certs."hedgehog.test".domain = "*.hedgehog.test";`);
    assert.deepEqual(codes(d), []);
  });

  it('without recommendedProxySettings anywhere, the proxies lack the Host header', () => {
    const d = twoModules('  security.acme.defaults.dnsProvider = "rfc2136";');
    assert.deepEqual(codes(d), ['proxy-host-header snikket.nix:25']);
  });
});
