/**
 * The same boundary through the language server over stdio: code actions and Fix all never name
 * a file outside the workspace; malformed headers end the connection; nothing is served after
 * shutdown.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { SERVER, TestClient, uri } from '../protocol/lspClient';
import { addDuplicateKey, attackTree, replaceIn, type AttackTree } from './helpers';

describe('security: the language server', function () {
  this.timeout(60_000);
  let t: AttackTree;
  let client: TestClient | undefined;
  beforeEach(() => {
    t = attackTree();
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    t.dispose();
  });

  /** Every file named by the edits of some code actions. */
  function editedFiles(actions: CodeAction[]): string[] {
    return actions.flatMap((a) =>
      ((a.edit?.documentChanges ?? []) as TextDocumentEdit[]).map((c) => c.textDocument.uri),
    );
  }

  it('no quick fix or Fix all names a file outside the workspace', async () => {
    const outside = path.join(t.victim, 'snikket.conf');
    fs.copyFileSync(t.conf, outside);
    addDuplicateKey(outside);
    fs.rmSync(t.conf);
    replaceIn(t.compose, /env_file: snikket.conf/g, 'env_file: ../../victim/snikket.conf');
    client = new TestClient(t.repo, { pull: false });
    await client.initialize();
    client.open(t.compose);
    client.open(outside, 'snikket-conf');
    const c = client;
    const dup = await c.waitFor('the duplicate key in the outside file', () =>
      c.diagnostics(outside).find((d) => d.code === 'conf-duplicate-key'),
    );
    assert.match(String(dup.message), /not fixed: \S+ is outside the folders being checked/);
    const whole = { start: { line: 0, character: 0 }, end: { line: 9999, character: 0 } };
    const actions = [
      ...(await c.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: uri(outside) },
        range: whole,
        context: { diagnostics: [dup] },
      })),
      ...(await c.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: uri(outside) },
        range: whole,
        context: { diagnostics: [], only: ['source.fixAll.snikket'] },
      })),
      ...(await c.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: uri(t.compose) },
        range: whole,
        context: { diagnostics: [], only: ['source.fixAll.snikket'] },
      })),
    ];
    const repoUri = uri(t.repo) + '/';
    for (const u of editedFiles(actions)) assert.ok(u.startsWith(repoUri), `an edit of ${u}`);
    assert.ok(!editedFiles(actions).includes(uri(outside)));
  });

  it('a request after shutdown is answered InvalidRequest', async () => {
    client = new TestClient(t.repo, { pull: false });
    await client.initialize();
    await client.request('shutdown', null);
    await assert.rejects(
      client.request('textDocument/hover', { textDocument: { uri: uri(t.conf) }, position: { line: 0, character: 0 } }),
      (e: { code?: number }) => e.code === -32600,
    );
  });

  it('a malformed Content-Length ends the connection with a logged reason', async () => {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin.write('Content-Length: abc\r\n\r\n{}');
    const code = await exited;
    assert.equal(code, 1);
    assert.match(stderr, /closing the connection: Content-Length value must be a number/);
  });
});
