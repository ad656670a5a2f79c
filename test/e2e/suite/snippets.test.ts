/** The contributed snippets expand, and their values are right by FACTS.md. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

interface Snippet {
  prefix: string[];
  body: string[];
}

function snippets(file: string): Record<string, Snippet> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  return JSON.parse(fs.readFileSync(path.join(ext.extensionUri.fsPath, 'snippets', file), 'utf8')) as Record<
    string,
    Snippet
  >;
}

async function expand(language: string, s: Snippet): Promise<string> {
  const doc = await vscode.workspace.openTextDocument({ language, content: '' });
  const editor = await vscode.window.showTextDocument(doc, { preview: true });
  assert.ok(await editor.insertSnippet(new vscode.SnippetString(s.body.join('\n'))));
  const text = doc.getText();
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return text;
}

function byPrefix(all: Record<string, Snippet>, prefix: string): Snippet {
  const s = Object.values(all).find((x) => x.prefix.includes(prefix));
  assert.ok(s, `snippet ${prefix}`);
  return s;
}

describe('snippets', () => {
  it('nix: the vhost proxies to the HTTPS tweak port and falls back to the HTTP one for ACME', async () => {
    const text = await expand('nix', byPrefix(snippets('nix.json'), 'snikket-vhost'));
    assert.match(text, /acmeFallbackHost = "localhost:5080";/);
    assert.match(text, /proxyPass = "https:\/\/localhost:5443";/);
    assert.match(text, /client_max_body_size 104857616;/);
  });

  it('nix: the module uses Nix interpolation literally and keeps the ports apart', async () => {
    const text = await expand('nix', byPrefix(snippets('nix.json'), 'snikket-module'));
    assert.match(text, /acmeFallbackHost = "localhost:\$\{toString http_port\}";/);
    assert.match(text, /http_port = 5080;/);
    assert.match(text, /https_port = 5443;/);
    assert.match(text, /allowedUDPPortRanges = \[ \{ from = 49152; to = 49252; \} \];/);
    assert.match(text, /virtualHosts\."\$\{groups_domain\}"/);
  });

  it('nix: the copy job has a oneshot service and a timer', async () => {
    const text = await expand('nix', byPrefix(snippets('nix.json'), 'snikket-copy-certs-job'));
    assert.match(text, /Type = "oneshot";/);
    assert.match(text, /Unit = "snikket-copy-certs\.service";/);
    assert.ok(!text.includes('/path/to/'), 'no placeholder ExecStart');
  });

  it('snikket-conf and shell snippets expand', async () => {
    const conf = await expand('snikket-conf', byPrefix(snippets('snikket-conf.json'), 'snikket-conf'));
    assert.match(conf, /^SNIKKET_TWEAK_HTTP_PORT=5080$/m);
    assert.match(conf, /^SNIKKET_TWEAK_HTTPS_PORT=5443$/m);
    const sh = await expand('shellscript', byPrefix(snippets('shellscript.json'), 'snikket-copy-certs'));
    assert.match(sh, /_data\/letsencrypt\/live\/\$DOMAIN/);
    assert.match(sh, /cp -rL/);
  });
});
