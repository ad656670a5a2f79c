/**
 * Snikket: Create admin invite — asks first, then runs `create-invite --admin` in the Snikket
 * container on `snikket.adminHost` (this machine, or over ssh), as root or with `sudo -n`, and
 * shows the invitation link with Copy and Open. Where no container engine is reachable it offers
 * the command to copy. The backend comes from the argument, then the deployment, then podman.
 */
import * as vscode from 'vscode';
import type { OverviewResult } from '../../../server/src/api/protocol';
import { Requests } from '../../../server/src/api/protocol';
import { runProcess } from '../compose2nix/run';
import { errorText } from '../context';
import {
  adminHostError,
  classifyInviteFailure,
  inviteInvocation,
  inviteScript,
  manualCommand,
  parseInviteLink,
} from '../invite/plan';
import type { Backend } from '../invite/plan';
import { refusalInUntrusted } from '../trust';
import { isBackend } from '../validate';
import { isRecord } from './types';
import type { CommandFactory } from './types';

export interface CreateAdminInviteArgs {
  backend?: Backend;
  /** Container name (the snikket_server service's container_name); default "snikket". */
  container?: string;
  /** A file of the deployment, to read its backend from. */
  file?: string;
}

export interface InviteOutcome {
  /** The command a user can run by hand. */
  commandLine?: string;
  host?: string;
  /** False when the user did not confirm. */
  confirmed?: boolean;
  link?: string;
  error?: string;
  /** The buttons of the last message shown. */
  actions?: string[];
}

const TITLE = 'Create admin invite';
const CONFIRM = 'Create invite';

export const createAdminInvite: CommandFactory =
  (ctx) =>
  async (arg?: unknown): Promise<InviteOutcome> => {
    const refusal = refusalInUntrusted('terminal', vscode.workspace.isTrusted);
    if (refusal) {
      void vscode.window.showErrorMessage(refusal);
      return { error: refusal };
    }
    const args: CreateAdminInviteArgs = isRecord(arg) ? (arg as CreateAdminInviteArgs) : {};
    if (args.backend !== undefined && !isBackend(args.backend)) {
      const error = 'backend: use "podman" or "docker".';
      void vscode.window.showErrorMessage(`${TITLE}: ${error}`);
      return { error };
    }
    const container =
      typeof args.container === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(args.container)
        ? args.container
        : 'snikket';
    const file = args.file ?? ctx.activeFile();
    const host = (
      vscode.workspace
        .getConfiguration('snikket', file ? vscode.Uri.file(file) : undefined)
        .get<string>('adminHost', '') ?? ''
    ).trim();
    const hostError = adminHostError(host);
    if (hostError) {
      void vscode.window.showErrorMessage(`${TITLE}: ${hostError}`);
      return { error: hostError, host };
    }
    let backend = args.backend;
    let domain: string | undefined;
    try {
      const overview = await ctx.request<OverviewResult>(Requests.overview, file ? { file } : {});
      backend ??= overview.deployments.find((d) => d.backend)?.backend;
      domain = overview.deployments.map((d) => d.values['SNIKKET_DOMAIN']).find((v) => v !== undefined);
    } catch (e) {
      ctx.log.info(`${TITLE}: the deployment is not known from the server (${errorText(e)}); using podman.`);
    }
    const engine = backend ?? 'podman';
    const commandLine = manualCommand(host, engine, container);
    const where = host === '' ? 'this machine' : host;

    // A dialog the workbench refuses to show (as in extension tests) is a "no".
    const answer = await Promise.resolve(
      vscode.window.showInformationMessage(
        `Create an invitation for a new administrator${domain ? ` of ${domain}` : ''}?`,
        {
          modal: true,
          detail: `This runs "${engine} exec ${container} create-invite --admin" on ${where}. Anyone with the link can become an administrator. Set snikket.adminHost to run it on the server over ssh.`,
        },
        CONFIRM,
      ),
    ).catch(() => undefined);
    if (answer !== CONFIRM) return { commandLine, host, confirmed: false };

    const inv = inviteInvocation(host, inviteScript(engine, container));
    ctx.log.info(`${TITLE}: running on ${where}: ${commandLine}`);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${TITLE} on ${where}` },
      () =>
        runProcess({
          command: inv.command,
          args: inv.args,
          cwd: process.cwd(),
          onOutput: (chunk) => ctx.log.info(`[create-invite] ${chunk.trimEnd()}`),
        }),
    );
    const link = result.code === 0 ? parseInviteLink(result.output) : undefined;
    if (link) {
      const actions = ['Copy', 'Open'];
      void vscode.window.showInformationMessage(`Admin invite: ${link}`, ...actions).then((a) => {
        if (a === 'Copy') void vscode.env.clipboard.writeText(link);
        else if (a === 'Open') void vscode.env.openExternal(vscode.Uri.parse(link));
      });
      return { commandLine, host, confirmed: true, link, actions };
    }
    const kind = result.spawnError
      ? host === ''
        ? 'failed'
        : 'ssh'
      : classifyInviteFailure(host, result.code, result.output);
    const message =
      kind === 'no-engine'
        ? `${engine} is not installed on ${where}, so the Snikket container is not reachable from here.`
        : kind === 'needs-password'
          ? `sudo on ${where} asks for a password; run the command in a terminal yourself.`
          : kind === 'ssh'
            ? `ssh to ${host} failed (it runs without asking for a password: use a key).`
            : result.code === 0
              ? 'create-invite printed no invitation link.'
              : `create-invite failed on ${where} (exit code ${String(result.code)}).`;
    const actions = ['Copy command', 'Show log'];
    ctx.log.error(`${TITLE}: ${message}`);
    void vscode.window.showErrorMessage(`${TITLE}: ${message}`, ...actions).then((a) => {
      if (a === 'Copy command') void vscode.env.clipboard.writeText(commandLine);
      else if (a === 'Show log') ctx.log.show(true);
    });
    return { commandLine, host, confirmed: true, error: message, actions };
  };
