import * as assert from 'node:assert/strict';
import { TestDeployment, lineWith } from '../../helpers/fixture';

describe('domain-mismatch', () => {
  it('reports the binding the vhost names are built from once (not once per vhost) and fixes it there', () => {
    const d = TestDeployment.copy('examples/blog', {
      'snikket.nix': [['domain = "chat.example.com";', 'domain = "chat.example.org";']],
    });
    assert.deepEqual(d.where('domain-mismatch'), ['snikket.nix:4:13']);
    const [f] = d.findings('domain-mismatch');
    assert.equal(
      f!.message,
      'The domain the virtual host chat.example.org is built from is chat.example.org in snikket.nix, but SNIKKET_DOMAIN=chat.example.com in snikket/snikket.conf makes it chat.example.com',
    );
    assert.deepEqual(
      f!.fixes.map((x) => [x.title, x.isPreferred]),
      [
        ['Change chat.example.org to chat.example.com', true],
        ['Set SNIKKET_DOMAIN to chat.example.org (only before the first start: certificates live under it)', false],
      ],
    );
    const out = d.apply(f!.fixes[0]!);
    assert.equal(
      lineWith(out['snikket.nix']!, 'domain = "'),
      'domain = "chat.example.com"; # must match SNIKKET_DOMAIN',
    );
  });

  it("reports a literal vhost name and the copy script's DOMAIN", () => {
    const d = TestDeployment.copy('examples/blog', {
      'snikket.nix': [['virtualHosts."${share_domain}"', 'virtualHosts."share.chat.example.net"']],
      'snikket/copy-certs.sh': [['DOMAIN="chat.example.com"', 'DOMAIN="chat.example.net"']],
    });
    assert.deepEqual(d.where('domain-mismatch'), ['snikket.nix:43:25', 'snikket/copy-certs.sh:4:8']);
    const fixes = d.findings('domain-mismatch').map((f) => f.fixes[0]!);
    d.apply(fixes[0]!);
    d.apply(fixes[1]!);
    assert.match(d.read('snikket.nix'), /virtualHosts\."share\.chat\.example\.com"/);
    assert.match(d.read('snikket/copy-certs.sh'), /^DOMAIN="chat\.example\.com"$/m);
    assert.deepEqual(d.findings('domain-mismatch'), []);
  });
});

describe('conf-* rules', () => {
  it('conf-unknown-variable suggests the right name and renames it', () => {
    const d = TestDeployment.copy('examples/blog', {
      'snikket/snikket.conf': [['SNIKKET_TWEAK_HTTPS_PORT', 'SNIKKET_TWEAK_HTTPS_PROT']],
    });
    const [f] = d.findings('conf-unknown-variable');
    assert.equal(
      f!.message,
      'Snikket does not read SNIKKET_TWEAK_HTTPS_PROT, so this line has no effect: did you mean SNIKKET_TWEAK_HTTPS_PORT?',
    );
    assert.deepEqual(d.where('conf-unknown-variable'), ['snikket/snikket.conf:9:1']);
    d.apply(f!.fixes[0]!);
    assert.deepEqual(d.findings('conf-unknown-variable'), []);
  });

  it('conf-invalid-value names the expected form', () => {
    const d = TestDeployment.copy('examples/blog', {
      'snikket/snikket.conf': [['SNIKKET_TWEAK_HTTPS_PORT=5443', 'SNIKKET_TWEAK_HTTPS_PORT=54433x']],
    });
    assert.deepEqual(d.where('conf-invalid-value'), ['snikket/snikket.conf:9:26']);
    assert.match(d.findings('conf-invalid-value')[0]!.message, /SNIKKET_TWEAK_HTTPS_PORT/);
  });

  it('conf-missing-required proposes the address NixOS ACME already uses', () => {
    const d = TestDeployment.copy('examples/blog', {
      'snikket/snikket.conf': [['SNIKKET_ADMIN_EMAIL=admin@example.com\n', '']],
    });
    const [f] = d.findings('conf-missing-required');
    assert.equal(f!.message, 'SNIKKET_ADMIN_EMAIL is not set: Snikket does not start without it');
    assert.deepEqual(d.where('conf-missing-required'), ['snikket/snikket.conf:1:1']);
    const out = d.apply(f!.fixes[0]!);
    assert.match(out['snikket/snikket.conf']!, /\nSNIKKET_ADMIN_EMAIL=admin@example\.com\n$/);
  });

  it('conf-duplicate-key removes the earlier line, which had no effect', () => {
    const d = TestDeployment.copy('examples/blog', {
      'snikket/snikket.conf': [
        ['SNIKKET_TWEAK_HTTP_PORT=5080\n', 'SNIKKET_TWEAK_HTTP_PORT=5081\nSNIKKET_TWEAK_HTTP_PORT=5080\n'],
      ],
    });
    const [f] = d.findings('conf-duplicate-key');
    assert.equal(
      f!.message,
      'SNIKKET_TWEAK_HTTP_PORT is set again on line 9 (5080), which wins: this value (5081) has no effect',
    );
    const before = d.read('snikket/snikket.conf');
    const out = d.apply(f!.fixes[0]!);
    assert.equal(out['snikket/snikket.conf'], before.replace('SNIKKET_TWEAK_HTTP_PORT=5081\n', ''));
  });
});

