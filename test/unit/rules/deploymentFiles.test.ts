import * as assert from 'node:assert/strict';
import { TestDeployment, lineWith } from '../../helpers/fixture';
import { seed } from '../../helpers/seedDeployment';

describe('the seed deployment the rule tests start from', () => {
  it('checks clean: every finding in a test comes from its own variation', () => {
    assert.deepEqual(
      seed()
        .findings()
        .map((f) => `${f.code} ${f.message}`),
      [],
    );
  });
});

describe('compose2nix-stale', () => {
  it('is silent while the generated file matches its inputs', () => {
    assert.deepEqual(seed().findings('compose2nix-stale'), []);
  });

  it('reports an env value changed after generation once, each container related, and fixes every container in place', () => {
    const d = seed({
      conf: { SNIKKET_TWEAK_HTTPS_PORT: '5444' },
      generatedEnv: { SNIKKET_TWEAK_HTTPS_PORT: '5443' },
    });
    const found = d.findings('compose2nix-stale');
    assert.deepEqual(
      found.map((f) => `${d.rel(f.file)}:${f.range.start.line + 1}`),
      ['snikket/snikket.nix:19'],
    );
    const f = found[0]!;
    assert.equal(f.severity, 'error');
    assert.equal(
      f.message,
      'Containers snikket, snikket-certs, snikket-portal and snikket-proxy still run with SNIKKET_TWEAK_HTTPS_PORT=5443, but the input now says 5444: compose2nix inlined the old value',
    );
    assert.deepEqual(
      f.related.map((r) => `${d.rel(r.file)}:${r.range.start.line + 1} ${r.message}`),
      [
        'snikket/snikket.conf:5 SNIKKET_TWEAK_HTTPS_PORT=5444',
        'snikket/snikket.nix:19 container snikket: SNIKKET_TWEAK_HTTPS_PORT=5443',
        'snikket/snikket.nix:54 container snikket-certs: SNIKKET_TWEAK_HTTPS_PORT=5443',
        'snikket/snikket.nix:92 container snikket-portal: SNIKKET_TWEAK_HTTPS_PORT=5443',
        'snikket/snikket.nix:118 container snikket-proxy: SNIKKET_TWEAK_HTTPS_PORT=5443',
      ],
    );
    assert.deepEqual(
      f.fixes.map((x) => [x.title, x.isPreferred, x.edits.length, x.command?.id]),
      [
        ['Set SNIKKET_TWEAK_HTTPS_PORT to 5444 in 4 containers of snikket/snikket.nix', true, 4, undefined],
        ['Rerun compose2nix', false, 0, 'rerun-compose2nix'],
      ],
    );
    assert.deepEqual([...new Set(f.fixes[0]!.edits.map((e) => e.newText))], ['"5444"']);
    const out = d.apply(f.fixes[0]!)['snikket/snikket.nix']!;
    assert.equal(out.split('\n').filter((l) => l.trim() === '"SNIKKET_TWEAK_HTTPS_PORT" = "5444";').length, 4);
    assert.deepEqual(d.findings('compose2nix-stale'), []);
  });

  it('adds a variable new in snikket.conf in name order, and removes one no longer there, in every container', () => {
    const d = seed({
      conf: { SNIKKET_ADMIN_EMAIL: null, SNIKKET_LOGLEVEL: 'debug' },
      generatedEnv: { SNIKKET_ADMIN_EMAIL: 'ops@hedgehog.test', SNIKKET_LOGLEVEL: null },
    });
    const found = d.findings('compose2nix-stale');
    assert.deepEqual(
      found.map((f) => [f.range.start.line + 1, f.severity, f.message]),
      [
        [
          16,
          'warning',
          'SNIKKET_LOGLEVEL=debug is not in the environment of containers snikket, snikket-certs, snikket-portal and snikket-proxy: the server runs without it until compose2nix runs again',
        ],
        [
          17,
          'warning',
          'Containers snikket, snikket-certs, snikket-portal and snikket-proxy still set SNIKKET_ADMIN_EMAIL, which their inputs no longer do',
        ],
      ],
    );
    assert.deepEqual(
      found.map((f) => f.fixes[0]!.title),
      [
        'Add SNIKKET_LOGLEVEL=debug in 4 containers of snikket/snikket.nix',
        'Remove SNIKKET_ADMIN_EMAIL in 4 containers of snikket/snikket.nix',
      ],
    );
    d.apply(found[0]!.fixes[0]!);
    d.apply(d.findings('compose2nix-stale')[0]!.fixes[0]!);
    assert.deepEqual(d.findings('compose2nix-stale'), []);
    assert.equal(
      d.text('snikket/snikket.nix').split('\n').slice(16, 23).join('\n'),
      [
        '      "SNIKKET_DOMAIN" = "chat.hedgehog.test";',
        '      "SNIKKET_LOGLEVEL" = "debug";',
        '      "SNIKKET_TWEAK_HTTPS_PORT" = "5443";',
        '      "SNIKKET_TWEAK_HTTP_PORT" = "5080";',
        '      "SNIKKET_TWEAK_TURNSERVER_MAX_PORT" = "49252";',
        '      "SNIKKET_TWEAK_TURNSERVER_MIN_PORT" = "49152";',
        '    };',
      ].join('\n'),
    );
  });

  it('fixes a changed image in place', () => {
    const d = seed({ compose: { serverImage: 'snikket/snikket-server:beta' } });
    const [f] = d.findings('compose2nix-stale');
    assert.equal(
      f!.message,
      'Container snikket runs image snikket/snikket-server:stable, but snikket/docker-compose.yml now says snikket/snikket-server:beta',
    );
    assert.deepEqual(
      f!.fixes.map((x) => [x.title, x.isPreferred]),
      [
        ['Run image snikket/snikket-server:beta', true],
        ['Rerun compose2nix', false],
      ],
    );
    assert.equal(
      lineWith(d.apply(f!.fixes[0]!)['snikket/snikket.nix']!, 'snikket-server'),
      'image = "snikket/snikket-server:beta";',
    );
    assert.deepEqual(d.findings('compose2nix-stale'), []);
  });

  it('regenerates the file in process for a new service and a removed volume, compose2nix rerun as the second action', () => {
    const d = seed({
      compose: {
        certsChallenges: false,
        extra:
          '  extra:\n    container_name: snikket-extra\n    image: snikket/snikket-server:stable\n    network_mode: host\n    env_file: snikket.conf\n    restart: "unless-stopped"\n',
      },
    });
    const found = d.findings('compose2nix-stale');
    assert.deepEqual(
      found.map((f) => f.message),
      [
        'Service extra of snikket/docker-compose.yml has no container "snikket-extra" in snikket/snikket.nix: rerun compose2nix',
        'Container snikket-certs mounts snikket_acme_challenges:/var/www/.well-known/acme-challenge:rw, which snikket/docker-compose.yml no longer has',
      ],
    );
    assert.deepEqual(
      found[0]!.fixes.map((x) => [x.title, x.isPreferred, x.edits.length]),
      [
        ['Regenerate snikket/snikket.nix from snikket/docker-compose.yml', true, 1],
        ['Rerun compose2nix', false, 0],
      ],
    );
    const out = d.apply(found[0]!.fixes[0]!)['snikket/snikket.nix']!;
    assert.ok(
      out.startsWith('# Auto-generated using compose2nix v0.3.1.\n{ pkgs, lib, config, ... }:\n'),
      'the header kept',
    );
    assert.ok(
      out.includes(
        '  virtualisation.oci-containers.containers."snikket-extra" = {\n    image = "snikket/snikket-server:stable";\n',
      ),
    );
    assert.deepEqual(d.findings('compose2nix-stale'), []);
  });

  it('regenerates when a container has no environment to edit in place', () => {
    const d = seed({ generated: { withoutEnv: ['snikket-portal'] } });
    const found = d.findings('compose2nix-stale');
    assert.equal(found.length, 6);
    assert.equal(
      found[0]!.message,
      'SNIKKET_DOMAIN=chat.hedgehog.test is not in the environment of container snikket-portal: the server runs without it until compose2nix runs again',
    );
    assert.deepEqual(
      found[0]!.fixes.map((x) => [x.title, x.isPreferred]),
      [
        ['Regenerate snikket/snikket.nix from snikket/docker-compose.yml', true],
        ['Rerun compose2nix', false],
      ],
    );
    d.apply(found[0]!.fixes[0]!);
    assert.equal(d.text('snikket/snikket.nix'), seed().text('snikket/snikket.nix'));
  });

  it('reports an image and a new service', () => {
    const d = seed({
      compose: {
        serverImage: 'snikket/snikket-server:beta',
        extra: '  extra:\n    image: snikket/snikket-server:stable\n    env_file: snikket.conf\n',
      },
    });
    const messages = d.findings('compose2nix-stale').map((f) => f.message);
    assert.ok(
      messages.includes(
        'Container snikket runs image snikket/snikket-server:stable, but docker-compose.yml now says snikket/snikket-server:beta',
      ) || messages.some((m) => m.includes('now says snikket/snikket-server:beta')),
    );
    assert.ok(
      messages.some((m) =>
        m.startsWith('Service extra of snikket/docker-compose.yml has no container "snikket-extra"'),
      ),
    );
  });
});

