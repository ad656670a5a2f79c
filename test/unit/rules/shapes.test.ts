import * as assert from 'node:assert/strict';
import { TestDeployment, lineWith } from '../../helpers/fixture';
import { seed } from '../../helpers/seedDeployment';

describe('deployment shapes', () => {
  it('one module with the environment inlined in Nix checks clean', () => {
    const d = TestDeployment.copy('one-module');
    const r = d.check();
    assert.deepEqual(r.findings, []);
    assert.deepEqual(Object.keys(r.deployments[0]!.deployment.files).sort(), ['containers', 'nginx', 'proxy']);
  });

  it('one module: settings come from the container environment, fixes edit Nix', () => {
    const d = TestDeployment.copy('one-module', {
      'configuration.nix': [
        [
          'acmeFallbackHost = "localhost:${toString httpPort}";',
          'acmeFallbackHost = "localhost:${toString httpsPort}";',
        ],
      ],
    });
    const [f] = d.findings('acme-fallback-port');
    const out = d.apply(f!.fixes[0]!);
    assert.equal(
      lineWith(out['configuration.nix']!, 'acmeFallbackHost ='),
      'acmeFallbackHost = "localhost:${toString httpPort}";',
    );
  });

  it('one module: a firewall range built from let bindings is followed', () => {
    const d = TestDeployment.copy('one-module', {
      'configuration.nix': [
        [
          'turn = { min = 50000; max = 50200; };',
          'turn = { min = 50000; max = 50200; };\n  fw = { min = 50000; max = 50100; };',
        ],
        ['{ from = turn.min; to = turn.max; }', '{ from = fw.min; to = fw.max; }'],
      ],
    });
    const [f] = d.findings('turn-range-mismatch');
    assert.match(f!.message, /opens UDP 50000–50100 in configuration.nix, but TURN relays on 50000–50200/);
    const out = d.apply(f!.fixes[0]!);
    assert.equal(lineWith(out['configuration.nix']!, 'fw = '), 'fw = { min = 50000; max = 50200; };');
  });

  it("the seed's tree without a host configuration: nginx.nix next to snikket.nix still belongs", () => {
    const d = seed();
    d.remove('configuration.nix');
    const r = d.result();
    assert.deepEqual(
      r.deployments.map((x) => [d.rel(x.deployment.root), d.rel(x.deployment.files.nginx!)]),
      [['snikket.nix', 'nginx.nix']],
    );
    assert.deepEqual(d.findings('firewall-port-missing'), []);
  });

  it('several hosts give several deployments; a host without Snikket gives none', () => {
    const d = TestDeployment.copy('multi-host');
    const r = d.check();
    assert.deepEqual(
      r.deployments.map((x) => d.rel(x.deployment.root)),
      ['hosts/alpha/configuration.nix', 'hosts/beta/configuration.nix'],
    );
    assert.deepEqual(
      r.findings.map((f) => `${f.code} ${d.rel(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}`),
      ['https-port-mismatch hosts/beta/snikket.nix:16:52'],
    );
  });

  it('a value that comes from a function argument is unknown: rules stay silent', () => {
    // The vhosts proxy to https_port and fall back to it, a mistake if it were known.
    const d = seed({
      args: '{ lib, pkgs, config, https_port ? 5443, ... }',
      httpsPort: null,
      vhost: { acmeFallback: '"localhost:${toString https_port}"' },
    });
    assert.deepEqual(d.findings('https-port-mismatch'), []);
    assert.deepEqual(d.findings('acme-fallback-port'), []);
  });
});
