/** The deployment overview webview. Needs the server. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { blog, requireServer, screenshot } from './helpers';

describe('overview (language server)', () => {
  before(requireServer);

  it('Show deployment overview opens a webview for the example deployment', async () => {
    const result = (await vscode.commands.executeCommand('snikket.showOverview', { file: blog('snikket.nix') })) as { deployments: number; error?: string };
    assert.equal(result.error, undefined);
    assert.ok(result.deployments >= 1, 'at least one deployment');
    const isOverview = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('snikket.overview');
    const describe = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => `${t.label}:${t.input instanceof vscode.TabInputWebview ? t.input.viewType : typeof t.input}`).join(', ');
    // Tabs are reported asynchronously: wait for the overview tab by event, with a timeout.
    await new Promise<void>((resolve, reject) => {
      const has = () => vscode.window.tabGroups.all.some((g) => g.tabs.some(isOverview));
      if (has()) return resolve();
      const timer = setTimeout(() => { sub.dispose(); reject(new Error(`no overview tab; tabs: ${describe()}`)); }, 10_000);
      const sub = vscode.window.tabGroups.onDidChangeTabs(() => { if (has()) { clearTimeout(timer); sub.dispose(); resolve(); } });
    });
    await screenshot('overview', 'Snikket deployment overview');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
