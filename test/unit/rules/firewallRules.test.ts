import * as assert from 'node:assert/strict';
import { lineWith } from '../../helpers/fixture';
import { seed } from '../../helpers/seedDeployment';

describe('firewall-port-missing', () => {
  it("adds every missing port in one fix, in each list's own style", () => {
    const d = seed({ tcp: '[ 5222 5269 3478 3479 5349 5350 ]', udp: '[ 3478 5349 5350 ]' });
    const [f, ...rest] = d.findings('firewall-port-missing');
    assert.equal(rest.length, 0);
    assert.deepEqual(d.where('firewall-port-missing'), ['snikket.nix:11:23']);
    assert.equal(
      f!.message,
      'The firewall does not open TCP 5000 (file transfer proxy), UDP 3479 (STUN/TURN alternate port), which Snikket needs: those services are unreachable',
    );
    const out = d.apply(f!.fixes[0]!);
    assert.equal(
      lineWith(out['snikket.nix']!, 'allowedTCPPorts'),
      'allowedTCPPorts = [ 5222 5269 3478 3479 5349 5350 5000 ];',
    );
    assert.equal(lineWith(out['snikket.nix']!, 'allowedUDPPorts'), 'allowedUDPPorts = [ 3478 5349 5350 3479 ];');
    assert.deepEqual(d.findings('firewall-port-missing'), []);
  });

  it('follows SNIKKET_PROXY65_PORT and SNIKKET_TWEAK_TURNSERVER=0', () => {
    const d = seed({ conf: { SNIKKET_PROXY65_PORT: '5001', SNIKKET_TWEAK_TURNSERVER: '0' } });
    const [f] = d.findings('firewall-port-missing');
    assert.equal(
      f!.message,
      'The firewall does not open TCP 5001 (file transfer proxy), which Snikket needs: those services are unreachable',
    );
  });

  it('adds a list that does not exist yet, spelled like its neighbours', () => {
    const d = seed({ udp: null });
    const [f] = d.findings('firewall-port-missing');
    const out = d.apply(f!.fixes[0]!);
    assert.equal(lineWith(out['snikket.nix']!, 'allowedUDPPorts'), 'allowedUDPPorts = [ 3478 3479 5349 5350 ];');
    assert.deepEqual(d.findings('firewall-port-missing'), []);
    assert.deepEqual(d.findings('syntax-error'), []);
  });

  it('stays silent when a list is not knowable', () => {
    const d = seed({ tcp: '[ 5222 ] ++ config.services.foo.ports' });
    assert.deepEqual(
      d.findings('firewall-port-missing').map((f) => f.message.includes('TCP')),
      [],
    );
  });

  it('counts ports a container publishes', () => {
    const d = seed({ tcp: '[ 5269 5000 3478 3479 5349 5350 ]', serverNetwork: '"-p" "5222:5222"' });
    assert.deepEqual(d.findings('firewall-port-missing'), []);
  });
});

