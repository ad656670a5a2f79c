import * as assert from 'node:assert/strict';
import { TestDeployment, lineWith } from '../../helpers/fixture';
import { seed } from '../../helpers/seedDeployment';

describe('https-port-mismatch', () => {
  it('is silent when proxyPass uses SNIKKET_TWEAK_HTTPS_PORT', () => {
    assert.deepEqual(seed().findings('https-port-mismatch'), []);
  });

  it('reports the port literal once and offers both directions', () => {
    const d = seed({ conf: { SNIKKET_TWEAK_HTTPS_PORT: '5444' } });
    const found = d.findings('https-port-mismatch');
    // Three vhosts share `https_port = 5443;`: one mistake, at the binding that makes it.
    assert.deepEqual(d.where('https-port-mismatch'), ['snikket.nix:5:16']);
    const f = found[0]!;
    assert.equal(f.range.end.character, 19);
    assert.match(
      f.message,
      /proxies to port 5443 in snikket.nix, but Snikket serves HTTPS on 5444 \(SNIKKET_TWEAK_HTTPS_PORT=5444 in snikket\/snikket.conf\)/,
    );
    assert.deepEqual(
      f.fixes.map((x) => [x.title, x.isPreferred]),
      [
        ['Set the proxied port to 5444', true],
        ['Set SNIKKET_TWEAK_HTTPS_PORT to 5443', false],
      ],
    );
    const out = d.apply(f.fixes[1]!);
    assert.equal(lineWith(out['snikket/snikket.conf']!, 'HTTPS_PORT'), 'SNIKKET_TWEAK_HTTPS_PORT=5443');
    assert.deepEqual(d.findings('https-port-mismatch'), []);
  });

  it('catches a proxyPass to the HTTP port (browsers redirected to the HTTPS tweak port)', () => {
    const d = seed({ main: { proxyPass: '"http://localhost:5080"' } });
    const [f] = d.findings('https-port-mismatch');
    assert.match(
      f!.message,
      /Snikket's HTTP port, which redirects every request to https:\/\/chat.hedgehog.test:5443: browsers are sent to port 5443/,
    );
    const out = d.apply(f!.fixes[0]!);
    assert.equal(lineWith(out['snikket.nix']!, 'proxyPass = "http'), 'proxyPass = "https://localhost:5443";');
  });
});

describe('tweak-port-conflict', () => {
  it('reports unset tweak ports behind nginx and adds them', () => {
    const d = seed({ conf: { SNIKKET_TWEAK_HTTP_PORT: null, SNIKKET_TWEAK_HTTPS_PORT: null } });
    const found = d.findings('tweak-port-conflict');
    assert.deepEqual(
      found.map((f) => f.message),
      [
        "SNIKKET_TWEAK_HTTP_PORT is unset, so Snikket's web proxy binds port 80, which nginx on this host already serves: set it to another port (e.g. 5080)",
        "SNIKKET_TWEAK_HTTPS_PORT is unset, so Snikket's web proxy binds port 443, which nginx on this host already serves: set it to another port (e.g. 5443)",
      ],
    );
    assert.deepEqual(
      found.map((f) => f.fixes[0]!.title),
      ['Set SNIKKET_TWEAK_HTTP_PORT to 5080', 'Set SNIKKET_TWEAK_HTTPS_PORT to 5443'],
    );
    d.apply(found[0]!.fixes[0]!);
    assert.match(
      d.text('snikket/snikket.conf'),
      /SNIKKET_TWEAK_TURNSERVER_MAX_PORT=49252\nSNIKKET_TWEAK_HTTP_PORT=5080\n$/,
    );
  });

  it('reports a tweak port set to 80 at its value', () => {
    const d = seed({ conf: { SNIKKET_TWEAK_HTTP_PORT: '80' } });
    assert.deepEqual(d.where('tweak-port-conflict'), ['snikket/snikket.conf:4:25']);
  });
});

