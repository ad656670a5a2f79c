/**
 * Snikket: Add nginx.nix / Add certificate copy script and timer — the values come from the
 * deployment the server finds in the folder.
 */
import * as vscode from 'vscode';
import type { ScaffoldKind, ScaffoldValues } from '../../../server/src/api/protocol';
import { scaffold } from '../scaffold/apply';
import type { ScaffoldOutcome } from '../scaffold/apply';
import { isRecord } from './types';
import type { CommandFactory } from './types';

export interface AddFilesArgs {
  /** Absolute folder of the NixOS configuration; default: the active file's workspace folder. */
  folder?: string;
  /** Overrides for values otherwise taken from the deployment. */
  values?: Partial<ScaffoldValues>;
  open?: boolean;
}

function addFiles(kind: ScaffoldKind, label: string): CommandFactory {
  return (ctx) =>
    async (arg?: unknown): Promise<ScaffoldOutcome> => {
      const args: AddFilesArgs =
        arg instanceof vscode.Uri ? { folder: arg.fsPath } : isRecord(arg) ? (arg as AddFilesArgs) : {};
      const folder =
        args.folder ?? (await ctx.defaultFolder(`Folder of the NixOS configuration that holds the Snikket deployment`));
      if (!folder) return { created: [], skipped: [], error: 'Cancelled.' };
      return scaffold(ctx, {
        kind,
        folder,
        label,
        ...(args.values ? { values: args.values } : {}),
        ...(args.open === undefined ? {} : { open: args.open }),
      });
    };
}

export const addNginx = addFiles('nginx', 'Add nginx.nix');
export const addCertCopy = addFiles('certCopy', 'Add certificate copy script and timer');
