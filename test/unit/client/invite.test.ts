import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  adminHostError,
  classifyInviteFailure,
  inviteInvocation,
  inviteScript,
  manualCommand,
  NO_ENGINE_MARKER,
  parseInviteLink,
} from '../../../client/src/invite/plan';

describe('create admin invite plan', () => {
  it('runs the command as root or through sudo -n, after checking the engine exists', () => {
    assert.equal(
      inviteScript('podman', 'snikket'),
      "command -v podman >/dev/null 2>&1 || { echo 'snikket-nixos: no container engine' >&2; exit 127; }\n" +
        'if [ "$(id -u)" -eq 0 ]; then podman exec snikket create-invite --admin --group default; else sudo -n podman exec snikket create-invite --admin --group default; fi',
    );
  });

  it('runs locally through sh -c, remotely through ssh in batch mode', () => {
    assert.deepEqual(inviteInvocation('', 'S'), { command: '/bin/sh', args: ['-c', 'S'] });
    assert.deepEqual(inviteInvocation('root@chat.example.org', 'S'), {
      command: 'ssh',
      args: ['-o', 'BatchMode=yes', '--', 'root@chat.example.org', 'S'],
    });
  });

  it('refuses an admin host that ssh would read as an option or that holds shell characters', () => {
    assert.equal(adminHostError(''), undefined);
    assert.equal(adminHostError('root@chat.example.org'), undefined);
    assert.match(adminHostError('-oProxyCommand=x')!, /ssh destination/);
    assert.match(adminHostError('a;b')!, /ssh destination/);
  });

  it('reports a missing engine from the script itself', () => {
    const script = inviteScript('docker', 'snikket');
    let out = '';
    let status = 0;
    try {
      execFileSync('/bin/sh', ['-c', script], { env: { PATH: '/nonexistent' }, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      const err = e as { status: number; stderr: string };
      status = err.status;
      out = err.stderr;
    }
    assert.equal(status, 127);
    assert.equal(out.trim(), NO_ENGINE_MARKER);
    assert.equal(classifyInviteFailure('', status, out), 'no-engine');
  });

  it('classifies failures and finds the invite link', () => {
    assert.equal(classifyInviteFailure('', 1, 'sudo: a password is required\n'), 'needs-password');
    assert.equal(classifyInviteFailure('root@h', 255, 'ssh: connect to host h port 22: Connection refused'), 'ssh');
    assert.equal(classifyInviteFailure('', 125, 'Error: no container with name or ID "snikket" found'), 'failed');
    assert.equal(
      parseInviteLink('Invite created:\nhttps://chat.example.org/invite/AbC123/\n'),
      'https://chat.example.org/invite/AbC123/',
    );
    assert.equal(parseInviteLink('no link'), undefined);
    assert.equal(
      manualCommand('', 'podman', 'snikket'),
      'sudo podman exec snikket create-invite --admin --group default',
    );
    assert.equal(
      manualCommand('root@h', 'podman', 'snikket'),
      "ssh -t root@h 'sudo podman exec snikket create-invite --admin --group default'",
    );
  });
});