describe('compose2nix-stale: a renamed volume is one finding with one fix', () => {
  it('groups the containers and the copy script that read the old volume, and renames it everywhere at once', () => {
    const d = seed({ compose: { dataVolume: 'snikket_store' } });
    const found = d.findings('compose2nix-stale');
    assert.deepEqual(d.where('compose2nix-stale'), ['snikket/snikket.nix:25:7']);
    assert.equal(
      found[0]!.message,
      'snikket/docker-compose.yml now mounts the volume snikket_snikket_store at /snikket, but snikket, snikket-certs, snikket-proxy in snikket/snikket.nix still mount snikket_snikket_data, and snikket/copy-certs.sh copies certificates from it: the server keeps using snikket_snikket_data until compose2nix runs again',
    );
    assert.deepEqual(
      found[0]!.related.map((r) => `${d.rel(r.file)}:${r.range.start.line + 1} ${r.message}`),
      [
        'snikket/snikket.nix:61 snikket-certs mounts snikket_snikket_data',
        'snikket/snikket.nix:125 snikket-proxy mounts snikket_snikket_data',
        'snikket/docker-compose.yml:32 the volume in snikket/docker-compose.yml',
        'snikket/copy-certs.sh:4 SOURCE reads snikket_snikket_data',
      ],
    );
    assert.deepEqual(
      found[0]!.fixes.map((x) => [x.title, x.isPreferred]),
      [
        [
          'Rename the volume snikket_snikket_data to snikket_snikket_store in snikket/snikket.nix and snikket/copy-certs.sh',
          true,
        ],
        ['Regenerate snikket/snikket.nix from snikket/docker-compose.yml', false],
        ['Rerun compose2nix', false],
      ],
    );
    const out = d.apply(found[0]!.fixes[0]!);
    assert.ok(!out['snikket/snikket.nix']!.includes('snikket_snikket_data'));
    assert.ok(out['snikket/snikket.nix']!.includes('systemd.services."podman-volume-snikket_snikket_store" = {'));
    assert.equal(
      lineWith(out['snikket/copy-certs.sh']!, 'SOURCE='),
      'SOURCE="/var/lib/containers/storage/volumes/snikket_snikket_store/_data/letsencrypt/live/$DOMAIN"',
    );
    assert.deepEqual(d.findings('compose2nix-stale'), []);
    assert.deepEqual(
      d.findings('cert-copy-mismatch').filter((f) => f.message.startsWith('SOURCE')),
      [],
    );
  });

  it('a generated file renamed by hand: one compose2nix-stale finding, no cert-copy-mismatch for the script that follows the compose file', () => {
    const d = seed({ generated: { dataVolume: 'snikket_store' } });
    assert.equal(d.findings('compose2nix-stale').length, 1);
    assert.deepEqual(
      d.findings('cert-copy-mismatch').filter((f) => f.message.startsWith('SOURCE')),
      [],
    );
    d.apply(d.findings('compose2nix-stale')[0]!.fixes[0]!);
    assert.equal(d.text('snikket/snikket.nix'), seed().text('snikket/snikket.nix'));
  });
});

