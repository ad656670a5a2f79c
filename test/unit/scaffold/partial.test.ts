import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scaffold } from '../../../server/src/features/scaffold';
import { TestDeployment } from '../../helpers/fixture';
import { EMPTY, codeLines, parseProblems, tempDir } from './helpers';

describe('scaffold: nginx and certCopy take their values from the deployment', () => {
  let d: TestDeployment;
  beforeEach(() => {
    d = TestDeployment.copy('examples/blog');
  });

  it("nginx: nginx.nix beside the entry module, with the deployment's admin e-mail", () => {
    const r = scaffold({ kind: 'nginx', folder: d.dir }, d.check());
    assert.equal(r.error, undefined);
    assert.deepEqual(
      r.files.map((f) => d.rel(f.path)),
      ['nginx.nix'],
    );
    const t = r.files[0]!.text;
    assert.deepEqual(parseProblems('nginx.nix', t), []);
    assert.ok(codeLines(t).includes('defaults.email = "admin@example.com";'));
    assert.ok(codeLines(t).includes('networking.firewall.allowedTCPPorts = [ 80 443 ];'));
  });

  it("nginx: an explicit adminEmail wins over the deployment's", () => {
    const r = scaffold({ kind: 'nginx', folder: d.dir, values: { adminEmail: 'ops@hedgehog.test' } }, d.check());
    assert.ok(codeLines(r.files[0]!.text).includes('defaults.email = "ops@hedgehog.test";'));
  });

  it("certCopy: the script and the timer in snikket/, from the deployment's domain, backend and volume", () => {
    const r = scaffold({ kind: 'certCopy', folder: d.dir }, d.check());
    assert.equal(r.error, undefined);
    assert.deepEqual(
      r.files.map((f) => d.rel(f.path)),
      ['snikket/copy-certs.sh', 'snikket/copy-certs-job.nix'],
    );
    const [script, job] = r.files.map((f) => f.text) as [string, string];
    assert.deepEqual(parseProblems('x.sh', script), []);
    assert.deepEqual(parseProblems('x.nix', job), []);
    const lines = codeLines(script);
    assert.ok(lines.includes('DOMAIN="chat.example.com"'));
    assert.ok(
      lines.includes(
        'SOURCE="/var/lib/containers/storage/volumes/snikket_snikket_data/_data/letsencrypt/live/$DOMAIN"',
      ),
    );
    assert.ok(lines.includes('TARGET="/var/lib/snikket-certs/$DOMAIN"'));
    assert.ok(lines.includes('cp -rL "$SOURCE" "$STAGE"'));
    assert.ok(!lines.some((l) => l.includes('/var/lib/acme')));
    // The blog's vhosts have enableACME: nginx serves NixOS's certificates, so no nginx reload.
    assert.ok(!lines.some((l) => l.includes('systemctl')));
    assert.ok(codeLines(job).includes('ExecStart = "${pkgs.bash}/bin/bash ${./copy-certs.sh}";'));
    assert.match(job, /nginx does not use the copy/);
    // snikket.nix already imports the job: no hint to add the import.
    assert.ok(!job.includes('Import it from'));
  });

  it("certCopy: the written files replace the blog's, and the copy rules have nothing left to say", () => {
    const r = scaffold({ kind: 'certCopy', folder: d.dir }, d.check());
    for (const f of r.files) fs.writeFileSync(f.path, f.text);
    const codes = d
      .findings()
      .filter((f) => f.file.includes('copy-certs'))
      .map((f) => f.code);
    // Only the guide's placeholder domain remains (its place is snikket.conf's SNIKKET_DOMAIN).
    assert.deepEqual(codes, ['placeholder-value']);
  });

  it('certCopy: follows a docker backend and another project read off the generated file', () => {
    d.replace(
      'snikket/snikket.nix',
      [/backend = "podman"/, 'backend = "docker"'],
      [/snikket_snikket_data/g, 'chat_snikket_data'],
      [/podman-compose-snikket-root/g, 'docker-compose-chat-root'],
    );
    const r = scaffold({ kind: 'certCopy', folder: d.dir }, d.check());
    assert.equal(r.error, undefined);
    assert.ok(
      codeLines(r.files[0]!.text).includes(
        'SOURCE="/var/lib/docker/volumes/chat_snikket_data/_data/letsencrypt/live/$DOMAIN"',
      ),
    );
  });

  it('certCopy: uses the names an existing import and ExecStart already give, and reads where the vhosts read', () => {
    d.write(
      'snikket.nix',
      d
        .read('snikket.nix')
        .replace('./snikket/copy-certs-job.nix', './snikket/certs/job.nix')
        .replace(/enableACME = true;/g, 'sslCertificate = "/srv/tls/${domain}/fullchain.pem";'),
    );
    fs.rmSync(d.path('snikket/copy-certs-job.nix'));
    fs.rmSync(d.path('snikket/copy-certs.sh'));
    const r = scaffold({ kind: 'certCopy', folder: d.dir }, d.check());
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
    d.write('snikket.nix', d.read('snikket.nix').replace('    ./snikket/copy-certs-job.nix\n', ''));
    fs.rmSync(d.path('snikket/copy-certs-job.nix'));
    const r = scaffold({ kind: 'certCopy', folder: d.dir }, d.check());
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
    d.replace('snikket/snikket.conf', ['SNIKKET_ADMIN_EMAIL=admin@example.com\n', '']);
    assert.match(scaffold({ kind: 'nginx', folder: d.dir }, d.check()).error ?? '', /sets no SNIKKET_ADMIN_EMAIL/);
    assert.match(
      scaffold({ kind: 'certCopy', folder: d.dir, values: { turnMin: 10 } }, d.check()).error ?? '',
      /turnMin 10 is not above 1024/,
    );
  });
});
