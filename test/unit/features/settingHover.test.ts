import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { settingHoverLines, settingNameAt } from '../../../server/src/features/hover/settingHover';
import { MemoryDeployment } from '../../helpers/memoryDeployment';

/** The hover lines for `name`, with places as `file:line` relative to the deployment folder. */
function hover(d: MemoryDeployment, name: string): string[] {
  const deployments = d.result().deployments.map((r) => ({ root: r.deployment.root, facts: r.facts }));
  const place = (file: string, offset: number) =>
    `${path.relative('/deployment', file)}:${d.files.get(file)!.slice(0, offset).split('\n').length}`;
  return settingHoverLines(deployments, name, place, (root) => path.relative('/deployment', root));
}

const IMAGES = ['server', 'web-proxy', 'cert-manager', 'web-portal'];
const nixModule = (container: string, header = '{ config, lib, ... }:') =>
  `${header}\n{\n  virtualisation.oci-containers.containers = {\n${IMAGES.map((i) => `    snikket-${i} = { image = "snikket/snikket-${i}:stable"; ${container} };`).join('\n')}\n  };\n}\n`;

describe('hover: a SNIKKET_* value in its three states', () => {
  it('known from snikket.conf, with where', () => {
    const d = new MemoryDeployment({
      'docker-compose.yml':
        'services:\n  snikket_server:\n    image: snikket/snikket-server:stable\n    network_mode: host\n    env_file: snikket.conf\n',
      'snikket.conf': 'SNIKKET_DOMAIN=chat.otter.test\nSNIKKET_ADMIN_EMAIL=a@otter.test\n',
    });
    assert.deepEqual(hover(d, 'SNIKKET_ADMIN_EMAIL'), [
      '**SNIKKET_ADMIN_EMAIL** is `a@otter.test`, set in snikket.conf:2.',
    ]);
    assert.deepEqual(hover(d, 'SNIKKET_TWEAK_HTTP_PORT'), [
      '**SNIKKET_TWEAK_HTTP_PORT**: absent: Snikket uses its default `80`.',
    ]);
    assert.deepEqual(hover(d, 'SNIKKET_UPLOAD_STORAGE_GB'), [
      '**SNIKKET_UPLOAD_STORAGE_GB**: absent: nothing in this deployment sets it.',
    ]);
  });

  it('known from a compose environment', () => {
    const d = new MemoryDeployment({
      'docker-compose.yml':
        'services:\n  snikket_server:\n    image: snikket/snikket-server:stable\n    network_mode: host\n    environment:\n      SNIKKET_DOMAIN: chat.otter.test\n',
    });
    assert.deepEqual(hover(d, 'SNIKKET_DOMAIN'), [
      '**SNIKKET_DOMAIN** is `chat.otter.test`, set in docker-compose.yml:6.',
    ]);
    assert.deepEqual(hover(d, 'SNIKKET_ADMIN_EMAIL'), [
      '**SNIKKET_ADMIN_EMAIL**: absent: nothing in this deployment sets it, and Snikket does not start without it.',
    ]);
  });

  it('known from a Nix environment; unknown under an undecidable mkIf', () => {
    const d = new MemoryDeployment({
      'configuration.nix': nixModule(
        'environment = { SNIKKET_DOMAIN = "chat.otter.test"; SNIKKET_TWEAK_HTTPS_PORT = lib.mkIf tls "443"; };',
        '{ config, lib, tls, ... }:',
      ),
    });
    assert.deepEqual(hover(d, 'SNIKKET_DOMAIN'), [
      '**SNIKKET_DOMAIN** is `chat.otter.test`, set in configuration.nix:4.',
    ]);
    assert.deepEqual(hover(d, 'SNIKKET_TWEAK_HTTPS_PORT'), [
      '**SNIKKET_TWEAK_HTTPS_PORT**: unknown: set only when tls holds.',
    ]);
  });

  it('unknown: set at run time by a secrets file', () => {
    const d = new MemoryDeployment({
      'configuration.nix': nixModule('environmentFiles = [ "/run/secrets/snikket.env" ];'),
    });
    assert.deepEqual(hover(d, 'SNIKKET_DOMAIN'), [
      '**SNIKKET_DOMAIN**: unknown: set at run time by /run/secrets/snikket.env.',
    ]);
    assert.deepEqual(hover(d, 'SNIKKET_TWEAK_HTTP_PORT'), [
      '**SNIKKET_TWEAK_HTTP_PORT**: unknown: set at run time by /run/secrets/snikket.env.',
    ]);
  });

  it('a module shared by two hosts that disagree: one line per host', () => {
    const host = (domain: string) =>
      `{ ... }: { imports = [ ../../shared/snikket.nix ]; networking.domain = "${domain}"; }\n`;
    const d = new MemoryDeployment({
      'hosts/a/configuration.nix': host('a.test'),
      'hosts/b/configuration.nix': host('b.test'),
      'shared/snikket.nix': nixModule(
        'environment = { SNIKKET_DOMAIN = "chat.${config.networking.domain}"; SNIKKET_ADMIN_EMAIL = "a@otter.test"; };',
      ),
    });
    assert.deepEqual(hover(d, 'SNIKKET_DOMAIN'), [
      'hosts/a/configuration.nix: **SNIKKET_DOMAIN** is `chat.a.test`, set in shared/snikket.nix:4.',
      'hosts/b/configuration.nix: **SNIKKET_DOMAIN** is `chat.b.test`, set in shared/snikket.nix:4.',
    ]);
    assert.deepEqual(hover(d, 'SNIKKET_ADMIN_EMAIL'), [
      '**SNIKKET_ADMIN_EMAIL** is `a@otter.test`, set in shared/snikket.nix:4.',
    ]);
  });
});

describe('hover: the SNIKKET_* name under the cursor', () => {
  const text = '  environment.SNIKKET_DOMAIN = "x"; # SNIKKET_x\n';
  it('finds the whole name from any of its characters', () => {
    for (const at of [14, 20, 28])
      assert.deepEqual(settingNameAt(text, at), { name: 'SNIKKET_DOMAIN', span: { start: 14, end: 28 } });
  });
  it('nothing on another word or a name that is not a variable', () => {
    assert.equal(settingNameAt(text, 4), undefined);
    assert.equal(settingNameAt(text, 40), undefined);
  });
});
