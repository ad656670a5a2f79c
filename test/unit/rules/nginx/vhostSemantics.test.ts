import * as assert from 'node:assert/strict';
import { host, VHOST_CODES } from './base';

const SNIKKET_CODES = [...VHOST_CODES, 'domain-mismatch'];
const codes = (d: ReturnType<typeof host>) =>
  d
    .findings()
    .filter((f) => SNIKKET_CODES.includes(f.code))
    .map((f) => `${f.code} ${f.range.start.line + 1}`);

const HTTPS_LOCATION = `locations."/" = {
        proxyPass = "https://localhost:5443";
        proxyWebsockets = true;
        extraConfig = "client_max_body_size 104857616; proxy_read_timeout 900s;";
      };`;

describe('nginx vhosts as nixpkgs writes them', () => {
  it('serverName names the vhost, whatever its attribute name', () => {
    const d = host({
      nginx: `    recommendedProxySettings = true;
    virtualHosts.snikket = {
      serverName = "chat.hedgehog.test";
      serverAliases = [ "groups.chat.hedgehog.test" "share.chat.hedgehog.test" ];
      enableACME = true;
      forceSSL = true;
      acmeFallbackHost = "localhost:5080";
      ${HTTPS_LOCATION}
    };`,
    });
    assert.deepEqual(codes(d), []);
  });

  it('an HTTP-only vhost beside an HTTPS-only one (listen lines): challenges arrive, visitors are redirected to the tweak port', () => {
    const d = host({
      nginx: `    recommendedProxySettings = true;
    virtualHosts.snikket-http = {
      serverName = "chat.hedgehog.test";
      serverAliases = [ "groups.chat.hedgehog.test" "share.chat.hedgehog.test" ];
      listen = [ { addr = "0.0.0.0"; port = 80; } ];
      locations."/".proxyPass = "http://localhost:5080";
    };
    virtualHosts.snikket-https = {
      serverName = "chat.hedgehog.test";
      serverAliases = [ "groups.chat.hedgehog.test" "share.chat.hedgehog.test" ];
      onlySSL = true;
      sslCertificate = "/var/lib/snikket-certs/fullchain.pem";
      sslCertificateKey = "/var/lib/snikket-certs/key.pem";
      ${HTTPS_LOCATION}
    };`,
    });
    assert.deepEqual(codes(d), ['http-redirect-port 29']);
  });

  it('a forceSSL vhost with its own certificates forwards no challenge', () => {
    const d = host({
      nginx: `    recommendedProxySettings = true;
    virtualHosts."chat.hedgehog.test" = {
      serverAliases = [ "*.chat.hedgehog.test" ];
      forceSSL = true;
      sslCertificate = "/var/lib/snikket-certs/fullchain.pem";
      sslCertificateKey = "/var/lib/snikket-certs/key.pem";
      ${HTTPS_LOCATION}
    };`,
    });
    // The wildcard alias serves groups. and share.: no vhost is missing.
    assert.deepEqual(d.summary('acme-challenge-not-forwarded'), [
      'configuration.nix:25:18-25:38 error: Let\'s Encrypt cannot reach Snikket\'s HTTP port (localhost:5080) for chat.hedgehog.test, groups.chat.hedgehog.test, share.chat.hedgehog.test: chat.hedgehog.test redirects all of port 80 to HTTPS (forceSSL) and forwards no challenge. Snikket never obtains its certificate and waits for it forever ("Waiting for certificates")',
    ]);
    assert.deepEqual(codes(d), ['acme-challenge-not-forwarded 25']);
  });

  it("a DNS-01 wildcard vhost with forceSSL: Let's Encrypt follows the redirect to its challenge location", () => {
    const vhost = (location: string) => `    recommendedProxySettings = true;
    virtualHosts."chat.hedgehog.test" = {
      serverAliases = [ "groups.chat.hedgehog.test" "share.chat.hedgehog.test" ];
      useACMEHost = "hedgehog.test";
      forceSSL = true;
      locations."/.well-known/acme-challenge/".proxyPass = "${location}";
      ${HTTPS_LOCATION}
    };`;
    const extra =
      '  security.acme.certs."hedgehog.test".domain = "*.hedgehog.test";\n  security.acme.defaults.dnsProvider = "rfc2136";';
    assert.deepEqual(codes(host({ extra, nginx: vhost('http://localhost:5080') })), []);
    // Forwarded to another port, the redirect still ends away from Snikket's HTTP port.
    assert.deepEqual(codes(host({ extra, nginx: vhost('http://localhost:8080') })), [
      'acme-challenge-not-forwarded 26',
    ]);
    // nixpkgs redirects to the SSL port when it is not 443, where Let's Encrypt does not follow.
    assert.deepEqual(
      codes(host({ extra, nginx: `    defaultSSLListenPort = 8443;\n${vhost('http://localhost:5080')}` })),
      [],
    );
  });

  it('useACMEHost of a DNS-01 certificate drops the fallback; an unknown forceSSL gives nothing', () => {
    const d = host({
      extra: '  security.acme.certs."hedgehog.test" = { domain = "*.hedgehog.test"; dnsProvider = "rfc2136"; };',
      nginx: `    recommendedProxySettings = true;
    virtualHosts."chat.hedgehog.test" = {
      serverAliases = [ "groups.chat.hedgehog.test" "share.chat.hedgehog.test" ];
      useACMEHost = "hedgehog.test";
      forceSSL = true;
      acmeFallbackHost = "localhost:5080";
      ${HTTPS_LOCATION}
    };`,
    });
    assert.deepEqual(codes(d), ['acme-fallback-port 29']);
    assert.equal(d.findings('acme-fallback-port')[0]!.severity, 'error');
    const unknown = host({
      nginx: `    recommendedProxySettings = true;
    virtualHosts."chat.hedgehog.test" = {
      serverAliases = [ "groups.chat.hedgehog.test" "share.chat.hedgehog.test" ];
      enableACME = true;
      forceSSL = config.useTls;
      ${HTTPS_LOCATION}
    };`,
    });
    assert.deepEqual(codes(unknown), []);
  });
});
