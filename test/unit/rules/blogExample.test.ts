import * as assert from 'node:assert/strict';
import { TestDeployment, lineWith } from '../../helpers/fixture';

describe('examples/blog (the seed as an admin would have it)', () => {
  let d: TestDeployment;
  before(() => {
    d = TestDeployment.copy('examples/blog');
  });
  after(() => d.dispose());

  it('finds one deployment with every role', () => {
    const r = d.check();
    assert.equal(r.deployments.length, 1);
    const files = Object.fromEntries(
      Object.entries(r.deployments[0]!.deployment.files).map(([k, v]) => [k, d.rel(v!)]),
    );
    assert.deepEqual(files, {
      conf: 'snikket/snikket.conf',
      compose: 'snikket/docker-compose.yml',
      generated: 'snikket/snikket.nix',
      proxy: 'snikket.nix',
      nginx: 'nginx.nix',
      script: 'snikket/copy-certs.sh',
      timer: 'snikket/copy-certs-job.nix',
    });
  });

  it("reports exactly the seed's mistakes", () => {
    const got = d
      .findings()
      .map((f) => `${f.code} ${d.rel(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}`);
    assert.deepEqual(got, [
      'placeholder-value nginx.nix:20:23',
      'placeholder-value snikket.nix:4:13',
      'acme-fallback-port snikket.nix:26:26',
      'proxy-websockets snikket.nix:28:21',
      'timer-script-missing snikket/copy-certs-job.nix:18:19',
      'placeholder-value snikket/copy-certs.sh:4:9',
      'cert-copy-mismatch snikket/copy-certs.sh:6:8',
      'cert-copy-mismatch snikket/copy-certs.sh:8:1',
      'placeholder-value snikket/snikket.conf:2:16',
      'placeholder-value snikket/snikket.conf:5:21',
      'image-never-updated snikket/snikket.nix:15:13',
    ]);
  });

  it('explains the acmeFallbackHost bug with both values and both places', () => {
    const f = d.findings('acme-fallback-port')[0]!;
    assert.equal(f.severity, 'error');
    assert.match(f.message, /localhost:5443, Snikket's HTTPS port/);
    assert.match(f.message, /SNIKKET_TWEAK_HTTP_PORT=5080/);
    assert.deepEqual(
      f.related.map((r) => [d.rel(r.file), r.range.start.line + 1]),
      [
        ['snikket/snikket.conf', 8],
        ['snikket.nix', 36],
        ['snikket.nix', 46],
      ],
    );
  });

  it('fixes acmeFallbackHost once, with an HTTP-port binding next to the shared port binding', () => {
    const f = d.findings('acme-fallback-port')[0]!;
    assert.deepEqual(
      f.related.map((r) => [d.rel(r.file), r.range.start.line + 1]),
      [
        ['snikket/snikket.conf', 8],
        ['snikket.nix', 36],
        ['snikket.nix', 46],
      ],
    );
    const fix = f.fixes.find((x) => x.isPreferred)!;
    const out = d.apply(fix);
    assert.equal(
      lineWith(out['snikket.nix']!, 'acmeFallbackHost'),
      'acmeFallbackHost = "localhost:${toString http_port}";',
    );
    assert.equal(lineWith(out['snikket.nix']!, 'port = '), 'port = 5443; # must match SNIKKET_TWEAK_HTTPS_PORT');
    assert.equal(
      lineWith(out['snikket.nix']!, 'http_port = '),
      'http_port = 5080; # must match SNIKKET_TWEAK_HTTP_PORT',
    );
    assert.deepEqual(d.where('acme-fallback-port'), []);
    assert.deepEqual(d.findings('syntax-error'), []);
  });
});
