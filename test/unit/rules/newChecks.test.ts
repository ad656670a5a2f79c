import * as assert from 'node:assert/strict';
import { seed } from '../../helpers/seedDeployment';

describe('turn-external-missing', () => {
  it('reports TURN off without an external server, at the switch', () => {
    const d = seed({ conf: { SNIKKET_TWEAK_TURNSERVER: '0' } });
    const [f, ...rest] = d.findings('turn-external-missing');
    assert.equal(rest.length, 0);
    assert.equal(f!.severity, 'error');
    assert.equal(
      f!.message,
      "SNIKKET_TWEAK_TURNSERVER=0 turns off Snikket's own STUN/TURN server, and SNIKKET_TWEAK_TURNSERVER_DOMAIN names no external one: audio and video calls between devices behind NAT fail",
    );
    assert.deepEqual(d.where('turn-external-missing'), ['snikket/snikket.conf:8:26']);
    assert.deepEqual(
      f!.fixes.map((x) => [x.title, x.isPreferred]),
      [["Run Snikket's own STUN/TURN server (SNIKKET_TWEAK_TURNSERVER=1)", false]],
    );
  });

  it('is silent with an external server, with TURN on, or unset', () => {
    for (const conf of <Record<string, string>[]>[
      { SNIKKET_TWEAK_TURNSERVER: '0', SNIKKET_TWEAK_TURNSERVER_DOMAIN: 'turn.hedgehog.test' },
      { SNIKKET_TWEAK_TURNSERVER: '1' },
      {},
    ]) {
      const d = seed({ conf });
      assert.deepEqual(d.findings('turn-external-missing'), [], JSON.stringify(conf));
    }
  });
});

describe('port-conflict', () => {
  it('reports nix-serve on the file transfer proxy port', () => {
    const d = seed({ host: '  services.nix-serve.enable = true;' });
    assert.deepEqual(
      d.findings('port-conflict').map((f) => [f.severity, f.message]),
      [
        [
          'error',
          'services.nix-serve listens on TCP 5000 (port), which Snikket needs for file transfer proxy on this host: whichever starts second cannot bind it',
        ],
      ],
    );
    assert.deepEqual(d.where('port-conflict'), ['configuration.nix:4:31']);
  });

  it('is silent when nix-serve moved, is off, or its port is not knowable', () => {
    for (const nix of [
      '  services.nix-serve = { enable = true; port = 5001; };',
      '  services.nix-serve.enable = false;',
      '  services.nix-serve = { enable = true; port = config.my.port; };',
      '  services.nix-serve.enable = lib.mkIf config.my.cache true;',
    ]) {
      const d = seed({ host: nix });
      assert.deepEqual(d.findings('port-conflict'), [], nix);
    }
  });

  it('reports coturn on the STUN/TURN ports and the relay range, unless Snikket runs no TURN server', () => {
    const d = seed({ host: '  services.coturn = { enable = true; min-port = 49000; max-port = 49500; };' });
    assert.deepEqual(
      d.findings('port-conflict').map((f) => f.message),
      [
        'services.coturn listens on TCP/UDP 3478 (listening-port), which Snikket needs for STUN/TURN on this host: whichever starts second cannot bind it',
        'services.coturn listens on TCP/UDP 5349 (tls-listening-port), which Snikket needs for STUN/TURN over TLS on this host: whichever starts second cannot bind it',
        'services.coturn listens on TCP/UDP 3479 (alt-listening-port), which Snikket needs for STUN/TURN alternate port on this host: whichever starts second cannot bind it',
        'services.coturn listens on TCP/UDP 5350 (alt-tls-listening-port), which Snikket needs for STUN/TURN over TLS alternate port on this host: whichever starts second cannot bind it',
        'services.coturn listens on UDP 49000–49500 (relay range), which Snikket needs for TURN relay on this host: whichever starts second cannot bind them',
      ],
    );
    const off = seed({
      host: '  services.coturn.enable = true;',
      conf: { SNIKKET_TWEAK_TURNSERVER: '0', SNIKKET_TWEAK_TURNSERVER_DOMAIN: 'turn.hedgehog.test' },
    });
    assert.deepEqual(off.findings('port-conflict'), []);
  });

  it('reports another XMPP server and another container on Snikket ports', () => {
    const d = seed({
      host: `  services.prosody.enable = true;
  virtualisation.oci-containers.containers.cache = { image = "registry:2"; ports = [ "5443:5000" ]; };`,
    });
    assert.deepEqual(
      d.findings('port-conflict').map((f) => f.message),
      [
        'services.prosody listens on TCP 5222 (c2s), which Snikket needs for client connections on this host: whichever starts second cannot bind it',
        'services.prosody listens on TCP 5269 (s2s), which Snikket needs for federation on this host: whichever starts second cannot bind it',
        'The container cache publishes TCP 5443, which Snikket needs for its HTTPS port (SNIKKET_TWEAK_HTTPS_PORT) on this host: whichever starts second cannot bind it',
      ],
    );
  });
});
