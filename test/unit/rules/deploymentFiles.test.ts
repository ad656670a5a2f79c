import * as assert from 'node:assert/strict';
import { TestDeployment, lineWith } from '../../helpers/fixture';

describe('compose2nix-stale', () => {
  it('is silent while the generated file matches its inputs', () => {
    const d = TestDeployment.copy('examples/blog');
    assert.deepEqual(d.findings('compose2nix-stale'), []);
  });

  it('reports an env value changed after generation, per container, with a rerun command', () => {
    const d = TestDeployment.copy('examples/blog', {
      'snikket/snikket.conf': [['SNIKKET_TWEAK_HTTPS_PORT=5443', 'SNIKKET_TWEAK_HTTPS_PORT=5444']],
      'snikket.nix': [['port = 5443;', 'port = 5444;']],
    });
    const found = d.findings('compose2nix-stale');
    assert.deepEqual(found.map((f) => `${d.rel(f.file)}:${f.range.start.line + 1}`), ['snikket/snikket.nix:19', 'snikket/snikket.nix:54', 'snikket/snikket.nix:92', 'snikket/snikket.nix:118']);
    assert.equal(found[0]!.severity, 'error');
    assert.equal(found[0]!.message, 'Container snikket still runs with SNIKKET_TWEAK_HTTPS_PORT=5443, but the input now says 5444: compose2nix inlined the old value');
    assert.deepEqual(found[0]!.fixes.map((x) => [x.title, x.edits.length, x.command?.id]), [['Rerun compose2nix', 0, 'rerun-compose2nix']]);
  });

  it('reports an image and a new service', () => {
    const d = TestDeployment.copy('examples/blog', {
      'snikket/docker-compose.yml': [['image: snikket/snikket-server:stable', 'image: snikket/snikket-server:beta'], ['volumes:\n  acme_challenges:', '  extra:\n    image: snikket/snikket-server:stable\n    env_file: snikket.conf\n\nvolumes:\n  acme_challenges:']],
    });
    const messages = d.findings('compose2nix-stale').map((f) => f.message);
    assert.ok(messages.includes('Container snikket runs image snikket/snikket-server:stable, but docker-compose.yml now says snikket/snikket-server:beta') || messages.some((m) => m.includes('now says snikket/snikket-server:beta')));
    assert.ok(messages.some((m) => m.startsWith('Service extra of snikket/docker-compose.yml has no container "snikket-extra"')));
  });
});

describe('cert-copy-mismatch', () => {
  it('reports the docker path under the podman backend and fixes the prefix', () => {
    const d = TestDeployment.copy('examples/blog', { 'snikket/copy-certs.sh': [['/var/lib/containers/storage/volumes/', '/var/lib/docker/volumes/']] });
    const f = d.findings('cert-copy-mismatch').find((x) => x.message.startsWith('SOURCE'))!;
    assert.equal(f.message, 'SOURCE reads /var/lib/docker/volumes/…, but the podman backend (virtualisation.oci-containers.backend) keeps volumes in /var/lib/containers/storage/volumes/');
    const out = d.apply(f.fixes[0]!);
    assert.equal(lineWith(out['snikket/copy-certs.sh']!, 'SOURCE='), 'SOURCE="/var/lib/containers/storage/volumes/snikket_snikket_data/_data/letsencrypt/live/$DOMAIN"');
  });

  it('reports a volume without the project prefix', () => {
    const d = TestDeployment.copy('examples/blog', { 'snikket/copy-certs.sh': [['volumes/snikket_snikket_data/', 'volumes/snikket_data/']] });
    assert.ok(d.findings('cert-copy-mismatch').some((f) => f.message === 'SOURCE reads the volume snikket_data, but Snikket\'s data volume is snikket_snikket_data (compose2nix names volumes <project>_<volume>)'));
  });

  it('reports cp without -L and adds it', () => {
    const d = TestDeployment.copy('examples/blog', { 'snikket/copy-certs.sh': [['cp -rL', 'cp -r']] });
    const f = d.findings('cert-copy-mismatch').find((x) => x.message.startsWith('cp copies'))!;
    const out = d.apply(f.fixes[0]!);
    assert.equal(lineWith(out['snikket/copy-certs.sh']!, 'cp '), 'cp -rL "$SOURCE" "$TARGET"');
  });

  it('reports a key never renamed to key.pem', () => {
    const d = TestDeployment.copy('examples/blog', { 'snikket/copy-certs.sh': [['mv "$TARGET/privkey.pem" "$TARGET/key.pem"\n', '']] });
    assert.ok(d.findings('cert-copy-mismatch').some((f) => f.message.startsWith('The script never renames privkey.pem to key.pem')));
  });
});

