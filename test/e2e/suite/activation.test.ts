/** What works without the language server: activation, commands, the snikket-conf language. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, blog, EXTENSION_ID, open, screenshot, workspaceRoot } from './helpers';

const COMMANDS = [
  'snikket.newDeployment',
  'snikket.addNginx',
  'snikket.addCertCopy',
  'snikket.rerunCompose2nix',
  'snikket.showOverview',
  'snikket.createAdminInvite',
  'snikket.restartServer',
  'snikket.showLog',
  'snikket.showRuleDocs',
];

describe('extension', () => {
  it('is present and activates (workspaceContains snikket.conf)', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    workspaceRoot();
    const api = await activate();
    assert.ok(ext.isActive);
    assert.equal(typeof api.whenStarted, 'function');
    await api.whenStarted();
    // The runner records this line for `npm run bench` (BENCHMARKS.md, editor start).
    const t = api.timings();
    console.log(
      `[snikket-e2e] timing activation=${t.activationMs.toFixed(1)} server-start=${t.serverStartMs?.toFixed(1) ?? 'n/a'}`,
    );
  });

  it('registers every contributed command', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of COMMANDS) assert.ok(all.has(c), c);
    const contributed = (
      vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as { command: string }[]
    ).map((c) => c.command);
    assert.deepEqual([...contributed].sort(), [...COMMANDS].sort());
  });

  it('gives snikket.conf the snikket-conf language and .nix files the nix language', async () => {
    const conf = await open(blog('snikket', 'snikket.conf'));
    assert.equal(conf.document.languageId, 'snikket-conf');
    await screenshot('snikket-conf');
    const nix = await vscode.workspace.openTextDocument(vscode.Uri.file(blog('snikket.nix')));
    assert.equal(nix.languageId, 'nix');
  });

  it('reads the settings from the snikket section with the documented defaults', () => {
    const cfg = vscode.workspace.getConfiguration('snikket');
    assert.deepEqual(cfg.get('ignore'), []);
    assert.deepEqual(cfg.get('severity'), {});
    assert.equal(cfg.get('compose2nixPath'), '');
    assert.deepEqual(cfg.get('searchPaths'), []);
    assert.ok(['off', 'messages', 'verbose'].includes(String(cfg.get('trace.server'))));
  });

  it('Create admin invite asks first, and runs nothing without a yes', async () => {
    // The workbench refuses modal dialogs in extension tests, which is a "no".
    const result = (await vscode.commands.executeCommand('snikket.createAdminInvite', { backend: 'docker' })) as {
      commandLine?: string;
      confirmed?: boolean;
      error?: string;
    };
    assert.deepEqual(result, {
      commandLine: 'sudo docker exec snikket create-invite --admin --group default',
      host: '',
      confirmed: false,
    });
  });

  it('New deployment rejects invalid arguments without prompting or writing', async () => {
    const result = (await vscode.commands.executeCommand('snikket.newDeployment', {
      domain: 'https://chat.example.org',
      adminEmail: 'admin@example.org',
      httpPort: 5080,
      httpsPort: 5443,
      turnMin: 49252,
      turnMax: 49152,
      backend: 'podman',
      folder: workspaceRoot(),
    })) as { created: string[]; error?: string };
    assert.deepEqual(result.created, []);
    assert.match(result.error ?? '', /domain/);
    const range = (await vscode.commands.executeCommand('snikket.newDeployment', {
      domain: 'chat.example.org',
      adminEmail: 'admin@example.org',
      httpPort: 5080,
      httpsPort: 5443,
      turnMin: 49252,
      turnMax: 49152,
      backend: 'podman',
      folder: workspaceRoot(),
    })) as { created: string[]; error?: string };
    assert.match(range.error ?? '', /turnMin/);
  });

  it('Show log opens the Snikket log without error', async () => {
    await vscode.commands.executeCommand('snikket.showLog');
  });
});
