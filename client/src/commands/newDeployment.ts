/**
 * Snikket: New Snikket deployment… — asks for (or takes as arguments) the domain, admin e-mail,
 * tweak ports, TURN range, backend and folder, and writes the seed's seven files.
 */
import * as vscode from 'vscode';
import type { ScaffoldValues } from '../../../server/src/lsp/protocol';
import { scaffold } from '../scaffold/apply';
import type { ScaffoldOutcome } from '../scaffold/apply';
import {
  isBackend, parsePort, parsePortRange, validateDomain, validateEmail, validateProject, validateTurnRange,
  validateTurnRangeText, validateTweakPort,
} from '../validate';
import { isRecord } from './types';
import type { CommandFactory } from './types';

export interface NewDeploymentArgs {
  domain?: string;
  adminEmail?: string;
  httpPort?: number;
  httpsPort?: number;
  turnMin?: number;
  turnMax?: number;
  backend?: 'podman' | 'docker';
  project?: string;
  /** Absolute folder (the NixOS configuration directory). */
  folder?: string;
  /** Open the created files (default true). */
  open?: boolean;
}

const LABEL = 'New Snikket deployment';
const cancelled = (): ScaffoldOutcome => ({ created: [], skipped: [], error: 'Cancelled.' });

export const newDeployment: CommandFactory = (ctx) => async (arg?: unknown): Promise<ScaffoldOutcome> => {
  // From the explorer's context menu the argument is the folder's Uri.
  const args: NewDeploymentArgs = arg instanceof vscode.Uri ? { folder: arg.fsPath } : isRecord(arg) ? (arg as NewDeploymentArgs) : {};
  const bad = checkArgs(args);
  if (bad) {
    void vscode.window.showErrorMessage(`${LABEL}: ${bad}`);
    return { created: [], skipped: [], error: bad };
  }

  const steps = 6;
  const domain = args.domain?.trim() ?? (await ask(1, steps, 'Domain Snikket serves (needs DNS records for it, groups.<domain> and share.<domain>)', 'chat.example.org', '', validateDomain));
  if (domain === undefined) return cancelled();
  const adminEmail = args.adminEmail?.trim() ?? (await ask(2, steps, "Admin's e-mail address (also given to Let's Encrypt)", `admin@${domain.split('.').slice(-2).join('.')}`, '', validateEmail));
  if (adminEmail === undefined) return cancelled();

  let httpPort = args.httpPort;
  let httpsPort = args.httpsPort;
  if (httpPort === undefined) {
    const v = await ask(3, steps, 'HTTP tweak port (host nginx proxies ACME challenges here)', '5080', '5080', (s) => validateTweakPort(s, httpsPort));
    if (v === undefined) return cancelled();
    httpPort = parsePort(v)!;
  }
  if (httpsPort === undefined) {
    const v = await ask(4, steps, 'HTTPS tweak port (host nginx proxies https://localhost:<port> here)', '5443', '5443', (s) => validateTweakPort(s, httpPort));
    if (v === undefined) return cancelled();
    httpsPort = parsePort(v)!;
  }

  let turnMin = args.turnMin;
  let turnMax = args.turnMax;
  if (turnMin === undefined || turnMax === undefined) {
    const v = await ask(5, steps, 'TURN relay port range, MIN-MAX (one call uses up to 4 ports)', '49152-49252', `${turnMin ?? 49152}-${turnMax ?? 49252}`, validateTurnRangeText);
    if (v === undefined) return cancelled();
    const r = parsePortRange(v)!;
    turnMin = r.min;
    turnMax = r.max;
  }

  let backend = args.backend;
  if (backend === undefined) {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'podman', description: 'virtualisation.oci-containers.backend = "podman" (the NixOS default)' },
        { label: 'docker', description: 'virtualisation.oci-containers.backend = "docker"' },
      ],
      { title: `${LABEL} (6/${steps})`, placeHolder: 'Container backend for compose2nix', ignoreFocusOut: true },
    );
    if (!picked) return cancelled();
    backend = picked.label as 'podman' | 'docker';
  }

  const folder = args.folder ?? (await ctx.defaultFolder('Folder of the NixOS configuration (snikket.nix, nginx.nix and snikket/ go here)'));
  if (!folder) return cancelled();

  const values: Partial<ScaffoldValues> = { domain, adminEmail, httpPort, httpsPort, turnMin, turnMax, backend, project: args.project ?? 'snikket' };
  return scaffold(ctx, { kind: 'deployment', folder, values, label: LABEL, ...(args.open === undefined ? {} : { open: args.open }) });
};

/** Validates the values given as arguments (prompts validate their own input). */
export function checkArgs(a: NewDeploymentArgs): string | undefined {
  if (a.domain !== undefined) { const e = validateDomain(a.domain); if (e) return `domain: ${e}`; }
  if (a.adminEmail !== undefined) { const e = validateEmail(a.adminEmail); if (e) return `adminEmail: ${e}`; }
  if (a.httpPort !== undefined) { const e = validateTweakPort(a.httpPort, a.httpsPort); if (e) return `httpPort: ${e}`; }
  if (a.httpsPort !== undefined) { const e = validateTweakPort(a.httpsPort, a.httpPort); if (e) return `httpsPort: ${e}`; }
  if (a.turnMin !== undefined || a.turnMax !== undefined) {
    const e = validateTurnRange(a.turnMin ?? 49152, a.turnMax ?? 65535);
    if (e) return `turnMin/turnMax: ${e}`;
  }
  if (a.backend !== undefined && !isBackend(a.backend)) return 'backend: use "podman" or "docker".';
  if (a.project !== undefined) { const e = validateProject(a.project); if (e) return `project: ${e}`; }
  if (a.folder !== undefined && (typeof a.folder !== 'string' || !a.folder.startsWith('/'))) return 'folder: give an absolute path.';
  return undefined;
}

async function ask(step: number, steps: number, prompt: string, placeHolder: string, value: string, validate: (s: string) => string | undefined): Promise<string | undefined> {
  const v = await vscode.window.showInputBox({ title: `${LABEL} (${step}/${steps})`, prompt, placeHolder, value, ignoreFocusOut: true, validateInput: validate });
  return v === undefined ? undefined : v.trim();
}
