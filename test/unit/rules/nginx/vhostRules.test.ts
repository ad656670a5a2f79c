import * as assert from 'node:assert/strict';
import { GOOD_VHOST, host } from './base';

const vhost = (body: string, extra = '') => `    recommendedProxySettings = true;
${extra}    virtualHosts.\${domain} = {
${body}
    };`;
const PROXY = `      locations."/" = {
        proxyPass = "https://localhost:5443";
        proxyWebsockets = true;
        extraConfig = "proxy_read_timeout 900s; client_max_body_size 104857616;";
      };`;
const ALIASES = '      serverAliases = [ "groups.${domain}" "share.${domain}" ];';

describe('nginx as NixOS builds it', () => {
  it('a good vhost gives no finding', () => {
    assert.deepEqual(host({ nginx: GOOD_VHOST }).findings(), []);
  });

  describe('https-port-mismatch', () => {
    it('an HTTPS vhost proxying to the HTTP port sends browsers to the HTTPS tweak port', () => {
      const d = host({
        nginx: vhost(
          `      enableACME = true;\n      forceSSL = true;\n${ALIASES}\n      acmeFallbackHost = "localhost:5080";\n      locations."/".proxyPass = "http://localhost:5080";\n      locations."/".proxyWebsockets = true;`,
        ),
      });
      assert.deepEqual(d.summary('https-port-mismatch'), [
        "configuration.nix:30:51-30:55 error: chat.hedgehog.test proxies HTTPS visitors to http://localhost:5080, Snikket's HTTP port, which redirects every request to https://chat.hedgehog.test:5443: browsers are sent to port 5443, which is meant for nginx alone and closed to them. Proxy to https://localhost:5443 (SNIKKET_TWEAK_HTTPS_PORT=5443)",
      ]);
      const out = d.apply(d.findings('https-port-mismatch')[0]!.fixes[0]!);
      assert.match(out['configuration.nix']!, /proxyPass = "https:\/\/localhost:5443";/);
      assert.deepEqual(d.findings('https-port-mismatch'), []);
    });

    it('plain http:// to the HTTPS port gets 400 from Snikket', () => {
      const d = host({
        nginx: vhost(
          `      enableACME = true;\n      forceSSL = true;\n${ALIASES}\n      acmeFallbackHost = "localhost:5080";\n      locations."/".proxyPass = "http://localhost:5443";\n      locations."/".proxyWebsockets = true;`,
        ),
      });
      assert.deepEqual(d.summary('https-port-mismatch'), [
        'configuration.nix:30:34-30:41 error: chat.hedgehog.test proxies to http://localhost:5443 with plain http://, but 5443 is Snikket\'s HTTPS port (SNIKKET_TWEAK_HTTPS_PORT=5443): it answers every request with 400 "The plain HTTP request was sent to HTTPS port". Proxy to https://localhost:5443',
      ]);
      d.apply(d.findings('https-port-mismatch')[0]!.fixes[0]!);
      assert.deepEqual(d.findings('https-port-mismatch'), []);
    });

    it('an HTTP-only vhost forwarding to the HTTP port is not a mismatch', () => {
      const d = host({ nginx: vhost(`${ALIASES}\n      locations."/".proxyPass = "http://localhost:5080";`) });
      assert.deepEqual(d.findings('https-port-mismatch'), []);
    });
  });

  describe('http-redirect-port', () => {
    it('warns when port 80 is forwarded wholesale to the HTTP port', () => {
      const d = host({ nginx: vhost(`${ALIASES}\n      locations."/".proxyPass = "http://localhost:5080";`) });
      assert.deepEqual(d.summary('http-redirect-port'), [
        "configuration.nix:27:33-27:56 warning: Plain-HTTP visitors of chat.hedgehog.test, groups.chat.hedgehog.test, share.chat.hedgehog.test are forwarded to Snikket's HTTP port, which redirects them to https://chat.hedgehog.test:5443 (SNIKKET_TWEAK_HTTPS_PORT=5443), a port meant for nginx alone: they cannot reach the site. Redirect port 80 to https with forceSSL on the HTTPS virtual host and forward only /.well-known/acme-challenge/ to localhost:5080",
      ]);
    });

    const pair = (http: string) => `    recommendedProxySettings = true;
    virtualHosts."snikket-http" = {
      serverName = domain;
${ALIASES}
      listen = [ { addr = "0.0.0.0"; port = 80; } ];
${http}
    };
    virtualHosts."snikket-https" = {
      serverName = domain;
${ALIASES}
      onlySSL = true;
      sslCertificate = "/var/lib/snikket-certs/fullchain.pem";
      sslCertificateKey = "/var/lib/snikket-certs/key.pem";
${PROXY}
    };`;

    it("fixes an HTTP vhost beside an HTTPS one: challenges keep the user's proxyPass, the rest redirects to https", () => {
      const d = host({ nginx: pair('      locations."/".proxyPass = "http://localhost:5080";') });
      const [f] = d.findings('http-redirect-port');
      assert.deepEqual(
        f!.fixes.map((x) => [x.title, x.isPreferred]),
        [["Redirect plain HTTP to https and forward only /.well-known/acme-challenge/ to Snikket's HTTP port", true]],
      );
      const out = d.apply(f!.fixes[0]!)['configuration.nix']!;
      assert.ok(
        out.includes(`      listen = [ { addr = "0.0.0.0"; port = 80; } ];
      locations."/.well-known/acme-challenge/".proxyPass = "http://localhost:5080";
      locations."/".return = "301 https://$host$request_uri";
    };`),
        out,
      );
      assert.deepEqual(
        d.findings().map((x) => x.code),
        [],
      );
    });

    it('in the attrset form, moves an interpolated proxyPass verbatim before the location', () => {
      const d = host({
        nginx: pair(`      locations."/" = {
        proxyPass = "http://localhost:\${toString 5080}";
        proxyWebsockets = true;
      };`),
      });
      const out = d.apply(d.findings('http-redirect-port')[0]!.fixes[0]!)['configuration.nix']!;
      assert.ok(
        out.includes(`      locations."/.well-known/acme-challenge/".proxyPass = "http://localhost:\${toString 5080}";
      locations."/" = {
        return = "301 https://$host$request_uri";
        proxyWebsockets = true;
      };`),
        out,
      );
      assert.deepEqual(
        d.findings().map((x) => x.code),
        [],
      );
    });

    it('offers no fix without an HTTPS vhost for the name or beside an own challenge location', () => {
      assert.deepEqual(
        host({ nginx: vhost(`${ALIASES}\n      locations."/".proxyPass = "http://localhost:5080";`) }).findings(
          'http-redirect-port',
        )[0]!.fixes,
        [],
      );
      const own = host({
        nginx: pair(
          '      locations."/.well-known/acme-challenge/".root = "/var/www";\n      locations."/".proxyPass = "http://localhost:5080";',
        ),
      });
      assert.deepEqual(own.findings('http-redirect-port')[0]!.fixes, []);
    });

    it('is silent when the HTTPS tweak port is unknown or the vhost also serves HTTPS', () => {
      assert.deepEqual(
        host({
          nginx: vhost(`${ALIASES}\n      locations."/".proxyPass = "http://localhost:5080";`),
          httpsPort: '',
        }).findings('http-redirect-port'),
        [],
      );
      assert.deepEqual(
        host({
          nginx: vhost(`${ALIASES}\n      forceSSL = true;\n      locations."/".proxyPass = "http://localhost:5080";`),
        }).findings('http-redirect-port'),
        [],
      );
    });
  });

  describe('acme-fallback-port', () => {
    it('a fallback dropped by a DNS-01 certificate is an error when nothing else forwards challenges', () => {
      const d = host({ nginx: GOOD_VHOST, extra: '  security.acme.defaults.dnsProvider = "cloudflare";' });
      assert.deepEqual(d.summary('acme-fallback-port'), [
        "configuration.nix:29:26-29:42 error: acmeFallbackHost of chat.hedgehog.test has no effect: its certificate uses DNS-01 (dnsProvider), so NixOS writes no ACME challenge location. Let's Encrypt's requests for Snikket's certificate never reach localhost:5080, so Snikket cannot obtain its first certificate and waits for it forever",
      ]);
      assert.deepEqual(d.findings('acme-challenge-not-forwarded'), []);
    });

    it('a certificate with dnsProvider = null keeps the fallback', () => {
      const d = host({
        nginx: GOOD_VHOST,
        extra:
          '  security.acme.defaults.dnsProvider = "cloudflare";\n  security.acme.certs.${domain}.dnsProvider = null;',
      });
      assert.deepEqual(d.findings('acme-fallback-port'), []);
    });
  });

  describe('acme-challenge-not-forwarded', () => {
    it("enableACME without a fallback answers Snikket's challenges from NixOS's folder", () => {
      const d = host({ nginx: vhost(`      enableACME = true;\n      forceSSL = true;\n${ALIASES}\n${PROXY}`) });
      assert.deepEqual(d.summary('acme-challenge-not-forwarded'), [
        "configuration.nix:25:18-25:27 error: Let's Encrypt cannot reach Snikket's HTTP port (localhost:5080) for chat.hedgehog.test, groups.chat.hedgehog.test, share.chat.hedgehog.test: nginx answers /.well-known/acme-challenge/ of chat.hedgehog.test from NixOS's own ACME folder (enableACME) and has no acmeFallbackHost. Snikket never obtains its certificate and waits for it forever (\"Waiting for certificates\")",
      ]);
      const out = d.apply(d.findings('acme-challenge-not-forwarded')[0]!.fixes[0]!);
      assert.match(out['configuration.nix']!, /\n {6}acmeFallbackHost = "localhost:5080";\n {4}\};/);
      assert.deepEqual(d.findings('acme-challenge-not-forwarded'), []);
      assert.deepEqual(d.findings('acme-fallback-port'), []);
    });

    it('a challenge location proxying to the HTTP port does the job', () => {
      const d = host({
        nginx: vhost(
          `      addSSL = true;\n      sslCertificate = "/run/cert.pem";\n${ALIASES}\n${PROXY}\n      locations."/.well-known/acme-challenge/".proxyPass = "http://localhost:5080";`,
        ),
      });
      assert.deepEqual(d.findings('acme-challenge-not-forwarded'), []);
    });

    it('is silent when the vhost names are not known', () => {
      const d = host({
        nginx: vhost(
          `      enableACME = true;\n      forceSSL = true;\n      serverAliases = config.extraNames;\n${PROXY}`,
        ),
      });
      assert.deepEqual(d.findings('acme-challenge-not-forwarded'), []);
      assert.deepEqual(d.findings('vhost-missing'), []);
    });
  });

  describe('vhost-missing', () => {
    it('reports a name no vhost serves and adds it to serverAliases', () => {
      const d = host({
        nginx: vhost(
          `      enableACME = true;\n      forceSSL = true;\n      serverAliases = [ "groups.\${domain}" ];\n      acmeFallbackHost = "localhost:5080";\n${PROXY}`,
        ),
      });
      assert.deepEqual(d.summary('vhost-missing'), [
        "configuration.nix:25:18-25:27 error: nginx serves no virtual host for share.chat.hedgehog.test: Snikket's certbot asks for chat.hedgehog.test, groups.chat.hedgehog.test, share.chat.hedgehog.test in one certificate, so the challenge for it fails and Snikket gets no certificate at all",
      ]);
      const out = d.apply(d.findings('vhost-missing')[0]!.fixes[0]!);
      assert.match(out['configuration.nix']!, /serverAliases = \[ "groups.\$\{domain\}" "share.\$\{domain\}" \];/);
      assert.deepEqual(d.findings('vhost-missing'), []);
    });

    it('copies a vhost without aliases under the missing names', () => {
      const d = host({
        nginx: vhost(
          `      enableACME = true;\n      forceSSL = true;\n      acmeFallbackHost = "localhost:5080";\n${PROXY}`,
        ),
      });
      const [f] = d.findings('vhost-missing');
      assert.match(
        f!.message,
        /^nginx serves no virtual host for groups.chat.hedgehog.test and share.chat.hedgehog.test:/,
      );
      const out = d.apply(f!.fixes[0]!);
      assert.match(out['configuration.nix']!, /\n {4}virtualHosts."groups.\$\{domain\}" = \{\n {6}enableACME = true;/);
      assert.match(out['configuration.nix']!, /\n {4}virtualHosts."share.\$\{domain\}" = \{/);
      assert.deepEqual(d.findings(), []);
    });
    it('is silent when the vhosts are named after another domain: domain-mismatch reports that one cause', () => {
      const named = (name: string) =>
        `    virtualHosts."${name}" = {\n      enableACME = true;\n      forceSSL = true;\n      acmeFallbackHost = "localhost:5080";\n${PROXY}\n    };`;
      const d = host({
        nginx: `    recommendedProxySettings = true;\n${['chat.hedgehog.example', 'groups.chat.hedgehog.example', 'share.chat.hedgehog.example'].map(named).join('\n')}`,
      });
      assert.deepEqual(d.findings('vhost-missing'), []);
      assert.deepEqual(
        d.findings('domain-mismatch').map((f) => f.range.start.line + 1),
        [25, 35, 45],
      );
    });
  });

  describe('proxy-host-header', () => {
    it('reports a proxy without recommendedProxySettings and sets it next to enable', () => {
      const d = host({ nginx: GOOD_VHOST.replace('    recommendedProxySettings = true;\n', '') });
      assert.deepEqual(d.summary('proxy-host-header'), [
        'configuration.nix:30:21-30:45 error: chat.hedgehog.test proxies to Snikket without passing the Host header (no recommendedProxySettings, no proxy_set_header Host): Snikket\'s web proxy receives "localhost", serves no site for it and its certificate challenges fail',
      ]);
      const out = d.apply(d.findings('proxy-host-header')[0]!.fixes[0]!);
      assert.match(out['configuration.nix']!, /enable = true;\n {4}recommendedProxySettings = true;\n/);
      assert.deepEqual(d.findings(), []);
    });

    it('accepts proxy_set_header Host in the location', () => {
      const d = host({
        nginx: GOOD_VHOST.replace('    recommendedProxySettings = true;\n', '').replace(
          'proxy_read_timeout 900s;',
          'proxy_read_timeout 900s;\n          proxy_set_header Host $host;',
        ),
      });
      assert.deepEqual(d.findings('proxy-host-header'), []);
    });

    it('a vhost-level Host header is lost when the location sets its own headers', () => {
      const d = host({
        nginx: GOOD_VHOST.replace('    recommendedProxySettings = true;\n', '').replace(
          '      enableACME = true;',
          '      enableACME = true;\n      extraConfig = "proxy_set_header Host $host;";',
        ),
      });
      assert.equal(d.findings('proxy-host-header').length, 1);
    });
  });

  describe('proxy-websockets', () => {
    it('informs about a missing WebSocket upgrade and the 60 s default timeout, and fixes both', () => {
      const d = host({
        nginx: GOOD_VHOST.replace('        proxyWebsockets = true;\n', '').replace(
          '          proxy_read_timeout 900s;\n',
          '',
        ),
      });
      assert.deepEqual(d.summary('proxy-websockets'), [
        "configuration.nix:31:21-31:45 information: chat.hedgehog.test proxies Snikket without WebSocket upgrade (proxyWebsockets) and with proxy_read_timeout 60 s (under 900 s): the web client and BOSH connections drop (Snikket's own proxy allows WebSockets and 900 s)",
      ]);
      const fix = d.findings('proxy-websockets')[0]!.fixes[0]!;
      assert.equal(fix.title, 'Set proxyWebsockets = true and proxy_read_timeout 900s');
      const out = d.apply(fix)['configuration.nix']!;
      assert.match(out, /\n {8}proxyWebsockets = true;\n/);
      assert.match(out, /\n {10}client_max_body_size 104857616;\n {10}proxy_read_timeout 900s;\n {8}'';/);
      assert.deepEqual(d.findings(), []);
    });

    it('a short explicit timeout is raised where it is written', () => {
      const d = host({ nginx: GOOD_VHOST.replace('proxy_read_timeout 900s;', 'proxy_read_timeout 300;') });
      const [f] = d.findings('proxy-websockets');
      assert.match(f!.message, /with proxy_read_timeout 300 s \(under 900 s\)/);
      assert.match(d.apply(f!.fixes[0]!)['configuration.nix']!, /proxy_read_timeout 900s;/);
      assert.deepEqual(d.findings(), []);
    });

    it("reports a proxy to the wrong port too: the port is https-port-mismatch's, the upgrade is missing all the same", () => {
      const d = host({
        nginx: GOOD_VHOST.replace('        proxyWebsockets = true;\n', '').replace(
          'https://localhost:5443',
          'http://localhost:5080',
        ),
      });
      assert.deepEqual(
        d
          .findings()
          .map((f) => f.code)
          .sort(),
        ['https-port-mismatch', 'proxy-websockets'],
      );
      const fix = d.findings('https-port-mismatch')[0]!.fixes[0]!;
      d.apply(fix);
      assert.deepEqual(
        d.findings().map((f) => f.code),
        ['proxy-websockets'],
      );
    });

    it("reports the vhost named after another domain, which domain-mismatch's fix makes the domain's", () => {
      const d = host({
        nginx: GOOD_VHOST.replace('        proxyWebsockets = true;\n', '').replace(
          'virtualHosts.${domain}',
          'virtualHosts."chat.hedgehog.example"',
        ),
      });
      assert.deepEqual(
        d
          .findings()
          .map((f) => f.code)
          .sort(),
        ['domain-mismatch', 'proxy-websockets'],
      );
    });

    it('is silent when the location extraConfig is not known', () => {
      const d = host({
        nginx: GOOD_VHOST.replace(/extraConfig = ''[^]*?'';/, 'extraConfig = config.snikketProxyExtra;'),
      });
      assert.deepEqual(d.findings('proxy-websockets'), []);
    });
  });
});
