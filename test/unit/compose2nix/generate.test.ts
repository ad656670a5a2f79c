import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateCompose2nix, type GenerateInput } from '../../../server/src/compose2nix/generate';
import { parseCompose } from '../../../server/src/syntax/compose/parse';
import { parseDotenv } from '../../../server/src/syntax/dotenv/parse';
import { REPO } from '../../helpers/fixture';

/** The guide's compose file and snikket.conf (examples/blog/snikket holds our copy of them). */
const DIR = path.join(REPO, 'examples/blog/snikket');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');

function input(compose = read('docker-compose.yml'), over: Partial<GenerateInput> = {}): GenerateInput {
  const conf = parseDotenv(read('snikket.conf'));
  return {
    compose: parseCompose(compose),
    composePath: '/srv/snikket/docker-compose.yml',
    envFiles: new Map([['/srv/snikket/snikket.conf', conf.entries]]),
    project: 'snikket',
    runtime: 'podman',
    header: '# Auto-generated using compose2nix v0.3.1.\n',
    ...over,
  };
}

describe('compose2nix in process', () => {
  it('regenerates the compose2nix output of the guide byte for byte', () => {
    const r = generateCompose2nix(input());
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.equal(r.text, read('snikket.nix'));
  });

  it('names volumes and units after the project and runtime, keeps :ro and absolute binds', () => {
    const compose = read('docker-compose.yml').replace(
      '      - snikket_data:/snikket\n    env_file: snikket.conf\n    restart',
      '      - snikket_data:/snikket:ro\n      - /srv/backup:/backup\n    env_file: snikket.conf\n    restart',
    );
    const r = generateCompose2nix(input(compose, { project: 'chat', runtime: 'docker', header: '' }));
    assert.ok(r.ok);
    const lines = r.text.split('\n').map((l) => l.trim());
    assert.equal(lines[0], '{ pkgs, lib, config, ... }:');
    for (const l of [
      '"/srv/backup:/backup:rw"',
      '"chat_snikket_data:/snikket:ro"',
      'systemd.services."docker-snikket" = {',
      'docker volume inspect chat_acme_challenges || docker volume create chat_acme_challenges',
      'systemd.targets."docker-compose-chat-root" = {',
      'virtualisation.docker = {',
    ]) {
      assert.ok(lines.includes(l), l);
    }
  });

  it('refuses what it does not generate like compose2nix, with the reason', () => {
    const refused = (from: string, to: string, envFiles?: GenerateInput['envFiles']) => {
      const compose = read('docker-compose.yml');
      assert.ok(compose.includes(from), from);
      const r = generateCompose2nix(input(compose.replace(from, to), envFiles ? { envFiles } : {}));
      return r.ok ? 'generated' : r.reason;
    };
    assert.equal(
      refused(
        '    network_mode: host\n    volumes:\n      - snikket_data:/snikket\n      - acme_challenges:/var/www/html',
        '    ports:\n      - "80:80"\n    volumes:\n      - snikket_data:/snikket\n      - acme_challenges:/var/www/html',
      ),
      'service snikket_proxy uses ports',
    );
    assert.equal(
      refused('    restart: "unless-stopped"\n  snikket_certs', '    restart: "on-failure"\n  snikket_certs'),
      'service snikket_proxy uses restart: on-failure',
    );
    assert.equal(
      refused(
        '      - snikket_data:/snikket\n    env_file: snikket.conf',
        '      - ./data:/snikket\n    env_file: snikket.conf',
      ),
      'service snikket_server mounts ./data',
    );
    assert.equal(
      refused('volumes:\n  acme_challenges:', 'volumes:\n  acme_challenges:\n    external: true'),
      'volume acme_challenges has options',
    );
    assert.equal(
      refused('version', 'version', new Map()),
      'service snikket_proxy reads snikket.conf, which is not read here',
    );
  });
});
