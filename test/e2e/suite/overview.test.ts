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
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('snikket.overview')), 'overview tab');
    await screenshot('overview');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
