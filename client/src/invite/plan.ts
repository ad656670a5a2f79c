/**
 * Create admin invite: where and how `create-invite` runs, and reading its answer. No vscode
 * import: unit-tested. The command runs on `snikket.adminHost` (empty: this machine; else an ssh
 * destination), as root or through `sudo -n` (NixOS runs the containers as root; -n never waits
 * for a password nobody can type).
 */
import { shellJoin } from '../compose2nix/tool';

export type Backend = 'podman' | 'docker';

/** Exit status and marker of the script when the container engine is not installed there. */
const NO_ENGINE_STATUS = 127;
export const NO_ENGINE_MARKER = 'snikket-nixos: no container engine';

function inviteCommand(backend: Backend, container: string): string[] {
  return [backend, 'exec', container, 'create-invite', '--admin', '--group', 'default'];
}

/** The POSIX shell script run on the host: engine check, root or sudo -n, then the command. */
export function inviteScript(backend: Backend, container: string): string {
  const cmd = shellJoin(inviteCommand(backend, container));
  return [
    `command -v ${backend} >/dev/null 2>&1 || { echo '${NO_ENGINE_MARKER}' >&2; exit ${NO_ENGINE_STATUS}; }`,
    `if [ "$(id -u)" -eq 0 ]; then ${cmd}; else sudo -n ${cmd}; fi`,
  ].join('\n');
}

/** An ssh destination ([user@]host[:port] is not ssh syntax; user@host or a Host alias). */
export function adminHostError(host: string): string | undefined {
  if (host === '') return undefined;
  if (host.startsWith('-') || !/^[A-Za-z0-9._@\-[\]:]+$/.test(host)) {
    return `snikket.adminHost is "${host}": use empty (this machine) or an ssh destination such as root@chat.example.org.`;
  }
  return undefined;
}

/** What to spawn (no shell on this side): sh -c locally, ssh in batch mode for a remote host. */
export function inviteInvocation(host: string, script: string): { command: string; args: string[] } {
  if (host === '') return { command: '/bin/sh', args: ['-c', script] };
  return { command: 'ssh', args: ['-o', 'BatchMode=yes', '--', host, script] };
}

/** The command a user can paste into a terminal on the host themselves. */
export function manualCommand(host: string, backend: Backend, container: string): string {
  const cmd = `sudo ${shellJoin(inviteCommand(backend, container))}`;
  return host === '' ? cmd : `ssh -t ${shellJoin([host])} ${shellJoin([cmd])}`;
}

/** The invitation link create-invite printed, if any. */
export function parseInviteLink(output: string): string | undefined {
  return /https:\/\/[^\s"'<>]+/.exec(output)?.[0];
}

export type InviteFailure = 'no-engine' | 'needs-password' | 'ssh' | 'failed';

export function classifyInviteFailure(host: string, code: number | null, output: string): InviteFailure {
  if (output.includes(NO_ENGINE_MARKER)) return 'no-engine';
  if (/sudo: (a password is required|a terminal is required)/.test(output)) return 'needs-password';
  if (host !== '' && code === 255) return 'ssh';
  return 'failed';
}
