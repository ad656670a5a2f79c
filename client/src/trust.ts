/**
 * What an untrusted workspace may not do. No vscode import: unit-tested.
 */

const UNTRUSTED_COMPOSE2NIX =
  'Rerun compose2nix is disabled in an untrusted workspace: it runs a program chosen by the ' +
  "workspace (snikket.compose2nixPath) on the workspace's files. Trust the workspace " +
  '(Workspaces: Manage Workspace Trust) to use it.';

const UNTRUSTED_TERMINAL =
  'Create admin invite is disabled in an untrusted workspace: it runs a container command in a terminal.';

/** The reason a command is refused, or undefined when it may run. */
export function refusalInUntrusted(command: 'compose2nix' | 'terminal', isTrusted: boolean): string | undefined {
  if (isTrusted) return undefined;
  return command === 'compose2nix' ? UNTRUSTED_COMPOSE2NIX : UNTRUSTED_TERMINAL;
}
