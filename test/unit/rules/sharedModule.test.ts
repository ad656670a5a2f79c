import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../server/src/cli/main';
import { compatiblePreferredFixes, conflictingFixes } from '../../../server/src/fixes/applyEdits';
import { linkedValues } from '../../../server/src/model/links';
import { MemoryDeployment } from '../../helpers/memoryDeployment';

const IMAGES = ['server', 'web-proxy', 'cert-manager', 'web-portal'];

/** One Snikket module imported by two hosts; `vhost` is the name its nginx virtual host is written with. */
function twoHosts(vhost: string, domainA = 'a.test', domainB = 'b.test'): MemoryDeployment {
  const host = (domain: string) =>
    `{ config, lib, ... }:\n{\n  imports = [ ../../shared/snikket.nix ];\n  networking.domain = "${domain}";\n}\n`;
  return new MemoryDeployment({
    'hosts/a/configuration.nix': host(domainA),
    'hosts/b/configuration.nix': host(domainB),
    'shared/snikket.nix': `{ config, lib, ... }:
{
  virtualisation.oci-containers.containers = {
${IMAGES.map((i) => `    snikket-${i} = { image = "snikket/snikket-${i}:stable"; environment = { SNIKKET_DOMAIN = "chat.\${config.networking.domain}"; SNIKKET_ADMIN_EMAIL = "admin@\${config.networking.domain}"; SNIKKET_TWEAK_HTTP_PORT = "5080"; SNIKKET_TWEAK_HTTPS_PORT = "5443"; }; extraOptions = [ "--network=host" ]; };`).join('\n')}
  };
  networking.firewall.allowedTCPPorts = [ 80 443 5222 5269 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPorts = [ 3478 3479 5349 5350 ];
  networking.firewall.allowedUDPPortRanges = [ { from = 49152; to = 65535; } ];
  services.nginx.enable = true;
  services.nginx.virtualHosts.${vhost} = {
    forceSSL = true;
    enableACME = true;
    acmeFallbackHost = "localhost:5080";
    locations."/".proxyPass = "https://localhost:5443";
    locations."/".proxyWebsockets = true;
  };
}
`,
  });
}

/** Each host's SNIKKET_DOMAIN and the names its Snikket vhost answers to. */
function perHost(d: MemoryDeployment): string[] {
  return d.result().deployments.map((r) => {
    const host = r.deployment.root.split('/').slice(-2, -1)[0];
    const vhosts = r.facts.nginx.vhosts.map((v) =>
      v.nameValue.kind === 'string' ? v.nameValue.value : v.nameValue.kind,
    );
    return `${host}: ${r.facts.settings.get('SNIKKET_DOMAIN')?.value} ${vhosts.join(' ')}`;
  });
}

describe("a module shared by two hosts is read in each host's own closure", () => {
  it('config.<path> in option values and in attribute names follows each host', () => {
    const d = twoHosts('"chat.${config.networking.domain}"');
    assert.deepEqual(perHost(d), ['a: chat.a.test chat.a.test', 'b: chat.b.test chat.b.test']);
    assert.deepEqual(d.summary('domain-mismatch'), []);
  });

  it("values linked for the editor after both hosts were checked are each host's own", () => {
    const r = twoHosts('"chat.${config.networking.domain}"').result();
    const uses = (i: number) =>
      linkedValues(r.deployments[i]!.facts)
        .find((l) => l.setting === 'SNIKKET_DOMAIN')!
        .uses.map((u) => u.value);
    assert.ok(uses(0).includes('chat.a.test') && !uses(0).includes('chat.b.test'), String(uses(0)));
    assert.ok(uses(1).includes('chat.b.test') && !uses(1).includes('chat.a.test'), String(uses(1)));
    assert.ok(uses(0).includes('chat.a.test'), 'and again after the other host was read');
  });

  it('the same hosts in the other order', () => {
    const d = twoHosts('"chat.${config.networking.domain}"', 'b.test', 'a.test');
    assert.deepEqual(perHost(d), ['a: chat.b.test chat.b.test', 'b: chat.a.test chat.a.test']);
    assert.deepEqual(d.summary('domain-mismatch'), []);
  });

  it('a literal vhost name that is right for one host only: one finding, whose fix --fix does not apply (it would break the other host)', () => {
    const d = twoHosts('"chat.a.test"');
    const found = d.findings('domain-mismatch');
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /chat\.b\.test/);
    assert.deepEqual(
      found[0]!.fixes.map((f) => [f.title, f.isPreferred]),
      [
        ['Change chat.a.test to chat.b.test', false],
        ['Set SNIKKET_DOMAIN to chat.a.test (only before the first start: certificates live under it)', false],
      ],
    );
    assert.deepEqual(compatiblePreferredFixes(found), []);
  });

  it('the same fix wanted by both hosts stays preferred and is applied once', () => {
    // The shared firewall list lacks 5000 (file transfer proxy) for both hosts alike.
    const d = twoHosts('"chat.${config.networking.domain}"');
    const found = d.result().deployments.flatMap((r) => r.findings.filter((f) => f.code === 'firewall-port-missing'));
    assert.deepEqual(
      found.map((f) => [f.fixes[0]!.title, f.fixes[0]!.isPreferred]),
      [
        ['Open TCP 5000 (file transfer proxy)', true],
        ['Open TCP 5000 (file transfer proxy)', true],
      ],
    );
    assert.equal(compatiblePreferredFixes(d.findings('firewall-port-missing')).length, 1);
  });

  it('a literal vhost name wrong for both hosts: the fixes disagree, so --fix applies neither', () => {
    const d = twoHosts('"chat.c.test"');
    const found = d.findings('domain-mismatch');
    assert.equal(found.length, 2);
    const conflicts = conflictingFixes(found);
    assert.equal(conflicts.length, 1);
    assert.match(
      conflicts[0]!.reason,
      /fixes want different text on line \d+ \(deployments sharing the file disagree\): not fixed/,
    );
    assert.deepEqual(compatiblePreferredFixes(found), []);
  });

  it('check --fix on disk leaves the shared module as the other host needs it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snikket-shared-'));
    try {
      for (const [file, text] of twoHosts('"chat.a.test"').files) {
        const target = path.join(dir, path.relative('/deployment', file));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, text);
      }
      await main(['check', '--fix', '.'], { stdout: () => undefined, stderr: () => undefined, cwd: dir, color: false });
      assert.match(fs.readFileSync(path.join(dir, 'shared/snikket.nix'), 'utf8'), /virtualHosts\."chat\.a\.test"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
