import * as assert from 'node:assert/strict';
import { lineWith } from '../../helpers/fixture';
import { seed } from '../../helpers/seedDeployment';

/** snikket.conf with the two tweak-port lines given, for edits a key map cannot say. */
const conf = (...ports: string[]) =>
  [
    'SNIKKET_DOMAIN=chat.hedgehog.test',
    'SNIKKET_ADMIN_EMAIL=ops@hedgehog.test',
    ...ports,
    'SNIKKET_TWEAK_TURNSERVER_MIN_PORT=49152',
    'SNIKKET_TWEAK_TURNSERVER_MAX_PORT=49252',
    '',
  ].join('\n');

describe('domain-mismatch', () => {
  it('reports the binding the vhost names are built from once (not once per vhost) and fixes it there', () => {
    const d = seed({ nixDomain: '"chat.hedgehog.org"' });
    assert.deepEqual(d.where('domain-mismatch'), ['snikket.nix:3:13']);
    const [f] = d.findings('domain-mismatch');
    assert.equal(
      f!.message,
      'The domain the virtual host chat.hedgehog.org is built from is chat.hedgehog.org in snikket.nix, but SNIKKET_DOMAIN=chat.hedgehog.test in snikket/snikket.conf makes it chat.hedgehog.test',
    );
    assert.deepEqual(
      f!.fixes.map((x) => [x.title, x.isPreferred]),
      [
        ['Change chat.hedgehog.org to chat.hedgehog.test', true],
        ['Set SNIKKET_DOMAIN to chat.hedgehog.org (only before the first start: certificates live under it)', false],
      ],
    );
    const out = d.apply(f!.fixes[0]!);
    assert.equal(
      lineWith(out['snikket.nix']!, 'domain = "'),
      'domain = "chat.hedgehog.test"; # Keep in sync with SNIKKET_DOMAIN.',
    );
  });

  it("reports a literal vhost name and the copy script's DOMAIN", () => {
    const d = seed({
      vhostNames: ['"${domain}"', '"groups.${domain}"', '"share.chat.hedgehog.net"'],
      script: { domain: 'chat.hedgehog.net' },
    });
    assert.deepEqual(d.where('domain-mismatch'), ['snikket.nix:37:25', 'snikket/copy-certs.sh:3:8']);
    const fixes = d.findings('domain-mismatch').map((f) => f.fixes[0]!);
    d.apply(fixes[0]!);
    d.apply(fixes[1]!);
    assert.match(d.text('snikket.nix'), /virtualHosts\."share\.chat\.hedgehog\.test"/);
    assert.match(d.text('snikket/copy-certs.sh'), /^DOMAIN="chat\.hedgehog\.test"$/m);
    assert.deepEqual(d.findings('domain-mismatch'), []);
  });
});

describe('conf-* rules', () => {
  it('conf-unknown-variable suggests the right name and renames it', () => {
    const d = seed({
      confText: conf('SNIKKET_TWEAK_HTTP_PORT=5080', 'SNIKKET_TWEAK_HTTPS_PROT=5443'),
      generatedEnv: { SNIKKET_TWEAK_HTTPS_PROT: null, SNIKKET_TWEAK_HTTPS_PORT: '5443' },
    });
    const [f] = d.findings('conf-unknown-variable');
    assert.equal(
      f!.message,
      'Snikket does not read SNIKKET_TWEAK_HTTPS_PROT, so this line has no effect: did you mean SNIKKET_TWEAK_HTTPS_PORT?',
    );
    assert.deepEqual(d.where('conf-unknown-variable'), ['snikket/snikket.conf:4:1']);
    d.apply(f!.fixes[0]!);
    assert.deepEqual(d.findings('conf-unknown-variable'), []);
  });

  it('conf-invalid-value names the expected form', () => {
    const d = seed({ conf: { SNIKKET_TWEAK_HTTPS_PORT: '54433x' } });
    assert.deepEqual(d.where('conf-invalid-value'), ['snikket/snikket.conf:5:26']);
    assert.match(d.findings('conf-invalid-value')[0]!.message, /SNIKKET_TWEAK_HTTPS_PORT/);
  });

  it('conf-missing-required proposes the address NixOS ACME already uses', () => {
    // nginx.nix gives NixOS's ACME client ops@hedgehog.test.
    const d = seed({ conf: { SNIKKET_ADMIN_EMAIL: null } });
    const [f] = d.findings('conf-missing-required');
    assert.equal(f!.message, 'SNIKKET_ADMIN_EMAIL is not set: Snikket does not start without it');
    assert.deepEqual(d.where('conf-missing-required'), ['snikket/snikket.conf:1:1']);
    const out = d.apply(f!.fixes[0]!);
    assert.match(out['snikket/snikket.conf']!, /\nSNIKKET_ADMIN_EMAIL=ops@hedgehog\.test\n$/);
  });

  it('conf-duplicate-key removes the earlier line, which had no effect', () => {
    const d = seed({
      confText: conf('SNIKKET_TWEAK_HTTP_PORT=5081', 'SNIKKET_TWEAK_HTTP_PORT=5080', 'SNIKKET_TWEAK_HTTPS_PORT=5443'),
    });
    const [f] = d.findings('conf-duplicate-key');
    assert.equal(
      f!.message,
      'SNIKKET_TWEAK_HTTP_PORT is set again on line 4 (5080), which wins: this value (5081) has no effect',
    );
    const before = d.text('snikket/snikket.conf');
    const out = d.apply(f!.fixes[0]!);
    assert.equal(out['snikket/snikket.conf'], before.replace('SNIKKET_TWEAK_HTTP_PORT=5081\n', ''));
  });
});

describe('conf-invalid-value: variables newer than the pinned image', () => {
  it('says a variable is ignored by an older pinned server image', () => {
    const d = seed({
      conf: { SNIKKET_TLS_PROFILE: 'intermediate', SNIKKET_MAX_USER_CLIENTS: '5' },
      serverImage: 'snikket/snikket-server:stable.20250304',
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
    assert.deepEqual(d.where('conf-invalid-value'), ['snikket/snikket.conf:8:1', 'snikket/snikket.conf:9:1']);
  });

  it('is silent for :stable and for a pin from that release on', () => {
    for (const tag of ['stable', 'stable.20260611']) {
      const d = seed({ conf: { SNIKKET_TLS_PROFILE: 'intermediate' }, serverImage: `snikket/snikket-server:${tag}` });
      assert.deepEqual(d.findings('conf-invalid-value'), [], tag);
    }
  });
});

describe('conf-unknown-variable: the rename finishes the job', () => {
  it('renames the key in snikket.conf and in the copies compose2nix inlined, so nothing is stale after', () => {
    // compose2nix inlined the misspelt name too.
    const d = seed({ confText: conf('SNIKKET_TWEAK_HTTP_PROT=5080', 'SNIKKET_TWEAK_HTTPS_PORT=5443') });
    const f = d.findings('conf-unknown-variable')[0]!;
    const fix = f.fixes.find((x) => x.isPreferred)!;
    assert.equal(fix.title, 'Rename to SNIKKET_TWEAK_HTTP_PORT');
    assert.deepEqual(
      fix.edits.map((e) => [d.rel(e.file), e.range.start.line + 1, e.newText]),
      [
        ['snikket/snikket.conf', 3, 'SNIKKET_TWEAK_HTTP_PORT'],
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