describe('firewall-port-exposed', () => {
  it('reports a tweak port opened while nginx proxies to it, and closes it', () => {
    const d = seed({ tcp: '[ 5443 5222 5269 5000 3478 3479 5349 5350 ]' });
    const [f] = d.findings('firewall-port-exposed');
    assert.deepEqual(d.where('firewall-port-exposed'), ['snikket.nix:11:25']);
    assert.equal(
      f!.message,
      "Port 5443 is Snikket's HTTPS port, which nginx proxies to on localhost; opening it in the firewall exposes it to the internet",
    );
    const out = d.apply(f!.fixes[0]!);
    assert.equal(
      lineWith(out['snikket.nix']!, 'allowedTCPPorts'),
      'allowedTCPPorts = [ 5222 5269 5000 3478 3479 5349 5350 ];',
    );
  });

  it('reports 5280 and 5765 as information: they listen on loopback', () => {
    const d = seed({ tcp: '[ 5222 5269 5000 3478 3479 5349 5350 5280 5765 ]' });
    assert.deepEqual(d.where('firewall-port-exposed'), ['snikket.nix:11:60', 'snikket.nix:11:65']);
    assert.deepEqual(
      d.findings('firewall-port-exposed').map((f) => [f.severity, f.message]),
      [
        [
          'information',
          "Port 5280 is Prosody's internal HTTP port and listens on loopback only (SNIKKET_TWEAK_INTERNAL_HTTP_INTERFACE unset, so 127.0.0.1,::1): opening it in the firewall has no effect today, but exposes it if that setting changes",
        ],
        [
          'information',
          "Port 5765 is the web portal's internal port and listens on loopback only (SNIKKET_TWEAK_PORTAL_INTERNAL_HTTP_INTERFACE unset, so 127.0.0.1): opening it in the firewall has no effect today, but exposes it if that setting changes",
        ],
      ],
    );
  });

  it('reports 5280 as a warning when Prosody listens beyond loopback', () => {
    const d = seed({
      tcp: '[ 5222 5269 5000 3478 3479 5349 5350 5280 ]',
      conf: { SNIKKET_TWEAK_INTERNAL_HTTP_INTERFACE: '0.0.0.0' },
    });
    assert.deepEqual(
      d.findings('firewall-port-exposed').map((f) => [f.severity, f.message]),
      [
        [
          'warning',
          "Port 5280 is Prosody's internal HTTP port and listens beyond loopback (SNIKKET_TWEAK_INTERNAL_HTTP_INTERFACE=0.0.0.0); opening it in the firewall exposes it to the internet",
        ],
      ],
    );
  });
});

describe('turn-range-mismatch', () => {
  it('reports a firewall range narrower than the relay range, with fixes both ways', () => {
    const d = seed({ conf: { SNIKKET_TWEAK_TURNSERVER_MAX_PORT: null } });
    assert.deepEqual(d.findings('firewall-port-missing'), [], 'one cause, one finding');
    const [f] = d.findings('turn-range-mismatch');
    assert.equal(f!.severity, 'error');
    assert.match(
      f!.message,
      /opens UDP 49152–49252 in snikket.nix, but TURN relays on 49152–65535 \(SNIKKET_TWEAK_TURNSERVER_MIN_PORT=49152 in snikket\/snikket.conf, SNIKKET_TWEAK_TURNSERVER_MAX_PORT unset, so 65535\)/,
    );
    assert.deepEqual(
      f!.fixes.map((x) => x.title),
      ['Open UDP 49152–65535 in the firewall', 'Relay on 49152–49252 instead'],
    );
    const out = d.apply(f!.fixes[1]!);
    assert.match(out['snikket/snikket.conf']!, /SNIKKET_TWEAK_TURNSERVER_MAX_PORT=49252\n$/);
    assert.deepEqual(d.findings('turn-range-mismatch'), []);
  });

  it('edits the range literals', () => {
    const d = seed({
      conf: { SNIKKET_TWEAK_TURNSERVER_MIN_PORT: '50000', SNIKKET_TWEAK_TURNSERVER_MAX_PORT: '50100' },
    });
    const [f] = d.findings('turn-range-mismatch');
    const out = d.apply(f!.fixes[0]!);
    assert.equal(
      lineWith(out['snikket.nix']!, 'allowedUDPPortRanges'),
      'allowedUDPPortRanges = [ { from = 50000; to = 50100; } ];',
    );
  });

  it('rejects bounds that break the rules', () => {
    const d = seed({ conf: { SNIKKET_TWEAK_TURNSERVER_MIN_PORT: '1000' } });
    assert.ok(
      d
        .findings('turn-range-mismatch')
        .some(
          (f) =>
            f.message ===
            'SNIKKET_TWEAK_TURNSERVER_MIN_PORT=1000 is out of range: relay ports must be above 1024 and at most 65535',
        ),
    );
  });

  it('is silent when TURN is off', () => {
    const d = seed({ conf: { SNIKKET_TWEAK_TURNSERVER_MAX_PORT: '50000', SNIKKET_TWEAK_TURNSERVER: '0' } });
    assert.deepEqual(d.findings('turn-range-mismatch'), []);
  });
});
