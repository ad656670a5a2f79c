/**
 * Snikket: Create admin invite — runs `<backend> exec snikket create-invite --admin --group default`
 * in a terminal, so the admin sees the invitation link. The backend comes from the argument, then
 * the deployment (compose2nix's backend), then podman.
 */
import * as vscode from 'vscode';
import type { OverviewResult } from '../../../server/src/lsp/protocol';
import { Requests } from '../../../server/src/lsp/protocol';
import { shellJoin } from '../compose2nix/tool';
import { refusalInUntrusted } from '../trust';
import { isBackend } from '../validate';
import { isRecord } from './types';
import type { CommandFactory } from './types';

export interface CreateAdminInviteArgs {
  backend?: 'podman' | 'docker';
  /** Container name (the snikket_server service's container_name); default "snikket". */
  container?: string;
  /** A file of the deployment, to read its backend from. */
  file?: string;
}

export function inviteCommand(backend: 'podman' | 'docker', container: string): string[] {
  return [backend, 'exec', container, 'create-invite', '--admin', '--group', 'default'];
}

export const createAdminInvite: CommandFactory = (ctx) => async (arg?: unknown): Promise<{ commandLine?: string; error?: string }> => {
  const refusal = refusalInUntrusted('terminal', vscode.workspace.isTrusted);
  if (refusal) {
    void vscode.window.showErrorMessage(refusal);
    return { error: refusal };
  }
  const args: CreateAdminInviteArgs = isRecord(arg) ? (arg as CreateAdminInviteArgs) : {};
  if (args.backend !== undefined && !isBackend(args.backend)) {
    const error = 'backend: use "podman" or "docker".';
    void vscode.window.showErrorMessage(`Create admin invite: ${error}`);
    return { error };
  }
  const container = typeof args.container === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(args.container) ? args.container : 'snikket';
  let backend = args.backend;
  if (!backend) {
    try {
      const file = args.file ?? ctx.activeFile();
      const overview = await ctx.request<OverviewResult>(Requests.overview, file ? { file } : {});
      backend = overview.deployments.find((d) => d.backend)?.backend;
    } catch (e) {
      ctx.log.info(`Create admin invite: backend not known from the server (${e instanceof Error ? e.message : String(e)}); using podman.`);
    }
  }
  const commandLine = shellJoin(inviteCommand(backend ?? 'podman', container));
  const terminal = vscode.window.createTerminal({ name: 'Snikket: admin invite' });
  terminal.show();
  // Containers of a NixOS host usually run as root: if this says permission denied, rerun it with sudo.
  terminal.sendText(commandLine, true);
  ctx.log.info(`Create admin invite: ${commandLine}`);
  return { commandLine };
};
