import * as assert from 'node:assert/strict';
import { buildOverview } from '../../../server/src/features/overview';
import type { OverviewPort } from '../../../server/src/api/protocol';
import type { MemoryDeployment } from '../../helpers/memoryDeployment';
import { seed } from '../../helpers/seedDeployment';

const port = (
  protocol: 'tcp' | 'udp',
  from: number,
  to: number,
  purpose: string,
  open: boolean,
  expected: 'open' | 'closed',
): OverviewPort => ({ protocol, from, to, purpose, open, expected });

describe('overview of a seed-shaped deployment', () => {
  let d: MemoryDeployment;
  beforeEach(() => {
    d = seed();
  });

  it('files by role, values, DNS records', () => {
    const o = buildOverview(d.result());
    assert.equal(o.deployments.length, 1);
    const dep = o.deployments[0]!;
    assert.equal(dep.root, d.path('configuration.nix'));
    assert.deepEqual(dep.files, {
      conf: d.path('snikket/snikket.conf'),
      compose: d.path('snikket/docker-compose.yml'),
      generated: d.path('snikket/snikket.nix'),
      proxy: d.path('snikket.nix'),
      nginx: d.path('nginx.nix'),
      script: d.path('snikket/copy-certs.sh'),
      timer: d.path('snikket/copy-certs-job.nix'),
    });
    assert.deepEqual(dep.values, {
      SNIKKET_DOMAIN: 'chat.hedgehog.test',
      SNIKKET_ADMIN_EMAIL: 'ops@hedgehog.test',
      SNIKKET_TWEAK_HTTP_PORT: '5080',
      SNIKKET_TWEAK_HTTPS_PORT: '5443',
      SNIKKET_TWEAK_TURNSERVER: '1 (default)',
      'TURN relay ports': '49152–49252',
      SNIKKET_TWEAK_TURNSERVER_PORT: '3478 (default)',
      SNIKKET_PROXY65_PORT: '5000 (default)',
      'settings file': d.path('snikket/snikket.conf'),
      'container backend': 'podman',
      'compose2nix project': 'snikket',
    });
    assert.equal(dep.backend, 'podman');
    assert.deepEqual(dep.dnsRecords, [
      'chat.hedgehog.test A/AAAA',
      'groups.chat.hedgehog.test A/AAAA',
      'share.chat.hedgehog.test A/AAAA',
    ]);
  });

  it('every needed port open, every internal one closed', () => {
    assert.deepEqual(buildOverview(d.result()).deployments[0]!.ports, [
      port('tcp', 80, 80, 'HTTP (ACME challenges, redirects)', true, 'open'),
      port('tcp', 443, 443, 'HTTPS (web portal, file sharing)', true, 'open'),
      port('tcp', 5222, 5222, 'client connections', true, 'open'),
      port('tcp', 5269, 5269, 'federation', true, 'open'),
      port('tcp', 5000, 5000, 'file transfer proxy', true, 'open'),
      port('tcp', 3478, 3478, 'STUN/TURN', true, 'open'),
      port('tcp', 3479, 3479, 'STUN/TURN alternate port', true, 'open'),
      port('tcp', 5349, 5349, 'STUN/TURN over TLS', true, 'open'),
      port('tcp', 5350, 5350, 'STUN/TURN over TLS alternate port', true, 'open'),
      port('udp', 3478, 3478, 'STUN/TURN', true, 'open'),
      port('udp', 3479, 3479, 'STUN/TURN alternate port', true, 'open'),
      port('udp', 5349, 5349, 'STUN/TURN over TLS', true, 'open'),
      port('udp', 5350, 5350, 'STUN/TURN over TLS alternate port', true, 'open'),
      port('udp', 49152, 49252, 'TURN relay', true, 'open'),
      port('tcp', 5080, 5080, "Snikket's HTTP port, which nginx proxies to on localhost", false, 'closed'),
      port('tcp', 5443, 5443, "Snikket's HTTPS port, which nginx proxies to on localhost", false, 'closed'),
      port('tcp', 5280, 5280, "Prosody's internal HTTP port", false, 'closed'),
      port('tcp', 5765, 5765, "the web portal's internal port", false, 'closed'),
    ]);
  });

  it('open follows the firewall: a closed port, a short range, an exposed tweak port, a published port', () => {
    d = seed({
      tcp: '[ 5222 5000 5443 3478 3479 5349 5350 ]',
      udpRanges: '[ { from = 49152; to = 49200; } ]',
    });
    const ports = buildOverview(d.result()).deployments[0]!.ports;
    const find = (protocol: string, from: number) => ports.find((p) => p.protocol === protocol && p.from === from)!;
    assert.equal(find('tcp', 5269).open, false);
    assert.equal(find('udp', 49152).open, false);
    assert.equal(find('tcp', 5443).open, true);
    assert.equal(find('tcp', 5443).expected, 'closed');
    d = seed({ tcp: '[ 5222 5000 3478 3479 5349 5350 ]', serverNetwork: '"-p" "5269:5269"' });
    assert.equal(
      buildOverview(d.result()).deployments[0]!.ports.find((p) => p.protocol === 'tcp' && p.from === 5269)!.open,
      true,
    );
  });

  it('findings with 1-based lines', () => {
    d = seed({ main: { acmeFallback: '"localhost:${toString https_port}"' } });
    const r = d.result();
    const dep = buildOverview(r).deployments[0]!;
    assert.equal(dep.findings.length, r.deployments[0]!.findings.length);
    const acme = dep.findings.filter((f) => f.code === 'acme-fallback-port');
    assert.deepEqual(
      acme.map((f) => [d.rel(f.file), f.line, f.severity]),
      [['snikket.nix', 20, 'error']],
    );
    assert.match(acme[0]!.message, /5443/);
  });

  it('with TURN off: no STUN/TURN ports and no relay range', () => {
    d = seed({ conf: { SNIKKET_TWEAK_TURNSERVER: '0' } });
    const dep = buildOverview(d.result()).deployments[0]!;
    assert.equal(dep.values['SNIKKET_TWEAK_TURNSERVER'], '0');
    assert.equal(dep.values['TURN relay ports'], undefined);
    assert.ok(!dep.ports.some((p) => p.purpose.startsWith('STUN') || p.purpose === 'TURN relay'));
  });
});
