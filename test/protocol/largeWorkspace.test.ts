/**
 * The language server on a workspace large enough that walking it takes many slices: requests
 * are answered while the walk runs, the walk reports progress and can be cancelled, and a change
 * of a file no deployment can hold costs no re-check.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestClient, copyExample, uri } from './lspClient';

/** A fleet of modules without Snikket, plus the blog deployment in its own folder. */
function largeWorkspace(modules: number): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'snikket-large-'));
  for (let i = 0; i < modules; i++) {
    const dir = path.join(ws, 'hosts', `h${Math.floor(i / 100)}`);
    if (i % 100 === 0) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, `m${i}.nix`),
      `{ pkgs, ... }: {\n  environment.systemPackages = [ pkgs.hello ];\n  users.users.u${i}.isNormalUser = true;\n}\n`,
    );
  }
  const blog = copyExample();
  fs.cpSync(blog, path.join(ws, 'blog'), { recursive: true });
  fs.rmSync(blog, { recursive: true, force: true });
  return ws;
}

describe('language server on a large workspace', function () {
  this.timeout(60_000);
  let ws: string;
  let client: TestClient | undefined;

  before(() => {
    ws = largeWorkspace(4000);
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('answers a hover while it walks the workspace, and reports the walk as progress', async () => {
    const c = (client = new TestClient(ws, { pull: false, progress: true }));
    await c.initialize();
    const module = path.join(ws, 'hosts', 'h0', 'm0.nix');
    c.open(module);
    const hover = await c.request('textDocument/hover', {
      textDocument: { uri: uri(module) },
      position: { line: 1, character: 4 },
    });
    assert.equal(hover, null);
    const progressWhenAnswered = c.progress.map((p) => p.value.kind);
    assert.ok(
      !progressWhenAnswered.includes('end'),
      `the hover came before the walk ended (progress so far: ${progressWhenAnswered.join(', ')})`,
    );

    const end = await c.waitFor('the end of the walk', () => c.progress.find((p) => p.value.kind === 'end'), 50_000);
    const begin = c.progress.find((p) => p.value.kind === 'begin');
    assert.ok(begin, 'a begin before the end');
    assert.equal(begin.value.title, 'Snikket: looking for deployments');
    assert.equal(begin.value.cancellable, true);
    assert.equal(end.token, begin.token);
    // The walk's end is followed by the check: the deployment, and an empty list for the open module.
    const ready = await c.waitFor(
      'ready with the deployment',
      () => c.statuses.find((s) => s.state === 'ready' && s.deployments === 1),
      20_000,
    );
    assert.equal(ready.deployments, 1);
    await c.waitFor('a publishDiagnostics for the open module', () => c.pushed.has(uri(module)));
    assert.deepEqual(c.pushed.get(uri(module))?.diagnostics, []);
  });

  it('pushes an opened file what is known while the walk runs, and its findings when the walk ends', async () => {
    const c = (client = new TestClient(ws, { pull: false, progress: true }));
    await c.initialize();
    const module = path.join(ws, 'hosts', 'h0', 'm0.nix');
    const conf = path.join(ws, 'blog', 'snikket', 'snikket.conf');
    c.open(module);
    c.open(conf);
    const early = await c.waitFor('a push for both open files', () => {
      const pushed = new Set(c.pushLog.map((p) => p.uri));
      return pushed.has(uri(module)) && pushed.has(uri(conf)) ? c.pushLog.slice() : undefined;
    });
    const endIndex = () => c.progress.findIndex((p) => p.value.kind === 'end');
    const firstFor = (file: string) => early.find((p) => p.uri === uri(file))!;
    for (const file of [module, conf]) {
      const first = firstFor(file);
      assert.deepEqual(first.diagnostics, [], `${file}: nothing is known yet`);
      const end = endIndex();
      assert.ok(end === -1 || first.progressBefore <= end, `${file}: pushed before the walk ended`);
    }
    // When the walk and the check are done, the deployment's file gets its findings.
    await c.waitFor(
      'ready with the deployment',
      () => c.statuses.find((s) => s.state === 'ready' && s.deployments === 1),
      50_000,
    );
    const later = await c.waitFor('the findings of snikket.conf', () =>
      c.pushLog.find((p) => p.uri === uri(conf) && p.diagnostics.length > 0),
    );
    assert.ok(later.progressBefore > endIndex(), 'the findings came after the walk');
    assert.deepEqual(c.pushed.get(uri(module))?.diagnostics, []);
  });

  it('stops walking when the progress is cancelled and still answers', async () => {
    const c = (client = new TestClient(ws, { pull: false, progress: true }));
    await c.initialize();
    const begin = await c.waitFor('the walk begins', () => c.progress.find((p) => p.value.kind === 'begin'));
    await c.conn.sendNotification('window/workDoneProgress/cancel', { token: begin.token });
    const ready = await c.waitFor('ready, cancelled', () => c.statuses.find((s) => s.state === 'ready'), 50_000);
    assert.match(String((ready as { message?: string }).message), /cancelled/);
    assert.equal(ready.deployments, 0);
    const conf = path.join(ws, 'blog', 'snikket', 'snikket.conf');
    const report = await c.request<{ items: unknown[] }>('textDocument/diagnostic', {
      textDocument: { uri: uri(conf) },
    });
    assert.deepEqual(report.items, []);
    assert.ok(
      c.logs.some((l) => /Looked for deployments in the background: .*\(cancelled\)/.test(l)),
      c.logs.join('\n'),
    );
  });

  it('a watched-file change of a module no deployment can hold re-checks nothing', async () => {
    const c = (client = new TestClient(ws, { pull: false }));
    await c.initialize();
    await c.waitFor(
      'ready with the deployment',
      () => c.statuses.find((s) => s.state === 'ready' && s.deployments === 1),
      50_000,
    );
    const checked = () => c.logs.filter((l) => l.startsWith('Checked ')).length;
    const before = checked();
    const module = path.join(ws, 'hosts', 'h1', 'm100.nix');
    fs.writeFileSync(module, fs.readFileSync(module, 'utf8').replace('pkgs.hello', 'pkgs.git'));
    c.watched([{ file: module, type: 2 }]);
    const created = path.join(ws, 'hosts', 'h1', 'new.nix');
    fs.writeFileSync(created, '{ ... }: { time.timeZone = "UTC"; }\n');
    c.watched([{ file: created, type: 1 }]);
    await c.waitFor('the second change ignored', () =>
      c.logs.find((l) => l.startsWith(`Ignored a change of ${created}:`)),
    );
    assert.ok(
      c.logs.some((l) => l.startsWith(`Ignored a change of ${module}: no deployment can hold it`)),
      c.logs.join('\n'),
    );
    assert.equal(checked(), before);

    // A change that matters is checked, once.
    const timer = path.join(ws, 'blog', 'snikket', 'copy-certs-job.nix');
    c.watched([{ file: timer, type: 2 }]);
    await c.waitFor('a check after the timer change', () => checked() > before);
    assert.equal(checked(), before + 1);
    fs.rmSync(created);
  });
});
