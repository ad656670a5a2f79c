import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scaffold } from '../../../server/src/features/scaffold';
import type { MemoryDeployment } from '../../helpers/memoryDeployment';
import { seed } from '../../helpers/seedDeployment';
import { EMPTY, codeLines, parseProblems, tempDir } from './helpers';

describe('scaffold: nginx and certCopy take their values from the deployment', () => {
  let d: MemoryDeployment;
  const folder = () => d.path('');
  beforeEach(() => {
    d = seed();
  });

  it("nginx: nginx.nix beside the entry module, with the deployment's admin e-mail", () => {
    const r = scaffold({ kind: 'nginx', folder: folder() }, d.result());
    assert.equal(r.error, undefined);
    assert.deepEqual(
      r.files.map((f) => d.rel(f.path)),
      ['nginx.nix'],
    );
    const t = r.files[0]!.text;
    assert.deepEqual(parseProblems('nginx.nix', t), []);
    assert.ok(codeLines(t).includes('defaults.email = "ops@hedgehog.test";'));
    assert.ok(codeLines(t).includes('networking.firewall.allowedTCPPorts = [ 80 443 ];'));
  });

  it("nginx: an explicit adminEmail wins over the deployment's", () => {
    const r = scaffold({ kind: 'nginx', folder: folder(), values: { adminEmail: 'tls@hedgehog.test' } }, d.result());
    assert.ok(codeLines(r.files[0]!.text).includes('defaults.email = "tls@hedgehog.test";'));
  });

  it("certCopy: the script and the timer in snikket/, from the deployment's domain, backend and volume", () => {
    const r = scaffold({ kind: 'certCopy', folder: folder() }, d.result());
    assert.equal(r.error, undefined);
    assert.deepEqual(
      r.files.map((f) => d.rel(f.path)),
      ['snikket/copy-certs.sh', 'snikket/copy-certs-job.nix'],
    );
    const [script, job] = r.files.map((f) => f.text) as [string, string];
    assert.deepEqual(parseProblems('x.sh', script), []);
    assert.deepEqual(parseProblems('x.nix', job), []);
    const lines = codeLines(script);
    assert.ok(lines.includes('DOMAIN="chat.hedgehog.test"'));
    assert.ok(
      lines.includes(
        'SOURCE="/var/lib/containers/storage/volumes/snikket_snikket_data/_data/letsencrypt/live/$DOMAIN"',
      ),
    );
    assert.ok(lines.includes('TARGET="/var/lib/snikket-certs/$DOMAIN"'));
    assert.ok(lines.includes('cp -rL "$SOURCE" "$STAGE"'));
    assert.ok(!lines.some((l) => l.includes('/var/lib/acme')));
    // The seed's vhosts have enableACME: nginx serves NixOS's certificates, so no nginx reload.
    assert.ok(!lines.some((l) => l.includes('systemctl')));
    assert.ok(codeLines(job).includes('ExecStart = "${pkgs.bash}/bin/bash ${./copy-certs.sh}";'));
    assert.match(job, /nginx does not use the copy/);
    // snikket.nix already imports the job: no hint to add the import.
    assert.ok(!job.includes('Import it from'));
  });

  it("certCopy: the written files replace the deployment's, and the copy rules have nothing left to say", () => {
    // A script that copies the folder into itself from the second run on.
    d = seed({ script: { copy: 'cp -rL "$SOURCE" "$TARGET"' } });
    const copyCodes = () =>
      d
        .findings()
        .filter((f) => f.file.includes('copy-certs'))
        .map((f) => f.code);
    assert.deepEqual(copyCodes(), ['cert-copy-mismatch']);
    const r = scaffold({ kind: 'certCopy', folder: folder() }, d.result());
    for (const f of r.files) d.files.set(f.path, f.text);
    assert.deepEqual(copyCodes(), []);
  });

  it('certCopy: follows a docker backend and another project read off the generated file', () => {
    d = seed({ generated: { backend: 'docker', project: 'chat' } });
    const r = scaffold({ kind: 'certCopy', folder: folder() }, d.result());
    assert.equal(r.error, undefined);
    assert.ok(
      codeLines(r.files[0]!.text).includes(
        'SOURCE="/var/lib/docker/volumes/chat_snikket_data/_data/letsencrypt/live/$DOMAIN"',
      ),
    );
  });

  it('certCopy: uses the names an existing import and ExecStart already give, and reads where the vhosts read', () => {
    d = seed({
      imports: './snikket/snikket.nix ./snikket/certs/job.nix',
      vhost: { certificate: 'sslCertificate = "/srv/tls/${domain}/fullchain.pem";' },
    });
    d.remove('snikket/copy-certs-job.nix');
    d.remove('snikket/copy-certs.sh');
    const r = scaffold({ kind: 'certCopy', folder: folder() }, d.result());
    assert.equal(r.error, undefined);
    assert.deepEqual(
      r.files.map((f) => d.rel(f.path)),
      ['snikket/certs/copy-certs.sh', 'snikket/certs/job.nix'],
    );
    // The vhosts read the copy there (sslCertificate): nginx is reloaded after a copy.
    const script = codeLines(r.files[0]!.text);
    assert.ok(script.includes('TARGET="/srv/tls/$DOMAIN"'));
    assert.ok(script.includes('systemctl --no-block try-reload-or-restart nginx.service'));
    assert.match(r.files[0]!.text, /to the folder nginx reads it from \(sslCertificate/);
    const job = codeLines(r.files[1]!.text);
    assert.ok(job.includes('path = with pkgs; [ bash coreutils diffutils systemd ];'));
    assert.ok(job.includes('ExecStart = "${pkgs.bash}/bin/bash ${./copy-certs.sh}";'));
  });

  it('certCopy: says where to import the job when nothing imports it yet', () => {
    d = seed({ imports: './snikket/snikket.nix' });
    d.remove('snikket/copy-certs-job.nix');
    const r = scaffold({ kind: 'certCopy', folder: folder() }, d.result());
    assert.ok(r.files[1]!.text.includes('# Import it from snikket.nix (imports = [ ./snikket/copy-certs-job.nix ];).'));
  });

  it('certCopy: a domain without any deployment comes from the values', () => {
    const dir = tempDir();
    try {
      const r = scaffold(
        { kind: 'certCopy', folder: dir, values: { domain: 'chat.hedgehog.test', backend: 'docker' } },
        EMPTY,
      );
      assert.equal(r.error, undefined);
      assert.deepEqual(
        r.files.map((f) => path.relative(dir, f.path)),
        ['snikket/copy-certs.sh', 'snikket/copy-certs-job.nix'],
      );
      assert.ok(
        codeLines(r.files[0]!.text).includes(
          'SOURCE="/var/lib/docker/volumes/snikket_snikket_data/_data/letsencrypt/live/$DOMAIN"',
        ),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('errors say what is missing or wrong', () => {
    assert.match(
      scaffold({ kind: 'nginx', folder: '/nowhere' }, EMPTY).error ?? '',
      /no Snikket deployment found in \/nowhere .*adminEmail/,
    );
    assert.match(
      scaffold({ kind: 'certCopy', folder: '/nowhere' }, EMPTY).error ?? '',
      /no Snikket deployment found in \/nowhere .*domain/,
    );
    d = seed({ conf: { SNIKKET_ADMIN_EMAIL: null } });
    assert.match(scaffold({ kind: 'nginx', folder: folder() }, d.result()).error ?? '', /sets no SNIKKET_ADMIN_EMAIL/);
    assert.match(
      scaffold({ kind: 'certCopy', folder: folder(), values: { turnMin: 10 } }, d.result()).error ?? '',
      /turnMin 10 is not above 1024/,
    );
  });
});