describe('tweak-port-conflict: the fix moves every use of the port with it', () => {
  it('edits the one binding the environment and acmeFallbackHost read (one module)', () => {
    const d = TestDeployment.copy('one-module', { 'configuration.nix': [['httpPort = 5080;', 'httpPort = 80;']] });
    const [f] = d.findings('tweak-port-conflict');
    assert.deepEqual(
      f!.fixes.map((x) => [x.title, x.isPreferred, x.edits.length]),
      [['Set SNIKKET_TWEAK_HTTP_PORT to 5080', true, 1]],
    );
    const out = d.apply(f!.fixes[0]!)['configuration.nix']!;
    assert.equal(lineWith(out, 'httpPort ='), 'httpPort = 5080;');
    assert.equal(lineWith(out, 'SNIKKET_TWEAK_HTTP_PORT'), 'SNIKKET_TWEAK_HTTP_PORT = toString httpPort;');
    assert.equal(lineWith(out, 'acmeFallbackHost ='), 'acmeFallbackHost = "localhost:${toString httpPort}";');
    assert.deepEqual(
      d.findings().map((x) => x.code),
      [],
    );
  });

  it('sets the env file and the binding acmeFallbackHost reads, or a literal fallback in place', () => {
    const d = seed({ conf: { SNIKKET_TWEAK_HTTP_PORT: '80' }, httpPort: '80' });
    const [f] = d.findings('tweak-port-conflict');
    const out = d.apply(f!.fixes[0]!);
    assert.equal(lineWith(out['snikket/snikket.conf']!, 'HTTP_PORT'), 'SNIKKET_TWEAK_HTTP_PORT=5080');
    assert.equal(
      lineWith(out['snikket.nix']!, 'http_port ='),
      'http_port = 5080; # Keep in sync with SNIKKET_TWEAK_HTTP_PORT.',
    );
    assert.deepEqual(
      d
        .findings()
        .filter((x) => x.code !== 'compose2nix-stale')
        .map((x) => x.code),
      [],
    );

    const literal = seed({ conf: { SNIKKET_TWEAK_HTTP_PORT: '80' }, vhost: { acmeFallback: '"localhost:80"' } });
    const after = literal.apply(literal.findings('tweak-port-conflict')[0]!.fixes[0]!);
    assert.equal(after['snikket.nix']!.match(/acmeFallbackHost = "localhost:5080";/g)!.length, 3);
  });
});

describe('acme-fallback-port', () => {
  it('rejects a scheme', () => {
    const d = seed({ main: { acmeFallback: '"http://localhost:5080"' } });
    const f = d.findings('acme-fallback-port').find((x) => x.message.includes('scheme'))!;
    const out = d.apply(f.fixes[0]!);
    assert.equal(lineWith(out['snikket.nix']!, 'acmeFallbackHost = "local'), 'acmeFallbackHost = "localhost:5080";');
  });

  it('an error when the vhost has neither enableACME nor useACMEHost and port 80 only redirects', () => {
    const d = seed({ main: { certificate: 'enableACME = false;' } });
    const found = d.findings('acme-fallback-port');
    assert.equal(found.length, 1);
    // forceSSL without ACME: port 80 only redirects, so Snikket's challenges never arrive.
    assert.equal(found[0]!.severity, 'error');
    assert.match(
      found[0]!.message,
      /has no effect: the virtual host has neither enableACME = true nor useACMEHost\. Let's Encrypt's requests for Snikket's certificate never reach localhost:5080/,
    );
  });

  it("leaves another service's vhost that falls back to another host alone", () => {
    const d = seed({
      nginxExtra:
        '    virtualHosts."git.hedgehog.test" = { enableACME = true; acmeFallbackHost = "10.0.0.5:8080"; };\n',
      main: { acmeFallback: '"localhost:${toString https_port}"' },
    });
    // Only Snikket's own vhost, which falls back to the HTTPS port.
    assert.deepEqual(d.where('acme-fallback-port'), ['snikket.nix:21:26']);
  });

  it('is silent with the HTTP port', () => {
    assert.deepEqual(seed().findings('acme-fallback-port'), []);
  });
});
