/**
 * The deployment overview webview (one panel, reused). No scripts; links are command URIs.
 * It follows the findings: every change of diagnostics re-asks the server (debounced), and a
 * serializer brings the panel back after a window reload.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { OverviewParams, OverviewResult } from '../../../server/src/api/protocol';
import { Requests } from '../../../server/src/api/protocol';
import { errorText } from '../context';
import type { Ctx } from '../context';
import { renderOverview } from './html';

export const OPEN_LOCATION_COMMAND = 'snikket.openLocation';
const OVERVIEW_VIEW_TYPE = 'snikket.overview';
const REFRESH_DELAY_MS = 300;

const panelOptions: vscode.WebviewPanelOptions & vscode.WebviewOptions = {
  enableScripts: false,
  enableCommandUris: [OPEN_LOCATION_COMMAND],
  localResourceRoots: [],
  retainContextWhenHidden: false,
};

export class OverviewPanel {
  private static current: OverviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Findings changed while the panel was hidden: refresh when it shows again. */
  private stale = false;
  private params: OverviewParams = {};
  /** Resolves with the result of the latest refresh. */
  private latest: Promise<OverviewResult> | undefined;

  private constructor(
    private readonly ctx: Ctx,
    private readonly panel: vscode.WebviewPanel,
  ) {
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      vscode.languages.onDidChangeDiagnostics(() => this.schedule()),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) this.schedule();
      }),
    );
  }

  static async show(ctx: Ctx, params: OverviewParams): Promise<OverviewResult> {
    const me = (OverviewPanel.current ??= new OverviewPanel(
      ctx,
      vscode.window.createWebviewPanel(OVERVIEW_VIEW_TYPE, 'Snikket overview', vscode.ViewColumn.Active, panelOptions),
    ));
    me.params = params;
    const result = await me.refresh();
    me.panel.reveal(undefined, false);
    return result;
  }

  /** Keeps an overview open across window reloads (it shows all deployments again). */
  static registerSerializer(ctx: Ctx): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(OVERVIEW_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => {
        panel.webview.options = panelOptions;
        OverviewPanel.current?.panel.dispose();
        const me = new OverviewPanel(ctx, panel);
        OverviewPanel.current = me;
        panel.webview.html = renderMessage('Loading the Snikket overview…');
        await me.refresh().catch(() => undefined);
      },
    });
  }

  /** The current panel's latest result (for tests and the e2e suite). */
  static latestResult(): Promise<OverviewResult> | undefined {
    return OverviewPanel.current?.latest;
  }

  private schedule(): void {
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh().catch(() => undefined), REFRESH_DELAY_MS);
  }

  private refresh(): Promise<OverviewResult> {
    this.stale = false;
    const run = (async () => {
      try {
        await this.ctx.start();
        const result = await this.ctx.request<OverviewResult>(Requests.overview, this.params);
        this.render(result);
        return result;
      } catch (e) {
        this.ctx.log.error(`Snikket overview: ${errorText(e)}`);
        this.panel.webview.html = renderMessage(
          `The overview could not be computed: ${errorText(e)}. See Snikket: Show log.`,
        );
        throw e;
      }
    })();
    this.latest = run;
    return run;
  }

  private render(result: OverviewResult): void {
    const webview = this.panel.webview;
    webview.html = renderOverview(result, {
      nonce: randomBytes(16).toString('base64'),
      cspSource: webview.cspSource,
      link: (file, line) => `command:${OPEN_LOCATION_COMMAND}?${encodeURIComponent(JSON.stringify([file, line ?? 1]))}`,
      relative: (file) => this.ctx.relative(file),
    });
  }

  private dispose(): void {
    clearTimeout(this.timer);
    if (OverviewPanel.current === this) OverviewPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function renderMessage(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>${escaped}</p></body></html>`;
}

/** Opens a file at a 1-based line; used by the overview's links. */
export async function openLocation(file: unknown, line: unknown): Promise<void> {
  if (typeof file !== 'string' || file === '') return;
  const n = typeof line === 'number' && Number.isFinite(line) ? Math.max(0, Math.floor(line) - 1) : 0;
  const pos = new vscode.Position(n, 0);
  await vscode.window.showTextDocument(vscode.Uri.file(file), {
    selection: new vscode.Range(pos, pos),
    preview: false,
  });
}
