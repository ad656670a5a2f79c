import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScaffoldResult, ScaffoldValues } from '../../../server/src/api/protocol';
import { scaffold } from '../../../server/src/features/scaffold';
import { EMPTY, checkDir, codeLines, describeFindings, parseProblems, tempDir, writeFiles } from './helpers';

const SEVEN = [
  'nginx.nix',
  'snikket.nix',
  'snikket/copy-certs-job.nix',
  'snikket/copy-certs.sh',
  'snikket/docker-compose.yml',
  'snikket/snikket.conf',
  'snikket/snikket.nix',
];

const HEDGEHOG: Partial<ScaffoldValues> = { domain: 'chat.hedgehog.test', adminEmail: 'ops@hedgehog.test' };

function text(r: ScaffoldResult, dir: string, rel: string): string {
  const f = r.files.find((x) => x.path === path.join(dir, rel));
  assert.ok(f, `${rel} scaffolded`);
  return f.text;
}

describe('scaffold: deployment', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  describe('with the defaults (podman, project snikket, 5080/5443, 49152–49252)', () => {
    let dir: string;
    let r: ScaffoldResult;
    before(() => {
      dir = fresh();
      r = scaffold({ kind: 'deployment', folder: dir, values: HEDGEHOG }, EMPTY);
      assert.equal(r.error, undefined);
      writeFiles(r.files);
    });

    it("returns the seven files of the seed's tree, as absolute paths under the folder", () => {
      assert.deepEqual(r.files.map((f) => f.path).sort(), SEVEN.map((f) => path.join(dir, f)).sort());
    });

    it('checks clean: one deployment with every role, zero findings', () => {
      const result = checkDir(dir);
      assert.deepEqual(result.internalErrors, []);
      assert.equal(result.deployments.length, 1);
      const files = result.deployments[0]!.deployment.files;
      assert.deepEqual(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, path.relative(dir, v!)])), {
        conf: 'snikket/snikket.conf',
        compose: 'snikket/docker-compose.yml',
        generated: 'snikket/snikket.nix',
        proxy: 'snikket.nix',
        nginx: 'nginx.nix',
        script: 'snikket/copy-certs.sh',
        timer: 'snikket/copy-certs-job.nix',
      });
      // The scaffold writes no update mechanism for its :stable images yet: that information is all.
      assert.deepEqual(
        result.findings.map((f) => f.code),
        ['image-never-updated'],
        describeFindings(result),
      );
    });

    it('every file parses', () => {
      for (const f of r.files) assert.deepEqual(parseProblems(f.path, f.text), [], f.path);
    });

    it('snikket.conf holds the values', () => {
      assert.deepEqual(codeLines(text(r, dir, 'snikket/snikket.conf')), [
        'SNIKKET_DOMAIN=chat.hedgehog.test',
        'SNIKKET_ADMIN_EMAIL=ops@hedgehog.test',
        'SNIKKET_TWEAK_HTTP_PORT=5080',
        'SNIKKET_TWEAK_HTTPS_PORT=5443',
        'SNIKKET_TWEAK_TURNSERVER_MIN_PORT=49152',
        'SNIKKET_TWEAK_TURNSERVER_MAX_PORT=49252',
      ]);
    });

    it('snikket.nix: the let bindings, the firewall lists, three vhosts on enableACME with the fallback on the HTTP port', () => {
      const t = text(r, dir, 'snikket.nix');
      const lines = codeLines(t);
      for (const l of [
        'domain = "chat.hedgehog.test"; # Keep in sync with SNIKKET_DOMAIN.',
        'groups_domain = "groups.${domain}";',
        'share_domain = "share.${domain}";',
        'http_port = 5080; # Keep in sync with SNIKKET_TWEAK_HTTP_PORT.',
        'https_port = 5443; # Keep in sync with SNIKKET_TWEAK_HTTPS_PORT.',
        'allowedTCPPorts = [ 5222 5269 5000 3478 3479 5349 5350 ];',
        'allowedUDPPorts = [ 3478 3479 5349 5350 ];',
        'allowedUDPPortRanges = [ { from = 49152; to = 49252; } ];',
        './snikket/snikket.nix',
        './snikket/copy-certs-job.nix',
      ])
        assert.ok(lines.includes(l), l);
      const count = (l: string) => lines.filter((x) => x === l).length;
      assert.equal(count('enableACME = true;'), 3);
      assert.equal(count('forceSSL = true;'), 3);
      // Unanswered ACME challenges (Snikket's certbot's) go to the HTTP tweak port, never the HTTPS one.
      assert.equal(count('acmeFallbackHost = "localhost:${toString http_port}";'), 3);
      assert.equal(count('proxyPass = "https://localhost:${toString https_port}";'), 3);
      assert.equal(count('extraConfig = "client_max_body_size 104857616; proxy_read_timeout 900s;";'), 3);
      assert.equal(count('proxyWebsockets = true; # the web client and BOSH'), 3);
      for (const v of [
        'virtualHosts."${domain}" = {',
        'virtualHosts."${groups_domain}" = {',
        'virtualHosts."${share_domain}" = {',
      ])
        assert.equal(count(v), 1, v);
      // Each vhost: exactly these settings, in this order.
      const vhost = /virtualHosts\."\$\{(?:domain|groups_domain|share_domain)\}" = \{\n([^]*?)\n {4}\};/g;
      const bodies = [...t.matchAll(vhost)].map((m) => codeLines(m[1]!));
      assert.equal(bodies.length, 3);
      for (const b of bodies) {
        assert.deepEqual(b, [
          'enableACME = true;',
          'forceSSL = true;',
          'acmeFallbackHost = "localhost:${toString http_port}";',
          'locations."/" = {',
          'proxyPass = "https://localhost:${toString https_port}";',
          'proxyWebsockets = true; # the web client and BOSH',
          'extraConfig = "client_max_body_size 104857616; proxy_read_timeout 900s;";',
          '};',
        ]);
      }
      // No certificate from the copy, no hand-written challenge forwarding, no stand-in.
      assert.ok(
        !lines.some((l) =>
          /sslCertificate|useACMEHost|acme-challenge|acme_challenge|proxy_pass|snikket-certs|\$\{certs\}/.test(l),
        ),
        lines.join('\n'),
      );
    });

    it('nginx.nix opens 80/443 and gives the admin e-mail to ACME', () => {
      const lines = codeLines(text(r, dir, 'nginx.nix'));
      assert.ok(lines.includes('networking.firewall.allowedTCPPorts = [ 80 443 ];'));
      assert.ok(lines.includes('defaults.email = "ops@hedgehog.test";'));
    });

    it('copy-certs.sh reads the podman volume, follows symlinks, renames the key, sets owner and mode, outside /var/lib/acme', () => {
      const t = text(r, dir, 'snikket/copy-certs.sh');
      const lines = codeLines(t);
      for (const l of [
        'DOMAIN="chat.hedgehog.test"',
        'SOURCE="/var/lib/containers/storage/volumes/snikket_snikket_data/_data/letsencrypt/live/$DOMAIN"',
        'TARGET="/var/lib/snikket-certs/$DOMAIN"',
        'cp -rL "$SOURCE" "$STAGE"',
        'mv "$STAGE/privkey.pem" "$STAGE/key.pem"',
        'chown -R root:nginx "$STAGE"',
        'chmod 640 "$STAGE/key.pem"',
        'mv "$STAGE" "$TARGET"',
      ])
        assert.ok(lines.includes(l), l);
      // NixOS's ACME client manages /var/lib/acme/<domain> (enableACME) and would overwrite a copy there.
      assert.ok(!lines.some((l) => l.includes('/var/lib/acme')));
      // nginx serves enableACME's certificates: no self-signed stand-in, no nginx reload.
      assert.ok(!lines.some((l) => /openssl|systemctl|nginx\.service/.test(l)), lines.join('\n'));
      // The comment says why the copy exists.
      assert.match(
        t,
        /nginx does not read it: it serves the certificates NixOS's own ACME\n# client obtains \(enableACME\)/,
      );
    });

    it('copy-certs-job.nix runs the script through a Nix path, hourly, independent of nginx', () => {
      const t = text(r, dir, 'snikket/copy-certs-job.nix');
      const lines = codeLines(t);
      assert.ok(lines.includes('ExecStart = "${pkgs.bash}/bin/bash ${./copy-certs.sh}";'));
      assert.ok(lines.includes('OnCalendar = "hourly";'));
      assert.ok(lines.includes('path = with pkgs; [ bash coreutils diffutils ];'));
      assert.ok(!lines.some((l) => l.includes('nginx.service')));
      assert.match(t, /nginx does not use the copy/);
    });

    it("snikket/snikket.nix has compose2nix's shape, names and inlined values", () => {
      const t = text(r, dir, 'snikket/snikket.nix');
      assert.match(t, /^# Written by snikket-nixos in compose2nix's output shape/);
      assert.match(t, /Regenerate it with\n# compose2nix/);
      assert.ok(
        t.includes('#   compose2nix -inputs docker-compose.yml -output snikket.nix -project snikket -runtime podman\n'),
      );
      const lines = codeLines(t);
      for (const l of [
        'virtualisation.oci-containers.backend = "podman";',
        'virtualisation.oci-containers.containers."snikket" = {',
        'virtualisation.oci-containers.containers."snikket-certs" = {',
        'virtualisation.oci-containers.containers."snikket-portal" = {',
        'virtualisation.oci-containers.containers."snikket-proxy" = {',
        'systemd.services."podman-snikket-proxy" = {',
        'systemd.services."podman-volume-snikket_snikket_data" = {',
        'systemd.targets."podman-compose-snikket-root" = {',
        '"snikket_snikket_data:/snikket:rw"',
        '"SNIKKET_DOMAIN" = "chat.hedgehog.test";',
        '"SNIKKET_TWEAK_HTTP_PORT" = "5080";',
        '"--network=host"',
      ])
        assert.ok(lines.includes(l), l);
      assert.equal(lines.filter((l) => l === '"SNIKKET_TWEAK_TURNSERVER_MAX_PORT" = "49252";').length, 4);
    });
  });

  it('other values (docker, project chat, 6080/6443, 50000–50100) also check clean, with the names following', () => {
    const dir = fresh();
    const values: Partial<ScaffoldValues> = {
      ...HEDGEHOG,
      backend: 'docker',
      project: 'chat',
      httpPort: 6080,
      httpsPort: 6443,
      turnMin: 50000,
      turnMax: 50100,
    };
    const r = scaffold({ kind: 'deployment', folder: dir, values }, EMPTY);
    assert.equal(r.error, undefined);
    writeFiles(r.files);
    const result = checkDir(dir);
    assert.equal(result.deployments.length, 1);
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['image-never-updated'],
      describeFindings(result),
    );
    const facts = result.deployments[0]!.facts;
    assert.equal(facts.containers.project, 'chat');
    assert.equal(facts.containers.backend.value, 'docker');
    const script = codeLines(text(r, dir, 'snikket/copy-certs.sh'));
    assert.ok(script.includes('SOURCE="/var/lib/docker/volumes/chat_snikket_data/_data/letsencrypt/live/$DOMAIN"'));
    const module = codeLines(text(r, dir, 'snikket.nix'));
    assert.ok(module.includes('http_port = 6080; # Keep in sync with SNIKKET_TWEAK_HTTP_PORT.'));
    assert.ok(module.includes('allowedUDPPortRanges = [ { from = 50000; to = 50100; } ];'));
    const generated = codeLines(text(r, dir, 'snikket/snikket.nix'));
    assert.ok(generated.includes('systemd.targets."docker-compose-chat-root" = {'));
    assert.ok(generated.includes('"chat_snikket_data:/snikket:rw"'));
    assert.ok(
      generated.includes('docker volume inspect chat_acme_challenges || docker volume create chat_acme_challenges'),
    );
  });

  it('the checker still sees through the scaffold: a changed port is reported', () => {
    const dir = fresh();
    const r = scaffold({ kind: 'deployment', folder: dir, values: HEDGEHOG }, EMPTY);
    writeFiles(r.files);
    const module = path.join(dir, 'snikket.nix');
    fs.writeFileSync(module, fs.readFileSync(module, 'utf8').replace('https_port = 5443;', 'https_port = 5444;'));
    assert.deepEqual(
      [...new Set(checkDir(dir).findings.map((f) => f.code))],
      ['https-port-mismatch', 'image-never-updated'],
    );
  });

  describe('invalid values give an error and no files', () => {
    const cases: [string, Partial<ScaffoldValues>, RegExp][] = [
      ['no domain', { adminEmail: 'ops@hedgehog.test' }, /domain is needed/],
      ['no e-mail', { domain: 'chat.hedgehog.test' }, /adminEmail is needed/],
      [
        'a URL for a domain',
        { ...HEDGEHOG, domain: 'https://chat.hedgehog.test' },
        /SNIKKET_DOMAIN must be a domain name/,
      ],
      ['a bare name', { ...HEDGEHOG, domain: 'chat' }, /not a fully qualified name/],
      ['a bad e-mail', { ...HEDGEHOG, adminEmail: 'ops' }, /SNIKKET_ADMIN_EMAIL must be an e-mail address/],
      ['port 0', { ...HEDGEHOG, httpPort: 0 }, /httpPort must be a port from 1 to 65535/],
      ['port 65536', { ...HEDGEHOG, httpsPort: 65536 }, /httpsPort must be a port from 1 to 65535/],
      ['a fractional port', { ...HEDGEHOG, httpPort: 5080.5 }, /httpPort must be a port/],
      ['equal tweak ports', { ...HEDGEHOG, httpPort: 5443, httpsPort: 5443 }, /must differ/],
      ["a tweak port on nginx's 443", { ...HEDGEHOG, httpsPort: 443 }, /httpsPort 443 is nginx's HTTPS port/],
      ['a tweak port on 5222', { ...HEDGEHOG, httpPort: 5222 }, /client connections/],
      ['min above max', { ...HEDGEHOG, turnMin: 50000, turnMax: 49999 }, /turnMin 50000 is above turnMax 49999/],
      ['a privileged relay bound', { ...HEDGEHOG, turnMin: 1024, turnMax: 2000 }, /turnMin 1024 is not above 1024/],
      ['a tweak port inside the relay range', { ...HEDGEHOG, httpPort: 49200 }, /lies in the TURN relay range/],
      ['a bad project', { ...HEDGEHOG, project: 'My Project' }, /project "My Project" must be/],
      ['a bad backend', { ...HEDGEHOG, backend: 'lxc' as 'docker' }, /backend must be podman or docker/],
    ];
    for (const [name, values, message] of cases) {
      it(name, () => {
        const r = scaffold({ kind: 'deployment', folder: '/tmp/nowhere', values }, EMPTY);
        assert.deepEqual(r.files, []);
        assert.match(r.error ?? '', message);
      });
    }
    it('a relative folder', () => {
      assert.match(scaffold({ kind: 'deployment', folder: 'rel', values: HEDGEHOG }, EMPTY).error ?? '', /absolute/);
    });
  });
});