describe('timer-script-missing', () => {
  it('points a placeholder ExecStart at the script through a Nix path', () => {
    const d = TestDeployment.copy('examples/blog');
    const [f] = d.findings('timer-script-missing');
    assert.equal(f!.message, 'ExecStart of snikket-copy-certs is the placeholder /path/to/copy-certs.sh: the certificates are never copied; the script is snikket/copy-certs.sh');
    const out = d.apply(f!.fixes[0]!);
    assert.equal(lineWith(out['snikket/copy-certs-job.nix']!, 'ExecStart'), 'ExecStart = "${pkgs.bash}/bin/bash ${./copy-certs.sh}"; # TODO: point at the script');
    assert.deepEqual(d.findings('timer-script-missing'), []);
    assert.deepEqual(d.findings('import-missing'), []);
  });
});

describe('import-missing', () => {
  it('reports imports, env_file and ExecStart paths that do not exist', () => {
    const d = TestDeployment.copy('examples/blog', {
      'snikket.nix': [['./snikket/copy-certs-job.nix', './snikket/copy-certs-timer.nix']],
      'snikket/docker-compose.yml': [['    env_file: snikket.conf\n    restart: "unless-stopped"\n\nvolumes', '    env_file: snikket.env\n    restart: "unless-stopped"\n\nvolumes']],
    });
    assert.deepEqual(d.where('import-missing'), ['snikket.nix:12:5', 'snikket/docker-compose.yml:34:15']);
    assert.equal(d.findings('import-missing')[0]!.message, 'imports names snikket/copy-certs-timer.nix, which does not exist');
  });

  it('reports a binary file where an import points', () => {
    const d = TestDeployment.copy('examples/blog');
    d.write('snikket/copy-certs-job.nix', '\u0000\u0001binary');
    assert.equal(d.findings('import-missing')[0]!.message, 'imports names snikket/copy-certs-job.nix, which cannot be read: binary file (contains NUL bytes)');
  });
});

describe('upload-limit-too-small', () => {
  it('reports a small limit and raises it in place', () => {
    const d = TestDeployment.copy('examples/blog', { 'snikket.nix': [['client_max_body_size 104857616;', 'client_max_body_size 10m;']] });
    const [f] = d.findings('upload-limit-too-small');
    assert.deepEqual(d.where('upload-limit-too-small'), ['snikket.nix:29:45']);
    const out = d.apply(f!.fixes[0]!);
    assert.match(out['snikket.nix']!, /extraConfig = "client_max_body_size 104857616;";\n      };\n    };\n\n    virtualHosts."\$\{groups_domain\}"/);
  });

  it('reports a vhost without any limit and adds one', () => {
    const d = TestDeployment.copy('examples/blog', { 'snikket.nix': [['        extraConfig = "client_max_body_size 104857616;";\n      };\n    };\n\n    virtualHosts."${groups_domain}"', '      };\n    };\n\n    virtualHosts."${groups_domain}"']] });
    const [f] = d.findings('upload-limit-too-small');
    const out = d.apply(f!.fixes[0]!);
    assert.match(out['snikket.nix']!, /proxyPass = "https:\/\/localhost:\$\{toString port\}";\n        extraConfig = "client_max_body_size 104857616;";\n      };/);
    assert.deepEqual(d.findings('upload-limit-too-small'), []);
  });
});

describe('syntax-error', () => {
  it('reports each broken file and keeps checking the rest', () => {
    const d = TestDeployment.copy('examples/blog', {
      'snikket.nix': [['forceSSL = true;\n      acmeFallbackHost', 'forceSSL = true\n      acmeFallbackHost']],
      'snikket/docker-compose.yml': [['restart: "unless-stopped"\n  snikket_certs', 'restart: "unless-stopped\n  snikket_certs']],
    });
    const files = d.findings('syntax-error').map((f) => d.rel(f.file));
    assert.ok(files.includes('snikket.nix'));
    assert.ok(files.includes('snikket/docker-compose.yml'));
    // The rest of snikket.nix survived: the other vhosts' mistakes are still found.
    assert.ok(d.where('acme-fallback-port').includes('snikket.nix:26:26'));
  });
});