describe('cert-copy-mismatch', () => {
  it('reports the docker path under the podman backend and fixes the prefix', () => {
    const d = seed({
      script: { source: '/var/lib/docker/volumes/snikket_snikket_data/_data/letsencrypt/live/$DOMAIN' },
    });
    const f = d.findings('cert-copy-mismatch').find((x) => x.message.startsWith('SOURCE'))!;
    assert.equal(
      f.message,
      'SOURCE reads /var/lib/docker/volumes/…, but the podman backend (virtualisation.oci-containers.backend) keeps volumes in /var/lib/containers/storage/volumes/',
    );
    const out = d.apply(f.fixes[0]!);
    assert.equal(
      lineWith(out['snikket/copy-certs.sh']!, 'SOURCE='),
      'SOURCE="/var/lib/containers/storage/volumes/snikket_snikket_data/_data/letsencrypt/live/$DOMAIN"',
    );
  });

  it('reports a volume without the project prefix', () => {
    const d = seed({
      script: { source: '/var/lib/containers/storage/volumes/snikket_data/_data/letsencrypt/live/$DOMAIN' },
    });
    assert.ok(
      d
        .findings('cert-copy-mismatch')
        .some(
          (f) =>
            f.message ===
            "SOURCE reads the volume snikket_data, but Snikket's data volume is snikket_snikket_data (compose2nix names volumes <project>_<volume>)",
        ),
    );
  });

  it('leaves a SOURCE built from $DOMAIN to domain-mismatch, and reports a SOURCE naming another domain itself', () => {
    const drift = seed({ conf: { SNIKKET_DOMAIN: 'im.hedgehog.test' } });
    assert.deepEqual(drift.where('domain-mismatch'), ['snikket.nix:3:13', 'snikket/copy-certs.sh:3:8']);
    assert.deepEqual(drift.findings('cert-copy-mismatch'), []);
    const literal = seed({
      script: {
        source: '/var/lib/containers/storage/volumes/snikket_snikket_data/_data/letsencrypt/live/old.hedgehog.test',
      },
    });
    assert.deepEqual(
      literal.findings('cert-copy-mismatch').map((f) => f.message),
      ['SOURCE reads the certificate of old.hedgehog.test, but SNIKKET_DOMAIN is chat.hedgehog.test'],
    );
  });

  it('reports cp without -L and adds it', () => {
    const d = seed({ script: { copy: 'mkdir -p "$TARGET"\ncp -r "$SOURCE/." "$TARGET/"' } });
    const f = d.findings('cert-copy-mismatch').find((x) => x.message.startsWith('cp copies'))!;
    const out = d.apply(f.fixes[0]!);
    assert.equal(lineWith(out['snikket/copy-certs.sh']!, 'cp '), 'cp -rL "$SOURCE/." "$TARGET/"');
  });

  it('reports a key never renamed to key.pem', () => {
    const d = seed({ script: { rename: null } });
    assert.ok(
      d
        .findings('cert-copy-mismatch')
        .some((f) => f.message.startsWith('The script never renames privkey.pem to key.pem')),
    );
  });
});

