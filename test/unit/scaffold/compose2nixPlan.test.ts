import * as assert from 'node:assert/strict';
import { planCompose2nix } from '../../../server/src/features/compose2nixPlan';
import { seed } from '../../helpers/seedDeployment';

const PLAIN = ['-inputs', 'docker-compose.yml', '-project', 'snikket', '-runtime', 'podman'];

describe('compose2nix plan', () => {
  it('in the compose folder, project and runtime read off the generated file, output is that file', () => {
    const d = seed();
    const r = d.result();
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
          args: PLAIN,
          // The built-in generator, offered when compose2nix cannot run, gives the file as it is.
          inProcess: d.text('snikket/snikket.nix'),
        },
        file,
      );
    }
  });

  it("offers the built-in generator's output after a change of snikket.conf, and none for a compose file it does not handle", () => {
    // snikket.conf says 5081; compose2nix inlined 5080.
    const d = seed({ conf: { SNIKKET_TWEAK_HTTP_PORT: '5081' }, generatedEnv: { SNIKKET_TWEAK_HTTP_PORT: '5080' } });
    assert.match(
      planCompose2nix(d.result(), d.path('snikket.nix')).inProcess ?? '',
      /"SNIKKET_TWEAK_HTTP_PORT" = "5081";/,
    );
    d.write('snikket/docker-compose.yml', `networks:\n  front: {}\n${d.text('snikket/docker-compose.yml')}`);
    assert.equal(planCompose2nix(d.result(), d.path('snikket.nix')).inProcess, undefined);
  });

  it('follows another project and the docker backend', () => {
    const d = seed({ generated: { backend: 'docker', project: 'chat' } });
    assert.deepEqual(planCompose2nix(d.result(), d.path('snikket.nix')).args, [
      '-inputs',
      'docker-compose.yml',
      '-project',
      'chat',
      '-runtime',
      'docker',
    ]);
  });

  it('keeps the env file options when the generated file shows they were used', () => {
    const d = seed({ generated: { envFile: '/etc/secrets/snikket.env' } });
    assert.deepEqual(planCompose2nix(d.result(), d.path('snikket.nix')).args, [
      ...PLAIN,
      '-env_files',
      '/etc/secrets/snikket.env',
      '-include_env_files=true',
      '-env_files_only=true',
    ]);
  });

  it('without a generated file: output beside the compose file', () => {
    const d = seed({ imports: './snikket/copy-certs-job.nix' });
    d.remove('snikket/snikket.nix');
    const plan = planCompose2nix(d.result(), d.path('snikket/docker-compose.yml'));
    assert.equal(plan.error, undefined);
    assert.equal(plan.output, d.path('snikket/snikket.nix'));
    assert.deepEqual(plan.args, PLAIN);
  });

  it('errors: no compose file, no deployment', () => {
    const d = seed();
    d.remove('snikket/docker-compose.yml');
    const r = d.result();
    assert.match(planCompose2nix(r, d.path('snikket.nix')).error ?? '', /no docker-compose\.yml/);
    assert.match(planCompose2nix(r, '/elsewhere/x.nix').error ?? '', /belongs to no Snikket deployment/);
  });
});
