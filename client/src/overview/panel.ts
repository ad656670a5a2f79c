/** The deployment overview webview (one panel, reused). No scripts; links are command URIs. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { OverviewParams, OverviewResult } from '../../../server/src/lsp/protocol';
import { Requests } from '../../../server/src/lsp/protocol';
import type { Ctx } from '../context';
import { renderOverview } from './html';

export const OPEN_LOCATION_COMMAND = 'snikket.openLocation';

export class OverviewPanel {
  private static current: OverviewPanel | undefined;
  private readonly panel: vscode.WebviewPanel;

  private constructor() {
    this.panel = vscode.window.createWebviewPanel('snikket.overview', 'Snikket overview', vscode.ViewColumn.Active, {
      enableScripts: false,
      enableCommandUris: [OPEN_LOCATION_COMMAND],
      localResourceRoots: [],
      retainContextWhenHidden: false,
    });
    this.panel.onDidDispose(() => {
      if (OverviewPanel.current === this) OverviewPanel.current = undefined;
    });
  }

  static async show(ctx: Ctx, params: OverviewParams): Promise<OverviewResult> {
    const result = await ctx.request<OverviewResult>(Requests.overview, params);
    const me = (OverviewPanel.current ??= new OverviewPanel());
    me.render(ctx, result);
    me.panel.reveal(undefined, false);
    return result;
  }

  private render(ctx: Ctx, result: OverviewResult): void {
    const webview = this.panel.webview;
    this.panel.webview.html = renderOverview(result, {
      nonce: randomBytes(16).toString('base64'),
      cspSource: webview.cspSource,
      link: (file, line) => `command:${OPEN_LOCATION_COMMAND}?${encodeURIComponent(JSON.stringify([file, line ?? 1]))}`,
      relative: (file) => ctx.relative(file),
    });
  }
}

/** Opens a file at a 1-based line; used by the overview's links. */
export async function openLocation(file: unknown, line: unknown): Promise<void> {
  if (typeof file !== 'string' || file === '') return;
  const n = typeof line === 'number' && Number.isFinite(line) ? Math.max(0, Math.floor(line) - 1) : 0;
  const pos = new vscode.Position(n, 0);
  await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(pos, pos), preview: false });
}
