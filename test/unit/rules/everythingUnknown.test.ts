import * as assert from 'node:assert/strict';
import { MemoryDeployment } from '../../helpers/memoryDeployment';

/**
 * Every value the rules compare comes from somewhere the checker cannot read: settings from a
 * secrets file read at run time, the domain and ports from the module's arguments, the firewall
 * from an option nothing in the repository sets. Every rule runs; none may claim a value is
 * missing or wrong.
 */
const MODULE = `{ config, lib, pkgs, domain, httpPort, httpsPort, turnRange, ... }:
let
  images = {
    snikket = "snikket/snikket-server:stable";
    snikket-proxy = "snikket/snikket-web-proxy:stable";
    snikket-certs = "snikket/snikket-cert-manager:stable";
    snikket-portal = "snikket/snikket-web-portal:stable";
  };
  proxy = {
    proxyPass = "https://localhost:\${toString httpsPort}";
    proxyWebsockets = true;
    extraConfig = "client_max_body_size 104857616; proxy_read_timeout 900s;";
  };
in
{
  virtualisation.oci-containers.containers = lib.genAttrs [ "snikket" "snikket-proxy" "snikket-certs" "snikket-portal" ] (name: {
    image = images.\${name};
    pull = "newer";
    environmentFiles = [ "/run/secrets/snikket.env" ];
    extraOptions = [ "--network=host" ];
  });

  networking.firewall.allowedTCPPorts = config.site.tcpPorts;
  networking.firewall.allowedUDPPorts = config.site.udpPorts;
  networking.firewall.allowedUDPPortRanges = [ turnRange ];

  services.nginx = {
    enable = true;
    recommendedProxySettings = true;
    virtualHosts.\${domain} = {
      enableACME = true;
      forceSSL = true;
      serverAliases = [ "groups.\${domain}" "share.\${domain}" ];
      acmeFallbackHost = "localhost:\${toString httpPort}";
      locations."/" = proxy;
    };
  };
}
`;

describe('a deployment whose every value is unknown', () => {
  it('gets no finding from any rule', () => {
    const d = new MemoryDeployment({ 'snikket.nix': MODULE });
    const r = d.result();
    assert.equal(r.deployments.length, 1);
    const s = r.deployments[0]!.facts.settings;
    assert.equal(s.unknownReason('SNIKKET_DOMAIN'), 'set at run time by /run/secrets/snikket.env');
    assert.deepEqual(
      r.findings.map((f) => `${f.code} ${f.range.start.line + 1}: ${f.message}`),
      [],
    );
  });

  it('still gets what is proven whatever the others: a retention of 0 days set in the Nix environment', () => {
    const d = new MemoryDeployment({
      'snikket.nix': MODULE.replace(
        '    pull = "newer";\n',
        '    pull = "newer";\n    environment = lib.optionalAttrs (name == "snikket") { SNIKKET_RETENTION_DAYS = "0"; };\n',
      ),
    });
    assert.deepEqual(
      d.result().findings.map((f) => `${f.code} ${f.range.start.line + 1}`),
      ['conf-invalid-value 19'],
    );
  });
});
