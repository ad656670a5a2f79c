/**
 * Snikket: New Snikket deployment… — asks for (or takes as arguments) the domain, admin e-mail,
 * tweak ports, TURN range, backend and folder, and writes the seed's seven files.
 */
import * as vscode from 'vscode';
import type { ScaffoldValues, ValidateValuesResult } from '../../../server/src/api/protocol';
import { Requests } from '../../../server/src/api/protocol';
import { errorText, type Ctx } from '../context';
import { scaffold } from '../scaffold/apply';
import type { ScaffoldOutcome } from '../scaffold/apply';
import {
  isBackend,
  parsePort,
  parsePortRange,
  validateDomain,
  validateEmail,
  validateProject,
  validateTurnRange,
  validateTurnRangeText,
  validateTweakPort,
  type ValuesCheck,
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

export const newDeployment: CommandFactory =
  (ctx) =>
  async (arg?: unknown): Promise<ScaffoldOutcome> => {
    // From the explorer's context menu the argument is the folder's Uri.
    const args: NewDeploymentArgs =
      arg instanceof vscode.Uri ? { folder: arg.fsPath } : isRecord(arg) ? (arg as NewDeploymentArgs) : {};
    const check = valuesCheck(ctx);
    const bad = await checkArgs(args, check);
    if (bad) {
      void vscode.window.showErrorMessage(`${LABEL}: ${bad}`);
      return { created: [], skipped: [], error: bad };
    }

    // The prompts form a wizard: each shows its step number, and Back returns to the previous prompt
    // with its answer kept. Values given as arguments are not asked.
    const steps = 6;
    let domain = args.domain?.trim();
    let adminEmail = args.adminEmail?.trim();
    let httpPort = args.httpPort;
    let httpsPort = args.httpsPort;
    let turnMin = args.turnMin;
    let turnMax = args.turnMax;
    let backend = args.backend;
    const rangeGiven = args.turnMin !== undefined && args.turnMax !== undefined;
    const prompts: { given: boolean; run: (canGoBack: boolean) => Promise<Answer> }[] = [
      {
        given: args.domain !== undefined,
        run: (b) =>
          ask(
            1,
            steps,
            b,
            'Domain Snikket serves (needs DNS records for it, groups.<domain> and share.<domain>)',
            'chat.example.org',
            domain ?? '',
            (s) => validateDomain(s, check),
            (s) => (domain = s),
          ),
      },
      {
        given: args.adminEmail !== undefined,
        run: (b) =>
          ask(
            2,
            steps,
            b,
            "Admin's e-mail address (also given to Let's Encrypt)",
            `admin@${(domain ?? '').split('.').slice(-2).join('.')}`,
            adminEmail ?? '',
            (s) => validateEmail(s, check),
            (s) => (adminEmail = s),
          ),
      },
      {
        given: args.httpPort !== undefined,
        run: (b) =>
          ask(
            3,
            steps,
            b,
            'HTTP tweak port (host nginx proxies ACME challenges here)',
            '5080',
            String(httpPort ?? 5080),
            (s) => validateTweakPort(s, check, httpsPort),
            (s) => (httpPort = parsePort(s)!),
          ),
      },
      {
        given: args.httpsPort !== undefined,
        run: (b) =>
          ask(
            4,
            steps,
            b,
            'HTTPS tweak port (host nginx proxies https://localhost:<port> here)',
            '5443',
            String(httpsPort ?? 5443),
            (s) => validateTweakPort(s, check, httpPort),
            (s) => (httpsPort = parsePort(s)!),
          ),
      },
      {
        given: rangeGiven,
        run: (b) =>
          ask(
            5,
            steps,
            b,
            'TURN relay port range, MIN-MAX (one call uses up to 4 ports)',
            '49152-49252',
            `${turnMin ?? 49152}-${turnMax ?? 49252}`,
            (s) => validateTurnRangeText(s, check),
            (s) => {
              const r = parsePortRange(s)!;
              turnMin = r.min;
              turnMax = r.max;
            },
          ),
      },
      { given: args.backend !== undefined, run: (b) => pickBackend(6, steps, b, backend, (s) => (backend = s)) },
    ];
    const asked: number[] = [];
    for (let i = 0; i < prompts.length; ) {
      const p = prompts[i]!;
      if (p.given) {
        i++;
        continue;
      }
      const answer = await p.run(asked.length > 0);
      if (answer === 'cancel') return cancelled();
      if (answer === 'back') {
        i = asked.pop() ?? i;
        continue;
      }
      asked.push(i++);
    }
    if (
      domain === undefined ||
      adminEmail === undefined ||
      httpPort === undefined ||
      httpsPort === undefined ||
      turnMin === undefined ||
      turnMax === undefined ||
      backend === undefined
    )
      return cancelled();

    const folder =
      args.folder ??
      (await ctx.defaultFolder('Folder of the NixOS configuration (snikket.nix, nginx.nix and snikket/ go here)'));
    if (!folder) return cancelled();

    const values: Partial<ScaffoldValues> = {
      domain,
      adminEmail,
      httpPort,
      httpsPort,
      turnMin,
      turnMax,
      backend,
      project: args.project ?? 'snikket',
    };
    return scaffold(ctx, {
      kind: 'deployment',
      folder,
      values,
      label: LABEL,
      ...(args.open === undefined ? {} : { open: args.open }),
    });
  };

/** The scaffold's checks, asked of the server; without a server its reason is the answer (nothing can be scaffolded then). */
function valuesCheck(ctx: Ctx): ValuesCheck {
  return async (values) => {
    try {
      return (await ctx.request<ValidateValuesResult>(Requests.validateValues, values)).error;
    } catch (e) {
      return errorText(e);
    }
  };
}

/** Validates the values given as arguments (prompts validate their own input). */
async function checkArgs(a: NewDeploymentArgs, check: ValuesCheck): Promise<string | undefined> {
  if (a.domain !== undefined) {
    const e = await validateDomain(a.domain, check);
    if (e) return `domain: ${e}`;
  }
  if (a.adminEmail !== undefined) {
    const e = await validateEmail(a.adminEmail, check);
    if (e) return `adminEmail: ${e}`;
  }
  if (a.httpPort !== undefined) {
    const e = await validateTweakPort(a.httpPort, check, a.httpsPort);
    if (e) return `httpPort: ${e}`;
  }
  if (a.httpsPort !== undefined) {
    const e = await validateTweakPort(a.httpsPort, check, a.httpPort);
    if (e) return `httpsPort: ${e}`;
  }
  if (a.turnMin !== undefined || a.turnMax !== undefined) {
    const e = await validateTurnRange(a.turnMin ?? 49152, a.turnMax ?? 65535, check);
    if (e) return `turnMin/turnMax: ${e}`;
  }
  if (a.backend !== undefined && !isBackend(a.backend)) return 'backend: use "podman" or "docker".';
  if (a.project !== undefined) {
    const e = await validateProject(a.project, check);
    if (e) return `project: ${e}`;
  }
  if (a.folder !== undefined && (typeof a.folder !== 'string' || !a.folder.startsWith('/')))
    return 'folder: give an absolute path.';
  return undefined;
}

type Answer = 'next' | 'back' | 'cancel';

/** One input step: Enter (valid) stores the value and goes on, Back goes back, Escape cancels. */
function ask(
  step: number,
  steps: number,
  canGoBack: boolean,
  prompt: string,
  placeHolder: string,
  value: string,
  validate: (s: string) => Promise<string | undefined>,
  store: (s: string) => void,
): Promise<Answer> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    Object.assign(box, {
      title: `${LABEL} (${step}/${steps})`,
      prompt,
      placeholder: placeHolder,
      value,
      ignoreFocusOut: true,
    });
    if (canGoBack) box.buttons = [vscode.QuickInputButtons.Back];
    let settled = false;
    const done = (a: Answer) => {
      if (settled) return;
      settled = true;
      resolve(a);
      box.dispose();
    };
    // The checks are the server's: an answer is shown only while the box still holds what was checked.
    box.onDidChangeValue(
      (v) =>
        void validate(v).then((m) => {
          if (box.value === v) box.validationMessage = m;
        }),
    );
    box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && done('back'));
    box.onDidAccept(() => {
      const v = box.value;
      box.busy = true;
      void validate(v).then((error) => {
        box.busy = false;
        if (settled || box.value !== v) return;
        if (error) {
          box.validationMessage = error;
          return;
        }
        store(v.trim());
        done('next');
      });
    });
    box.onDidHide(() => done('cancel'));
    box.show();
  });
}

function pickBackend(
  step: number,
  steps: number,
  canGoBack: boolean,
  current: string | undefined,
  store: (b: 'podman' | 'docker') => void,
): Promise<Answer> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick();
    const items = [
      { label: 'podman', description: 'virtualisation.oci-containers.backend = "podman" (the NixOS default)' },
      { label: 'docker', description: 'virtualisation.oci-containers.backend = "docker"' },
    ];
    Object.assign(pick, {
      title: `${LABEL} (${step}/${steps})`,
      placeholder: 'Container backend for compose2nix',
      ignoreFocusOut: true,
      items,
    });
    pick.activeItems = items.filter((i) => i.label === (current ?? 'podman'));
    if (canGoBack) pick.buttons = [vscode.QuickInputButtons.Back];
    let settled = false;
    const done = (a: Answer) => {
      if (settled) return;
      settled = true;
      resolve(a);
      pick.dispose();
    };
    pick.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && done('back'));
    pick.onDidAccept(() => {
      const label = pick.selectedItems[0]?.label;
      if (label !== 'podman' && label !== 'docker') return;
      store(label);
      done('next');
    });
    pick.onDidHide(() => done('cancel'));
    pick.show();
  });
}