describe('cert-copy-mismatch: later runs', () => {
  it('reports cp -r of the folder onto a target that exists from the second run on, and copies the contents instead', () => {
    const d = seed({ script: { copy: 'cp -rL "$SOURCE" "$TARGET"' } });
    const f = d.findings('cert-copy-mismatch').find((x) => x.message.startsWith("'cp"))!;
    assert.equal(f.severity, 'error');
    assert.equal(
      f.message,
      `'cp -rL "$SOURCE" "$TARGET"' copies into /var/lib/snikket-certs/chat.hedgehog.test/chat.hedgehog.test/ from the second run on, once the target exists: renewed certificates never replace the first copy, which expires`,
    );
    assert.deepEqual([f.range.start.line, f.range.start.character], [5, 0]);
    assert.equal(f.fixes[0]!.title, 'Copy the folder\'s contents ("$SOURCE/." "$TARGET/")');
    const out = d.apply(f.fixes[0]!);
    assert.match(out['snikket/copy-certs.sh']!, /\nmkdir -p "\$TARGET"\ncp -rL "\$SOURCE\/\." "\$TARGET\/"\n/);
    assert.deepEqual(
      d.findings('cert-copy-mismatch').filter((x) => x.message.startsWith("'cp")),
      [],
    );
  });

  it('is silent when the target is removed first or the contents are copied', () => {
    for (const copy of [
      'rm -rf "$TARGET"\ncp -rL "$SOURCE" "$TARGET"',
      'cp -rL "$SOURCE/." "$TARGET"',
      'cp -rLT "$SOURCE" "$TARGET"',
    ]) {
      const d = seed({ script: { copy } });
      assert.deepEqual(
        d.findings('cert-copy-mismatch').filter((x) => x.message.startsWith("'cp")),
        [],
        copy,
      );
    }
  });

  // The domain's vhost serves the copy itself instead of NixOS's ACME certificate.
  const servedByNginx = {
    main: {
      certificate: 'sslCertificate = "/var/lib/snikket-certs/chat.hedgehog.test/fullchain.pem";',
      acmeFallback: null,
    },
  };

  it('warns when nginx serves the copied files and nothing reloads it', () => {
    const d = seed(servedByNginx);
    const f = d.findings('cert-copy-mismatch').filter((x) => x.severity === 'warning');
    assert.deepEqual(
      f.map((x) => x.message),
      [
        'nginx serves the copied certificate from /var/lib/snikket-certs/chat.hedgehog.test, but nothing reloads nginx after the copy: it keeps the old certificate until its next restart, and browsers see it expire',
      ],
    );
    assert.deepEqual(
      f[0]!.related.map((r) => [d.rel(r.file), r.range.start.line + 1]),
      [['snikket.nix', 18]],
    );
  });

  it('is silent when the script or the copy service reloads nginx', () => {
    const byScript = seed({ ...servedByNginx, script: { after: 'systemctl reload nginx' } });
    assert.deepEqual(
      byScript.findings('cert-copy-mismatch').filter((x) => x.severity === 'warning'),
      [],
    );
    const byService = seed({
      ...servedByNginx,
      job: { extra: '    serviceConfig.ExecStartPost = "${pkgs.systemd}/bin/systemctl reload nginx.service";\n' },
    });
    assert.deepEqual(
      byService.findings('cert-copy-mismatch').filter((x) => x.severity === 'warning'),
      [],
    );
  });
});

