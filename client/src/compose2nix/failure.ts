/**
 * What to tell the user when compose2nix could not run or failed: one line naming the program that
 * actually ran (nix, nix-shell or compose2nix), never its raw output (that goes to the log).
 * No vscode import: unit-tested.
 */
import type { RunResult } from './run';
import type { ResolvedTool } from './tool';

export type FailureKind = 'not-found' | 'offline' | 'failed' | 'no-output';

export interface Failure {
  kind: FailureKind;
  /** One line, plain text. */
  message: string;
}

/** Nix's own wording when it cannot reach a substituter or fetch nixpkgs. */
const OFFLINE =
  /unable to download|could not resolve host|couldn't resolve host|failed to connect|network is unreachable|connection refused|connection timed out|timeout was reached|unable to access 'https?:|cannot fetch|error: cannot connect|SSL connect error/i;

export function isOfflineOutput(output: string): boolean {
  return OFFLINE.test(output);
}

/** The program a tool runs, as the user would name it. */
export function programOf(tool: ResolvedTool): string {
  if (tool.kind === 'nix-run') return 'nix run nixpkgs#compose2nix';
  if (tool.kind === 'nix-shell') return 'nix-shell -p compose2nix';
  return tool.command;
}

export function describeFailure(tool: ResolvedTool, result: RunResult, output: string): Failure {
  const program = programOf(tool);
  const unchanged = `${output} is unchanged`;
  if (result.spawnError) {
    return {
      kind: 'not-found',
      message: `${program} could not be started (${result.spawnError.split('\n')[0]}); ${unchanged}.`,
    };
  }
  const fetched = tool.kind === 'nix-run' || tool.kind === 'nix-shell';
  if (fetched && isOfflineOutput(result.output)) {
    return { kind: 'offline', message: `${program} could not download compose2nix (no network?); ${unchanged}.` };
  }
  const how = result.code === null ? `was stopped (${result.signal ?? 'signal'})` : `exited with code ${result.code}`;
  return { kind: 'failed', message: `${program} ${how}; ${unchanged}. Its output is in the log.` };
}

export const INSTALL_HINT =
  'compose2nix is packaged in nixpkgs: add pkgs.compose2nix to environment.systemPackages, or run ' +
  '"nix profile install nixpkgs#compose2nix", then run Rerun compose2nix again. ' +
  'Or set snikket.compose2nixPath to an existing compose2nix executable.';
