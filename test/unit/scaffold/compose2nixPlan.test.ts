import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { planCompose2nix } from '../../../server/src/features/compose2nixPlan';
import { TestDeployment } from '../../helpers/fixture';

describe('compose2nix plan', () => {
  let d: TestDeployment;
  beforeEach(() => {
    d = TestDeployment.copy('examples/blog');
  });

  it('examples/blog: in the compose folder, project and runtime read off the generated file, output is that file', () => {
    const r = d.check();
    for (const file of [
      'snikket.nix',
      'snikket/snikket.conf',
      'snikket/copy-certs.sh',
      'nginx.nix',
      'snikket/snikket.nix',
    ]) {
      assert.deepEqual(
        planCompose2nix(r, d.path(file)),
        {
          cwd: d.path('snikket'),
          output: d.path('snikket/snikket.nix'),
          args: ['-inputs', 'docker-compose.yml', '-project', 'snikket', '-runtime', 'podman'],
          // The built-in generator, offered when compose2nix cannot run, gives the file as it is.
          inProcess: fs.readFileSync(d.path('snikket/snikket.nix'), 'utf8'),
        },
        file,
      );
    }
  });

  it("offers the built-in generator's output after a change of snikket.conf, and none for a compose file it does not handle", () => {
    d.replace('snikket/snikket.conf', [/SNIKKET_TWEAK_HTTP_PORT=5080/, 'SNIKKET_TWEAK_HTTP_PORT=5081']);
    assert.match(
      planCompose2nix(d.check(), d.path('snikket.nix')).inProcess ?? '',
      /"SNIKKET_TWEAK_HTTP_PORT" = "5081";/,
    );
    d.replace('snikket/docker-compose.yml', [/services:/, 'networks:\n  front: {}\nservices:']);
    assert.equal(planCompose2nix(d.check(), d.path('snikket.nix')).inProcess, undefined);
  });

  it('follows another project and the docker backend', () => {
    d.replace(
      'snikket/snikket.nix',
      [/backend = "podman"/, 'backend = "docker"'],
      [/snikket_snikket_data/g, 'chat_snikket_data'],
      [/podman-compose-snikket-root/g, 'docker-compose-chat-root'],
    );
    assert.deepEqual(planCompose2nix(d.check(), d.path('snikket.nix')).args, [
      '-inputs',
      'docker-compose.yml',
      '-project',
      'chat',
      '-runtime',
      'docker',
    ]);
  });

  it('keeps the env file options when the generated file shows they were used', () => {
    d.replace('snikket/snikket.nix', [
      /environment = \{[^}]*\};/g,
      'environmentFiles = [ "/etc/secrets/snikket.env" ];',
    ]);
    assert.deepEqual(planCompose2nix(d.check(), d.path('snikket.nix')).args, [
      '-inputs',
      'docker-compose.yml',
      '-project',
      'snikket',
      '-runtime',
      'podman',
      '-env_files',
      '/etc/secrets/snikket.env',
      '-include_env_files=true',
      '-env_files_only=true',
    ]);
  });

  it('without a generated file: output beside the compose file', () => {
    d.replace('snikket.nix', ['    ./snikket/snikket.nix\n', '']);
    fs.rmSync(d.path('snikket/snikket.nix'));
    const plan = planCompose2nix(d.check(), d.path('snikket/docker-compose.yml'));
    assert.equal(plan.error, undefined);
    assert.equal(plan.output, d.path('snikket/snikket.nix'));
    assert.deepEqual(plan.args, ['-inputs', 'docker-compose.yml', '-project', 'snikket', '-runtime', 'podman']);
  });

  it('errors: no compose file, no deployment', () => {
    fs.rmSync(d.path('snikket/docker-compose.yml'));
    const r = d.check();
    assert.match(planCompose2nix(r, d.path('snikket.nix')).error ?? '', /no docker-compose\.yml/);
    assert.match(planCompose2nix(r, '/elsewhere/x.nix').error ?? '', /belongs to no Snikket deployment/);
  });
});
