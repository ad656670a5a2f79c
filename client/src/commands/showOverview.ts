/** Snikket: Show deployment overview. */
import * as vscode from 'vscode';
import { errorText } from '../context';
import { OverviewPanel } from '../overview/panel';
import { isRecord } from './types';
import type { CommandFactory } from './types';

export interface ShowOverviewArgs {
  /** Only the deployment holding this file (absolute); default: all deployments. */
  file?: string;
}

export const showOverview: CommandFactory =
  (ctx) =>
  async (arg?: unknown): Promise<{ deployments: number; error?: string }> => {
    const args: ShowOverviewArgs =
      arg instanceof vscode.Uri ? { file: arg.fsPath } : isRecord(arg) ? (arg as ShowOverviewArgs) : {};
    try {
      const result = await OverviewPanel.show(ctx, args.file ? { file: args.file } : {});
      return { deployments: result.deployments.length };
    } catch (e) {
      const msg = `Snikket overview: ${errorText(e)}`;
      ctx.log.error(msg);
      void vscode.window.showErrorMessage(msg, 'Show log').then((a) => a && ctx.log.show(true));
      return { deployments: 0, error: msg };
    }
  };
