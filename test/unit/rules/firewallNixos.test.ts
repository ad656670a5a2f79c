import * as assert from 'node:assert/strict';
import { lineWith } from '../../helpers/fixture';
import { seed } from '../../helpers/seedDeployment';

/** The seed deployment with snikket.nix's firewall block (from line 10) replaced. */
const withFirewall = (firewall: string) => seed({ firewall });

describe('firewall as NixOS builds it', () => {
  it('counts ports opened on an interface', () => {
    const d = withFirewall(`  networking.firewall.interfaces.eth0 = {
    allowedTCPPorts = [ 5222 5269 5000 3478 3479 5349 5350 ];
    allowedUDPPorts = [ 3478 3479 5349 5350 ];
    allowedUDPPortRanges = [ { from = 49152; to = 49252; } ];
  };
`);
    assert.deepEqual(d.findings('firewall-port-missing'), []);
    assert.deepEqual(d.findings('turn-range-mismatch'), []);
  });

  it('adds a missing port to the interface block the user opens ports in, never host-wide', () => {
    const d = withFirewall(`  networking.firewall.interfaces."enp1s0" = {
    allowedTCPPorts = [ 5222 5269 3478 3479 5349 5350 ];
    allowedUDPPortRanges = [ { from = 49152; to = 49252; } ];
  };
`);
    const all = d.findings('firewall-port-missing');
    assert.equal(all.length, 1);
    const f = all[0]!;
    assert.deepEqual(d.where('firewall-port-missing'), ['snikket.nix:11:23']);
    assert.equal(
      f.message,
      'The firewall does not open TCP 5000 (file transfer proxy), UDP 3478 (STUN/TURN), UDP 3479 (STUN/TURN alternate port), UDP 5349 (STUN/TURN over TLS), UDP 5350 (STUN/TURN over TLS alternate port), which Snikket needs: those services are unreachable',
    );
    assert.match(f.fixes[0]!.title, / on enp1s0$/);
    const out = d.apply(f.fixes[0]!);
    assert.equal(
      lineWith(out['snikket.nix']!, 'allowedTCPPorts'),
      'allowedTCPPorts = [ 5222 5269 3478 3479 5349 5350 5000 ];',
    );
    assert.equal(lineWith(out['snikket.nix']!, 'allowedUDPPorts ='), 'allowedUDPPorts = [ 3478 3479 5349 5350 ];');
    assert.ok(!out['snikket.nix']!.includes('networking.firewall.allowed'), 'nothing host-wide');
    assert.match(
      out['snikket.nix']!,
      /interfaces\."enp1s0" = \{\n    allowedTCPPorts = \[[^\n]*\n    allowedUDPPortRanges = [^\n]*\n    allowedUDPPorts = /,
    );
    assert.deepEqual(d.findings('firewall-port-missing'), []);
    assert.deepEqual(d.findings('syntax-error'), []);
  });

  it('adds in the attribute-path form the interface is written in', () => {
    const d =
      withFirewall(`  networking.firewall.interfaces.wg0.allowedTCPPorts = [ 5222 5269 5000 3478 3479 5349 5350 ];
  networking.firewall.interfaces.wg0.allowedUDPPortRanges = [ { from = 49152; to = 49252; } ];
`);
    const [f] = d.findings('firewall-port-missing');
    const out = d.apply(f!.fixes[0]!);
    assert.equal(
      lineWith(out['snikket.nix']!, 'allowedUDPPorts ='),
      'networking.firewall.interfaces.wg0.allowedUDPPorts = [ 3478 3479 5349 5350 ];',
    );
    assert.deepEqual(d.findings('firewall-port-missing'), []);
  });

  it('counts port ranges, and widens a touching range instead of adding a second one', () => {
    const d = withFirewall(`  networking.firewall = {
    allowedTCPPortRanges = [ { from = 5222; to = 5269; } { from = 3478; to = 3479; } { from = 5349; to = 5350; } { from = 5000; to = 5000; } ];
    allowedUDPPortRanges = [ { from = 3478; to = 3479; } { from = 5349; to = 5350; } { from = 49152; to = 49252; } ];
  };
`);
    assert.deepEqual(d.findings('firewall-port-missing'), []);
  });

  it('says once that the host has no firewall, and nothing is missing', () => {
    const d = withFirewall(`  networking.firewall.enable = false;
`);
    const f = d.findings('firewall-port-missing');
    assert.deepEqual(
      f.map((x) => [x.severity, x.message]),
      [
        [
          'information',
          'networking.firewall.enable = false: this host has no firewall, so every port a service listens on is reachable, including ports meant for localhost only',
        ],
      ],
    );
    assert.deepEqual(d.where('firewall-port-missing'), ['snikket.nix:10:32']);
    assert.deepEqual(d.findings('turn-range-mismatch'), []);
  });

  it('judges nothing when the firewall is off but an nftables ruleset of the host decides', () => {
    const d = withFirewall(`  networking.firewall.enable = false;
  networking.nftables = { enable = true; ruleset = builtins.readFile ./rules.nft; };
`);
    assert.deepEqual(d.findings('firewall-port-missing'), []);
  });

  it('reads the lists the same way under nftables', () => {
    const d = withFirewall(`  networking.nftables.enable = true;
  networking.firewall.allowedTCPPorts = [ 5222 ];
`);
    assert.deepEqual(d.where('firewall-port-missing'), ['snikket.nix:11:41']);
  });

  it('is silent when enable is not knowable', () => {
    const d = withFirewall(`  networking.firewall.enable = config.services.myFirewall.enable;
`);
    assert.deepEqual(d.findings('firewall-port-missing'), []);
  });

  it('is silent when the firewall set itself is not knowable', () => {
    const d = withFirewall(`  networking.firewall = import ./firewall.nix;
`);
    assert.deepEqual(d.findings('firewall-port-missing'), []);
  });

  it('does not count ports that rootless podman publishes: the firewall applies to them', () => {
    const d = seed({
      tcp: '[ 5269 5000 3478 3479 5349 5350 ]',
      serverNetwork: '"-p" "5222:5222"',
      generated: { serverExtra: 'podman.user = "snikket";' },
    });
    assert.equal(
      d.findings('firewall-port-missing')[0]!.message,
      'The firewall does not open TCP 5222 (client connections), which Snikket needs: those services are unreachable',
    );
  });

  it('counts ports that docker publishes: they bypass the host firewall', () => {
    const d = seed({
      tcp: '[ 5269 5000 3478 3479 5349 5350 ]',
      serverNetwork: '"-p" "5222:5222"',
      generated: { backend: 'docker' },
    });
    assert.deepEqual(d.findings('firewall-port-missing'), []);
  });

  it('reports a drifted TURN range once, as turn-range-mismatch', () => {
    const d = seed({
      conf: { SNIKKET_TWEAK_TURNSERVER_MIN_PORT: '50000', SNIKKET_TWEAK_TURNSERVER_MAX_PORT: '50100' },
    });
    assert.deepEqual(
      d
        .findings()
        .filter((f) => f.code.startsWith('firewall') || f.code.startsWith('turn'))
        .map((f) => f.code),
      ['turn-range-mismatch'],
    );
  });
});
