import * as assert from 'node:assert/strict';
import { MemoryDeployment } from '../../../helpers/memoryDeployment';

/** A module whose three vhosts take their ports from `let` bindings. */
function module(lets: string, fallback: string, proxy = 'https://localhost:${toString port}'): MemoryDeployment {
  const vhost = (name: string) => `    virtualHosts."${name}" = {
      enableACME = true;
      forceSSL = true;
      acmeFallbackHost = "${fallback}";
      locations."/".proxyPass = "${proxy}";
    };`;
  return new MemoryDeployment({
    'configuration.nix': `{ config, ... }:
let
  domain = "chat.hedgehog.test";
${lets}
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
  };
  security.acme.acceptTerms = true;
  services.nginx = {
    enable = true;
    recommendedProxySettings = true;
${vhost('${domain}')}
${vhost('groups.${domain}')}
${vhost('share.${domain}')}
  };
}
`,
  });
}

const nginxFindings = (d: MemoryDeployment) =>
  d
    .findings()
    .filter((f) =>
      [
        'acme-fallback-port',
        'acme-challenge-not-forwarded',
        'https-port-mismatch',
        'vhost-missing',
        'proxy-host-header',
      ].includes(f.code),
    );

describe("acme-fallback-port fixes keep the user's abstractions", () => {
  it('one shared port binding is one finding; the fix adds the HTTP-port binding next to it and points the fallbacks at it', () => {
    const d = module('  port = 5443; # must match SNIKKET_TWEAK_HTTPS_PORT', 'localhost:${toString port}');
    const found = d.findings('acme-fallback-port');
    assert.deepEqual(d.summary('acme-fallback-port'), [
      "configuration.nix:23:26-23:54 error: acmeFallbackHost of chat.hedgehog.test, groups.chat.hedgehog.test, share.chat.hedgehog.test points at localhost:5443, Snikket's HTTPS port; ACME challenges are plain HTTP and only SNIKKET_TWEAK_HTTP_PORT=5080 answers them, so Snikket cannot obtain or renew its certificate",
    ]);
    assert.deepEqual(
      found[0]!.related.map((r) => `${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`),
      [
        '12:33 SNIKKET_TWEAK_HTTP_PORT=5080',
        '29:26 acmeFallbackHost of groups.chat.hedgehog.test, from the same value',
        '35:26 acmeFallbackHost of share.chat.hedgehog.test, from the same value',
      ],
    );
    const fix = found[0]!.fixes[0]!;
    assert.equal(fix.title, 'Add httpPort = 5080 and use it');
    const out = d.apply(fix)['configuration.nix']!;
    assert.match(
      out,
      /\n {2}port = 5443; # must match SNIKKET_TWEAK_HTTPS_PORT\n {2}httpPort = 5080; # must match SNIKKET_TWEAK_HTTP_PORT\n/,
    );
    assert.equal(out.split('acmeFallbackHost = "localhost:${toString httpPort}";').length, 4);
    assert.equal(out.split('proxyPass = "https://localhost:${toString port}";').length, 4);
    assert.deepEqual(nginxFindings(d), []);
  });

  it('reuses a binding that already holds the HTTP port', () => {
    const d = module('  httpPort = 5080;\n  httpsPort = 5443;\n  port = httpsPort;', 'localhost:${toString httpsPort}');
    const [f] = d.findings('acme-fallback-port');
    assert.equal(f!.fixes[0]!.title, 'Use httpPort (5080)');
    const out = d.apply(f!.fixes[0]!)['configuration.nix']!;
    assert.equal(out.split('acmeFallbackHost = "localhost:${toString httpPort}";').length, 4);
    assert.match(out, /\n {2}httpsPort = 5443;\n/);
    assert.deepEqual(nginxFindings(d), []);
  });

  it('a binding only the fallbacks read is changed once, where it is defined', () => {
    const d = module('  port = 5443;\n  fallbackPort = 5443;', 'localhost:${toString fallbackPort}');
    const [f] = d.findings('acme-fallback-port');
    assert.equal(f!.fixes[0]!.title, 'Set fallbackPort to 5080');
    assert.equal(f!.fixes[0]!.edits.length, 1);
    const out = d.apply(f!.fixes[0]!)['configuration.nix']!;
    assert.match(out, /\n {2}fallbackPort = 5080;\n/);
    assert.deepEqual(nginxFindings(d), []);
  });

  it('a port written in each value is one finding per value, fixed in place', () => {
    const d = module('  port = 5443;', 'localhost:5443');
    const found = d.findings('acme-fallback-port');
    assert.deepEqual(
      found.map((f) => f.range.start.line + 1),
      [23, 29, 35],
    );
    assert.deepEqual(
      found[0]!.fixes[0]!.edits.map((e) => [e.range.start.line + 1, e.range.start.character + 1, e.newText]),
      [[23, 37, '5080']],
    );
  });
});
