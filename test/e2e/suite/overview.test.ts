/** The deployment overview webview. Needs the server. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { blog, codeOf, requireServer, screenshot, waitForDiagnostics } from './helpers';

describe('overview (language server)', () => {
  before(requireServer);

  it('Show deployment overview opens a webview for the example deployment', async () => {
    const result = (await vscode.commands.executeCommand('snikket.showOverview', { file: blog('snikket.nix') })) as {
      deployments: number;
      error?: string;
    };
    assert.equal(result.error, undefined);
    assert.ok(result.deployments >= 1, 'at least one deployment');
    const isOverview = (t: vscode.Tab) =>
      t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('snikket.overview');
    const describe = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .map((t) => `${t.label}:${t.input instanceof vscode.TabInputWebview ? t.input.viewType : typeof t.input}`)
        .join(', ');
    // Tabs are reported asynchronously: wait for the overview tab by event, with a timeout.
    await new Promise<void>((resolve, reject) => {
      const has = () => vscode.window.tabGroups.all.some((g) => g.tabs.some(isOverview));
      if (has()) return resolve();
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`no overview tab; tabs: ${describe()}`));
      }, 10_000);
      const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
        if (has()) {
          clearTimeout(timer);
          sub.dispose();
          resolve();
        }
      });
    });
    await screenshot('overview', 'Snikket deployment overview');
  });

  it('follows an edit of snikket.conf without being asked again', async () => {
    const api = await requireServer();
    const conf = await vscode.workspace.openTextDocument(blog('snikket', 'snikket.conf'));
    const at = conf.getText().indexOf('SNIKKET_TWEAK_HTTPS_PORT=5443');
    assert.ok(at >= 0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      conf.uri,
      new vscode.Range(conf.positionAt(at), conf.positionAt(at + 'SNIKKET_TWEAK_HTTPS_PORT=5443'.length)),
      'SNIKKET_TWEAK_HTTPS_PORT=5444',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      // The panel re-asks the server after the findings change: wait for that answer.
      let shown: string | undefined;
      for (let i = 0; i < 200 && shown !== '5444'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        shown = (await api.overview())?.deployments[0]?.values['SNIKKET_TWEAK_HTTPS_PORT'];
      }
      assert.equal(shown, '5444');
    } finally {
      const back = new vscode.WorkspaceEdit();
      back.replace(
        conf.uri,
        new vscode.Range(conf.positionAt(at), conf.positionAt(at + 'SNIKKET_TWEAK_HTTPS_PORT=5444'.length)),
        'SNIKKET_TWEAK_HTTPS_PORT=5443',
      );
      await vscode.workspace.applyEdit(back);
      await conf.save();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('a file deleted while its tab is open is reported missing at once', async () => {
    const nginx = blog('nginx.nix');
    const text = fs.readFileSync(nginx, 'utf8');
    await vscode.window.showTextDocument(vscode.Uri.file(nginx), { preview: false });
    const configuration = vscode.Uri.file(blog('configuration.nix'));
    fs.rmSync(nginx);
    try {
      const ds = await waitForDiagnostics(
        configuration,
        (d) => d.some((x) => codeOf(x) === 'import-missing'),
        'import-missing for ./nginx.nix',
      );
      assert.equal(ds.find((x) => codeOf(x) === 'import-missing')!.range.start.line, 5);
    } finally {
      fs.writeFileSync(nginx, text);
    }
    await waitForDiagnostics(
      configuration,
      (d) => !d.some((x) => codeOf(x) === 'import-missing'),
      'import-missing gone',
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