describe('conf-invalid-value: variables newer than the pinned image', () => {
  it('says a variable is ignored by an older pinned server image', () => {
    const d = TestDeployment.copy('examples/blog', {
      'snikket/snikket.conf': [[/$/, 'SNIKKET_TLS_PROFILE=intermediate\nSNIKKET_MAX_USER_CLIENTS=5\n']],
      'snikket/snikket.nix': [
        ['image = "snikket/snikket-server:stable";', 'image = "snikket/snikket-server:stable.20250304";'],
      ],
    });
    assert.deepEqual(
      d.findings('conf-invalid-value').map((f) => [f.severity, f.message]),
      [
        [
          'information',
          "SNIKKET_TLS_PROFILE is read from stable.20260611 on, but the server image is pinned to 'snikket/snikket-server:stable.20250304', which ignores it",
        ],
        [
          'information',
          "SNIKKET_MAX_USER_CLIENTS is read from stable.20260611 on, but the server image is pinned to 'snikket/snikket-server:stable.20250304', which ignores it",
        ],
      ],
    );
    assert.deepEqual(d.where('conf-invalid-value'), ['snikket/snikket.conf:13:1', 'snikket/snikket.conf:14:1']);
  });

  it('is silent for :stable and for a pin from that release on', () => {
    for (const tag of ['stable', 'stable.20260611']) {
      const d = TestDeployment.copy('examples/blog', {
        'snikket/snikket.conf': [[/$/, 'SNIKKET_TLS_PROFILE=intermediate\n']],
        ...(tag === 'stable'
          ? {}
          : {
              'snikket/snikket.nix': [
                ['image = "snikket/snikket-server:stable";', `image = "snikket/snikket-server:${tag}";`],
              ] as [string, string][],
            }),
      });
      assert.deepEqual(d.findings('conf-invalid-value'), [], tag);
    }
  });
});

describe('conf-unknown-variable: the rename finishes the job', () => {
  it('renames the key in snikket.conf and in the copies compose2nix inlined, so nothing is stale after', () => {
    const d = TestDeployment.copy('examples/blog', {
      'snikket/snikket.conf': [['SNIKKET_TWEAK_HTTP_PORT', 'SNIKKET_TWEAK_HTTP_PROT']],
      'snikket/snikket.nix': [[/SNIKKET_TWEAK_HTTP_PORT/g, 'SNIKKET_TWEAK_HTTP_PROT']],
    });
    const f = d.findings('conf-unknown-variable')[0]!;
    const fix = f.fixes.find((x) => x.isPreferred)!;
    assert.equal(fix.title, 'Rename to SNIKKET_TWEAK_HTTP_PORT');
    assert.deepEqual(
      fix.edits.map((e) => [d.rel(e.file), e.range.start.line + 1, e.newText]),
      [
        ['snikket/snikket.conf', 8, 'SNIKKET_TWEAK_HTTP_PORT'],
        ['snikket/snikket.nix', 20, 'SNIKKET_TWEAK_HTTP_PORT'],
        ['snikket/snikket.nix', 55, 'SNIKKET_TWEAK_HTTP_PORT'],
        ['snikket/snikket.nix', 93, 'SNIKKET_TWEAK_HTTP_PORT'],
        ['snikket/snikket.nix', 119, 'SNIKKET_TWEAK_HTTP_PORT'],
      ],
    );
    d.apply(fix);
    assert.deepEqual(d.findings('conf-unknown-variable'), []);
    assert.deepEqual(d.findings('compose2nix-stale'), []);
  });
});