describe('timer-script-missing', () => {
  it('points a placeholder ExecStart at the script through a Nix path', () => {
    const d = seed({ job: { execStart: '"/path/to/copy-certs.sh"' } });
    const [f] = d.findings('timer-script-missing');
    assert.equal(
      f!.message,
      'ExecStart of snikket-copy-certs is the placeholder /path/to/copy-certs.sh: the certificates are never copied; the script is snikket/copy-certs.sh',
    );
    const out = d.apply(f!.fixes[0]!);
    assert.equal(
      lineWith(out['snikket/copy-certs-job.nix']!, 'ExecStart'),
      'serviceConfig.ExecStart = "${pkgs.bash}/bin/bash ${./copy-certs.sh}";',
    );
    assert.deepEqual(d.findings('timer-script-missing'), []);
    assert.deepEqual(d.findings('import-missing'), []);
  });
});

describe('import-missing', () => {
  it('reports imports, env_file and ExecStart paths that do not exist', () => {
    const d = seed({
      imports: './snikket/snikket.nix ./snikket/copy-certs-timer.nix',
      compose: { serverEnvFile: 'snikket.env' },
    });
    assert.deepEqual(d.where('import-missing'), ['snikket.nix:8:37', 'snikket/docker-compose.yml:30:15']);
    assert.equal(
      d.findings('import-missing')[0]!.message,
      'imports names snikket/copy-certs-timer.nix, which does not exist',
    );
  });

  it('reports a binary file where an import points', () => {
    // On disk: the file reader is what tells a binary file.
    const d = TestDeployment.of(seed().texts());
    d.write('snikket/copy-certs-job.nix', '\u0000\u0001binary');
    assert.equal(
      d.findings('import-missing')[0]!.message,
      'imports names snikket/copy-certs-job.nix, which cannot be read: binary file (contains NUL bytes)',
    );
  });
});

describe('upload-limit-too-small', () => {
  it('reports a small limit and raises it in place', () => {
    const d = seed({ main: { extraConfig: '"client_max_body_size 10m; proxy_read_timeout 900s;"' } });
    const [f] = d.findings('upload-limit-too-small');
    assert.deepEqual(d.where('upload-limit-too-small'), ['snikket.nix:24:45']);
    const out = d.apply(f!.fixes[0]!);
    assert.match(
      out['snikket.nix']!,
      /extraConfig = "client_max_body_size 104857616; proxy_read_timeout 900s;";\n      };\n    };\n    virtualHosts."groups\.\$\{domain\}"/,
    );
  });

  it('reports a vhost without any limit and adds one', () => {
    const d = seed({ main: { extraConfig: null } });
    const [f] = d.findings('upload-limit-too-small');
    const out = d.apply(f!.fixes[0]!);
    assert.match(
      out['snikket.nix']!,
      /proxyWebsockets = true;\n        extraConfig = "client_max_body_size 104857616;";\n      };/,
    );
    assert.deepEqual(d.findings('upload-limit-too-small'), []);
  });
});

describe('syntax-error', () => {
  it('reports each broken file and keeps checking the rest', () => {
    // Every vhost falls back to the HTTPS port (an acme-fallback-port finding each); then a
    // semicolon and a closing quote go missing.
    const d = seed({ vhost: { acmeFallback: '"localhost:${toString https_port}"' } });
    const broken = (file: string, from: string, to: string) => d.write(file, d.text(file).replace(from, to));
    broken('snikket.nix', 'forceSSL = true;\n      acmeFallbackHost', 'forceSSL = true\n      acmeFallbackHost');
    broken(
      'snikket/docker-compose.yml',
      'restart: "unless-stopped"\n  snikket_certs',
      'restart: "unless-stopped\n  snikket_certs',
    );
    const files = d.findings('syntax-error').map((f) => d.rel(f.file));
    assert.ok(files.includes('snikket.nix'));
    assert.ok(files.includes('snikket/docker-compose.yml'));
    // The rest of snikket.nix survived: the other vhosts' mistakes are still found.
    assert.ok(d.where('acme-fallback-port').includes('snikket.nix:20:26'));
  });
});
