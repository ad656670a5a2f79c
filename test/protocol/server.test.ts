/**
 * Drives the built language server over stdio as an editor would, on a temp copy of
 * examples/blog: push and pull diagnostics across files, changes in the editor and on disk, code
 * actions applied to the text, completion, hover, definition, references, document links,
 * settings, and garbage input.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  DocumentDiagnosticReport,
  DocumentLink,
  DocumentSymbol,
  Hover,
  Location,
  TextDocumentEdit,
  WorkspaceDiagnosticReport,
} from 'vscode-languageserver-protocol';
import type {
  Compose2nixPlan,
  OverviewResult,
  ScaffoldResult,
  ValidateValuesResult,
} from '../../server/src/api/protocol';
import { at, codes, copyExample, REPO, SERVER, TestClient, uri } from './lspClient';

const DOCS = 'https://github.com/snikket-nixos/snikket-nixos/blob/main/docs/rules/';

function files(ws: string) {
  return {
    conf: path.join(ws, 'snikket', 'snikket.conf'),
    proxy: path.join(ws, 'snikket.nix'),
    generated: path.join(ws, 'snikket', 'snikket.nix'),
    timer: path.join(ws, 'snikket', 'copy-certs-job.nix'),
    script: path.join(ws, 'snikket', 'copy-certs.sh'),
    configuration: path.join(ws, 'configuration.nix'),
    nginx: path.join(ws, 'nginx.nix'),
  };
}

function hoverText(h: Hover | null): string {
  if (!h) return '';
  const c = h.contents as { value?: string } | string;
  return typeof c === 'string' ? c : (c.value ?? '');
}

function applyWorkspaceEdit(edit: CodeAction['edit'], file: string, text: string): string {
  const changes = (edit?.documentChanges ?? []) as TextDocumentEdit[];
  const mine = changes.filter((c) => c.textDocument.uri === uri(file));
  assert.ok(mine.length > 0, `the edit changes ${file}`);
  const doc = TextDocument.create(uri(file), 'nix', 1, text);
  return TextDocument.applyEdits(
    doc,
    mine.flatMap((c) => c.edits as { range: Diagnostic['range']; newText: string }[]),
  );
}

describe('language server over stdio', function () {
  this.timeout(30_000);

  before(function () {
    if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run npm run build`);
  });

  describe('push diagnostics (a client without pull support)', () => {
    let ws: string;
    let f: ReturnType<typeof files>;
    let client: TestClient;

    before(async () => {
      ws = copyExample();
      f = files(ws);
      client = new TestClient(ws, { pull: false });
      const init = await client.initialize();
      assert.ok(init.capabilities.diagnosticProvider, 'announces pull diagnostics too');
      client.open(f.conf);
    });
    after(async () => {
      const failures = client.logs.filter((l) => /failed/.test(l));
      await client.stop();
      fs.rmSync(ws, { recursive: true, force: true });
      if (process.env['SHOW_SERVER_LOG']) console.log(client.logs.join('\n'));
      assert.deepEqual(failures, [], 'no handler or rule failed');
    });

    it('reports status and registers file watchers', async () => {
      const ready = await client.waitFor('ready', () => client.statuses.find((s) => s.state === 'ready'));
      assert.equal(ready.deployments, 1);
      assert.equal(client.statuses[0]?.state, 'starting');
      const reg = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
      assert.ok(reg, 'watchers registered dynamically');
      const globs = (reg.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
      for (const g of ['**/*.nix', '**/*.conf', '**/*.sh']) assert.ok(globs.includes(g), g);
    });

    it('pushes diagnostics for files that are not open, with exact codes and ranges', async () => {
      const acme = await client.waitFor('acme-fallback-port in snikket.nix', () =>
        at(client.diagnostics(f.proxy), 'acme-fallback-port', 25, 25),
      );
      assert.deepEqual(acme.range, { start: { line: 25, character: 25 }, end: { line: 25, character: 53 } });
      assert.equal(acme.source, 'snikket-nixos');
      assert.equal(acme.severity, 1);
      assert.equal(acme.codeDescription?.href, `${DOCS}acme-fallback-port.md`);
      assert.ok(
        acme.relatedInformation?.some((r) => r.location.uri === uri(f.conf)),
        'related information points at snikket.conf',
      );
      assert.equal(client.diagnostics(f.proxy).filter((d) => d.code === 'acme-fallback-port').length, 1);

      const timer = await client.waitFor('timer-script-missing', () =>
        at(client.diagnostics(f.timer), 'timer-script-missing', 17, 18),
      );
      assert.deepEqual(timer.range.end, { line: 17, character: 42 });
      // The notifications of one check arrive one by one: wait for each file.
      await client.waitFor(
        'placeholder-value in the open snikket.conf, with its version',
        () =>
          client.pushed.get(uri(f.conf))?.version === 1 && at(client.diagnostics(f.conf), 'placeholder-value', 1, 15),
      );
      assert.deepEqual(codes(client.diagnostics(f.conf)), ['placeholder-value']);
      await client.waitFor('an empty list for a file without findings', () => client.pushed.has(uri(f.configuration)));
      assert.deepEqual(client.diagnostics(f.configuration), []);
    });

    it('pushes an empty list for an open file that belongs to no deployment', async () => {
      const other = path.join(ws, 'unrelated.nix');
      fs.writeFileSync(other, '{ pkgs, ... }: { environment.systemPackages = [ pkgs.git ]; }\n');
      client.open(other, 'nix', fs.readFileSync(other, 'utf8'));
      await client.waitFor('a publishDiagnostics for unrelated.nix', () => client.pushed.has(uri(other)));
      assert.deepEqual(client.diagnostics(other), []);
      client.close(other);
      fs.rmSync(other);
    });

    it('editing snikket.conf updates the diagnostics of snikket.nix', async () => {
      const original = fs.readFileSync(f.conf, 'utf8');
      client.change(f.conf, original.replace('SNIKKET_TWEAK_HTTPS_PORT=5443', 'SNIKKET_TWEAK_HTTPS_PORT=5444'));
      const d = await client.waitFor('https-port-mismatch in snikket.nix', () =>
        client.diagnostics(f.proxy).find((x) => x.code === 'https-port-mismatch'),
      );
      assert.equal(d.source, 'snikket-nixos');
      client.change(f.conf, original);
      await client.waitFor(
        'https-port-mismatch gone',
        () => !client.diagnostics(f.proxy).some((x) => x.code === 'https-port-mismatch'),
      );
    });

    it('sees a file changed on disk after a watched-file event', async () => {
      const text = fs.readFileSync(f.timer, 'utf8');
      fs.writeFileSync(f.timer, text.replace('"/path/to/copy-certs.sh"', '"${pkgs.bash}/bin/bash ${./copy-certs.sh}"'));
      client.watched([{ file: f.timer, type: 2 }]);
      await client.waitFor(
        'timer-script-missing gone',
        () =>
          client.pushed.has(uri(f.timer)) &&
          !client.diagnostics(f.timer).some((d) => d.code === 'timer-script-missing'),
      );
      fs.writeFileSync(f.timer, text);
      client.watched([{ file: f.timer, type: 2 }]);
      await client.waitFor('timer-script-missing back', () =>
        at(client.diagnostics(f.timer), 'timer-script-missing', 17, 18),
      );
    });

    it('a file deleted while open is missing at once, and back when created again', async () => {
      const text = fs.readFileSync(f.nginx, 'utf8');
      client.open(f.nginx);
      fs.rmSync(f.nginx);
      client.watched([{ file: f.nginx, type: 3 }]);
      const d = await client.waitFor('import-missing for nginx.nix', () =>
        client.diagnostics(f.configuration).find((x) => x.code === 'import-missing'),
      );
      assert.deepEqual(d.range, { start: { line: 5, character: 4 }, end: { line: 5, character: 15 } });
      fs.writeFileSync(f.nginx, text);
      client.watched([{ file: f.nginx, type: 1 }]);
      await client.waitFor(
        'import-missing gone',
        () => !client.diagnostics(f.configuration).some((x) => x.code === 'import-missing'),
      );
      client.close(f.nginx);
    });

    it('offers the fix of acme-fallback-port as a quick fix whose edit removes the diagnostic', async () => {
      let text = fs.readFileSync(f.proxy, 'utf8');
      client.open(f.proxy, 'nix', text);
      const diag = await client.waitFor('acme diagnostic', () =>
        at(client.diagnostics(f.proxy), 'acme-fallback-port', 25, 25),
      );
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: uri(f.proxy) },
        range: diag.range,
        context: { diagnostics: [diag], only: ['quickfix'] },
      });
      const fix = actions.find(
        (a) => a.kind === 'quickfix' && a.diagnostics?.some((d) => d.code === 'acme-fallback-port'),
      );
      assert.ok(fix, `a quick fix among ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(fix.isPreferred, true);
      assert.equal(fix.title, 'Add http_port = 5080 and use it');
      const ignore = actions.find((a) => a.title === 'Ignore acme-fallback-port on this line');
      const ignoreEdit = (ignore?.edit?.documentChanges?.[0] as TextDocumentEdit | undefined)?.edits[0];
      assert.deepEqual(ignoreEdit, {
        range: { start: { line: 25, character: 0 }, end: { line: 25, character: 0 } },
        newText: '      # snikket-nixos-ignore acme-fallback-port\n',
      });
      const docs = actions.find((a) => a.title === 'Show documentation for acme-fallback-port');
      assert.deepEqual(docs?.command, {
        title: 'Show documentation for acme-fallback-port',
        command: 'snikket.showRuleDocs',
        arguments: [{ code: 'acme-fallback-port' }],
      });
      const tde = fix.edit?.documentChanges?.[0] as TextDocumentEdit;
      assert.equal(tde.textDocument.version, 1, 'versioned by the open document');
      text = applyWorkspaceEdit(fix.edit, f.proxy, text);
      assert.match(text.split('\n')[26]!, /acmeFallbackHost = "localhost:\$\{toString http_port\}";/);
      client.change(f.proxy, text);
      await client.waitFor('the fixed diagnostic gone', () => {
        const ds = client.diagnostics(f.proxy);
        return client.pushed.get(uri(f.proxy))?.version === 2 && !ds.some((d) => d.code === 'acme-fallback-port');
      });

      const all = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: uri(f.proxy) },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.snikket'] },
      });
      const fixAll = all.find((a) => a.kind === 'source.fixAll.snikket');
      assert.ok(fixAll?.edit?.documentChanges, 'fix all');
      const uris = (fixAll.edit.documentChanges as TextDocumentEdit[]).map((c) => c.textDocument.uri).sort();
      assert.deepEqual(
        uris,
        [uri(f.proxy), uri(f.timer), uri(f.script)].sort(),
        'fix all edits the files of the deployment (the proxy module, the timer, the copy script)',
      );
      client.close(f.proxy);
    });

    it('offers command actions in the conf file', async () => {
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: uri(f.conf) },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      });
      const rerun = actions.find((a) => a.command?.command === 'snikket.rerunCompose2nix');
      assert.ok(rerun, 'Rerun compose2nix');
      assert.deepEqual(rerun.command?.arguments?.[0], { file: f.generated, uri: uri(f.generated) });
    });

    it('completes variable names and enum values in snikket.conf', async () => {
      const original = fs.readFileSync(f.conf, 'utf8');
      const text = `${original}SNIKKET_LOG\n`;
      client.change(f.conf, text);
      const line = text.split('\n').length - 2;
      const names = await client.request<CompletionList>('textDocument/completion', {
        textDocument: { uri: uri(f.conf) },
        position: { line, character: 11 },
      });
      const labels = names.items.map((i) => i.label);
      assert.ok(labels.includes('SNIKKET_LOGLEVEL'));
      assert.ok(!labels.includes('SNIKKET_DOMAIN'), 'already set');
      const item = names.items.find((i) => i.label === 'SNIKKET_LOGLEVEL')!;
      assert.match(JSON.stringify(item.documentation), /info/);
      assert.deepEqual((item.textEdit as { range: unknown }).range, {
        start: { line, character: 0 },
        end: { line, character: 11 },
      });

      const text2 = `${original}SNIKKET_LOGLEVEL=\n`;
      client.change(f.conf, text2);
      const values = await client.request<CompletionList>('textDocument/completion', {
        textDocument: { uri: uri(f.conf) },
        position: { line, character: 17 },
      });
      assert.deepEqual(
        values.items.map((i) => i.label),
        ['error', 'warn', 'info', 'debug'],
      );
      client.change(f.conf, original);

      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
        textDocument: { uri: uri(f.conf) },
      });
      assert.deepEqual(
        symbols.map((s) => s.name),
        [
          'SNIKKET_DOMAIN',
          'SNIKKET_ADMIN_EMAIL',
          'SNIKKET_TWEAK_HTTP_PORT',
          'SNIKKET_TWEAK_HTTPS_PORT',
          'SNIKKET_TWEAK_TURNSERVER_MIN_PORT',
          'SNIKKET_TWEAK_TURNSERVER_MAX_PORT',
        ],
      );
    });

    it('hovers, goes to definition and finds references across the linked values', async () => {
      // snikket.conf line 9 (0-based 8): SNIKKET_TWEAK_HTTPS_PORT=5443
      const confHover = hoverText(
        await client.request<Hover>('textDocument/hover', {
          textDocument: { uri: uri(f.conf) },
          position: { line: 8, character: 3 },
        }),
      );
      assert.match(confHover, /^\*\*SNIKKET_TWEAK_HTTPS_PORT\*\* is `5443`, set in \[snikket\/snikket\.conf:9\]\(/);
      assert.match(confHover, /Default: `443`/);
      assert.match(confHover, /Also used in/);
      assert.match(confHover, /snikket\.nix:7/);

      // snikket.nix line 7 (0-based 6): `  port = 5443;` — the literal at character 9
      const nixHover = hoverText(
        await client.request<Hover>('textDocument/hover', {
          textDocument: { uri: uri(f.proxy) },
          position: { line: 6, character: 10 },
        }),
      );
      assert.match(nixHover, /SNIKKET_TWEAK_HTTPS_PORT=5443/);
      assert.match(nixHover, /SNIKKET_TWEAK_HTTP_PORT/, 'the same literal feeds acmeFallbackHost');
      // It disagrees with SNIKKET_TWEAK_HTTP_PORT (the acme-fallback-port finding): said first, never as "synced".
      assert.ok(
        nixHover.startsWith('**This value is `5443`, but SNIKKET_TWEAK_HTTP_PORT is `5080`** in snikket.conf ('),
        nixHover,
      );
      assert.doesNotMatch(nixHover, /Synced with `SNIKKET_TWEAK_HTTP_PORT/);

      // snikket/snikket.nix line 19 (0-based 18): the name in compose2nix's inlined environment.
      const envHover = await client.request<Hover>('textDocument/hover', {
        textDocument: { uri: uri(f.generated) },
        position: { line: 18, character: 10 },
      });
      assert.match(
        hoverText(envHover),
        /^\*\*SNIKKET_TWEAK_HTTPS_PORT\*\* is `5443`, set in \[snikket\/snikket\.conf:9\]\(/,
      );
      assert.deepEqual(envHover.range, { start: { line: 18, character: 7 }, end: { line: 18, character: 31 } });

      const def = await client.request<Location[]>('textDocument/definition', {
        textDocument: { uri: uri(f.proxy) },
        position: { line: 27, character: 22 },
      });
      assert.ok(
        def.some((l) => l.uri === uri(f.conf) && l.range.start.line === 8),
        'proxyPass → SNIKKET_TWEAK_HTTPS_PORT',
      );

      const domainDef = await client.request<Location[]>('textDocument/definition', {
        textDocument: { uri: uri(f.script) },
        position: { line: 3, character: 12 },
      });
      assert.deepEqual(
        domainDef.map((l) => [l.uri, l.range.start.line]),
        [[uri(f.conf), 1]],
      );

      const refs = await client.request<Location[]>('textDocument/references', {
        textDocument: { uri: uri(f.conf) },
        position: { line: 1, character: 2 },
        context: { includeDeclaration: true },
      });
      const where = new Set(refs.map((r) => `${path.relative(ws, new URL(r.uri).pathname)}:${r.range.start.line}`));
      for (const w of [
        'snikket/snikket.conf:1',
        'snikket.nix:3',
        'snikket.nix:22',
        'snikket/copy-certs.sh:3',
        'snikket/snikket.nix:17',
      ]) {
        assert.ok(where.has(w), `${w} in ${[...where].join(' ')}`);
      }

      const turn = await client.request<Location[]>('textDocument/definition', {
        textDocument: { uri: uri(f.proxy) },
        position: { line: 18, character: 39 },
      });
      assert.deepEqual(
        turn.map((l) => l.range.start.line),
        [10],
        'from = 49152 → SNIKKET_TWEAK_TURNSERVER_MIN_PORT',
      );
    });

    it('links imports, env_file and ExecStart paths', async () => {
      const links = await client.request<DocumentLink[]>('textDocument/documentLink', {
        textDocument: { uri: uri(f.configuration) },
      });
      assert.deepEqual(links.map((l) => l.target).sort(), [uri(f.nginx), uri(f.proxy)].sort());
      const compose = await client.request<DocumentLink[]>('textDocument/documentLink', {
        textDocument: { uri: uri(path.join(ws, 'snikket', 'docker-compose.yml')) },
      });
      assert.ok(compose.length > 0 && compose.every((l) => l.target === uri(f.conf)), 'env_file → snikket.conf');
    });

    it('applies settings without a restart (ignore a rule, override a severity)', async () => {
      client.settings = {
        ignore: ['placeholder-value'],
        severity: { 'acme-fallback-port': 'hint' },
        searchPaths: [],
        compose2nixPath: '',
      };
      void client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.waitFor(
        'placeholder-value ignored',
        () =>
          client.diagnostics(f.conf).length === 0 &&
          client.diagnostics(f.proxy).every((d) => d.code !== 'acme-fallback-port' || d.severity === 4),
      );
      client.settings = { ignore: [], severity: {}, searchPaths: [], compose2nixPath: '' };
      void client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.waitFor('placeholder-value back', () =>
        codes(client.diagnostics(f.conf)).includes('placeholder-value'),
      );
    });

    it('answers the custom requests (overview, compose2nix plan, scaffold, value checks)', async () => {
      const overview = await client.request<OverviewResult>('snikket/overview', {});
      assert.equal(overview.deployments.length, 1);
      assert.ok(overview.deployments[0]!.findings.some((x) => x.code === 'acme-fallback-port' && x.line === 26));
      const only = await client.request<OverviewResult>('snikket/overview', { file: path.join(ws, 'elsewhere') });
      assert.equal(only.deployments.length, 0);
      const plan = await client.request<Compose2nixPlan>('snikket/compose2nixPlan', { file: f.conf });
      assert.equal(plan.error, undefined);
      assert.equal(plan.output, f.generated);
      assert.equal(plan.cwd, path.dirname(f.generated));
      assert.equal(plan.compose2nixPath, '');
      const scaffolded = await client.request<ScaffoldResult>('snikket/scaffold', {
        kind: 'deployment',
        folder: path.join(ws, 'new'),
        values: { domain: 'chat.example.org', adminEmail: 'admin@example.org' },
      });
      assert.ok(
        scaffolded.files.length > 0 && scaffolded.files.every((x) => x.path.startsWith(path.join(ws, 'new'))),
        JSON.stringify(scaffolded).slice(0, 300),
      );
      assert.deepEqual(
        await client.request<ValidateValuesResult>('snikket/validateValues', {
          domain: 'chat.example.org',
          httpPort: 5080,
        }),
        {},
      );
      assert.deepEqual(await client.request<ValidateValuesResult>('snikket/validateValues', { httpPort: 443 }), {
        error:
          "httpPort 443 is nginx's HTTPS port: behind the host's nginx Snikket's web proxy needs a port of its own (e.g. 5080)",
      });
      assert.match(
        (await client.request<ValidateValuesResult>('snikket/validateValues', { domain: 'localhost' })).error ?? '',
        /not a fully qualified name/,
      );
      assert.deepEqual(await client.request<ValidateValuesResult>('snikket/validateValues', null), {});
    });

    it('survives garbage: random bytes named snikket.conf, open and on disk', async () => {
      const dir = path.join(ws, 'garbage');
      fs.mkdirSync(dir);
      const bytes = Buffer.alloc(4096);
      let seed = 12345;
      for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
      const junkConf = path.join(dir, 'snikket.conf');
      fs.writeFileSync(junkConf, bytes);
      const junkText = Buffer.from(bytes.map((b) => (b === 0 ? 1 : b))).toString('latin1');
      fs.writeFileSync(path.join(dir, 'broken.nix'), `{ imports = [ ./x.nix ]; snikket = ${junkText.slice(0, 500)}`);
      fs.writeFileSync(path.join(dir, 'compose.yml'), `image: snikket/${junkText.slice(0, 300)}\n\t- :`);
      client.watched([
        { file: junkConf, type: 1 },
        { file: path.join(dir, 'broken.nix'), type: 1 },
        { file: path.join(dir, 'compose.yml'), type: 1 },
      ]);
      client.open(junkConf, 'snikket-conf', `SNIKKET_DOMAIN=${junkText}`);
      await client.nextReady();
      for (const [line, character] of [
        [0, 0],
        [0, 20],
        [3, 5],
        [200, 200],
      ] as const) {
        await client.request('textDocument/hover', {
          textDocument: { uri: uri(junkConf) },
          position: { line, character },
        });
        await client.request('textDocument/completion', {
          textDocument: { uri: uri(junkConf) },
          position: { line, character },
        });
        await client.request('textDocument/codeAction', {
          textDocument: { uri: uri(junkConf) },
          range: { start: { line, character }, end: { line, character } },
          context: { diagnostics: [] },
        });
        await client.request('textDocument/definition', {
          textDocument: { uri: uri(junkConf) },
          position: { line, character },
        });
      }
      await client.request('textDocument/documentSymbol', { textDocument: { uri: uri(junkConf) } });
      await client.request('textDocument/hover', {
        textDocument: { uri: 'untitled:Untitled-1' },
        position: { line: 0, character: 0 },
      });
      client.close(junkConf);
      // Still alive and still right about the real deployment.
      assert.equal(client.exited, undefined);
      await client.waitFor('acme still reported', () => at(client.diagnostics(f.proxy), 'acme-fallback-port', 25, 25));
    });

    it('offers "Create copy-certs-job.nix" once the timer file is gone', async () => {
      fs.rmSync(f.timer);
      client.watched([{ file: f.timer, type: 3 }]);
      await client.waitFor(
        'import-missing or the timer gone',
        () => client.diagnostics(f.timer).length === 0 && client.pushed.has(uri(f.timer)),
      );
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: uri(f.script) },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      });
      const create = actions.find((a) => a.command?.command === 'snikket.addCertCopy');
      assert.ok(create, `among ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(create.title, 'Create copy-certs-job.nix');
      assert.deepEqual(create.command?.arguments, [{ folder: ws }]);
    });
  });

  it('starts through the CLI: snikket-nixos lsp --stdio', async () => {
    const ws = copyExample();
    const client = new TestClient(ws, {
      pull: false,
      args: [path.join(REPO, 'bin', 'snikket-nixos.js'), 'lsp', '--stdio'],
    });
    try {
      const init = await client.initialize();
      assert.equal(init.serverInfo?.name, 'snikket-nixos');
      client.open(path.join(ws, 'snikket', 'snikket.conf'));
      await client.waitFor('acme-fallback-port', () =>
        at(client.diagnostics(path.join(ws, 'snikket.nix')), 'acme-fallback-port', 25, 25),
      );
    } finally {
      await client.stop();
      fs.rmSync(ws, { recursive: true, force: true });
    }
    assert.equal(client.exited, 0, 'exits cleanly after shutdown/exit');
  });

  describe('pull diagnostics', () => {
    let ws: string;
    let f: ReturnType<typeof files>;
    let client: TestClient;

    before(async () => {
      ws = copyExample();
      f = files(ws);
      client = new TestClient(ws, { pull: true });
      const init = await client.initialize();
      assert.deepEqual(init.capabilities.diagnosticProvider, {
        identifier: 'snikket',
        interFileDependencies: true,
        workspaceDiagnostics: true,
      });
      client.open(f.conf);
    });
    after(async () => {
      await client.stop();
      fs.rmSync(ws, { recursive: true, force: true });
    });

    const pull = (file: string, previousResultId?: string) =>
      client.request<DocumentDiagnosticReport>('textDocument/diagnostic', {
        textDocument: { uri: uri(file) },
        ...(previousResultId ? { previousResultId } : {}),
      });

    it('answers textDocument/diagnostic for open and unopened files, and pushes nothing', async () => {
      const report = await pull(f.proxy);
      assert.equal(report.kind, 'full');
      const items = (report as { items: Diagnostic[] }).items;
      assert.ok(at(items, 'acme-fallback-port', 25, 25));
      const conf = (await pull(f.conf)) as { items: Diagnostic[] };
      assert.deepEqual(codes(conf.items), ['placeholder-value']);
      const again = await pull(f.proxy, report.resultId);
      assert.equal(again.kind, 'unchanged');
      assert.equal(client.pushed.size, 0);
    });

    it('answers workspace/diagnostic for every file of the deployment', async () => {
      const ws1 = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
      const timer = ws1.items.find((i) => i.uri === uri(f.timer));
      assert.ok(timer && timer.kind === 'full' && at(timer.items, 'timer-script-missing', 17, 18));
      assert.ok(
        ws1.items.some((i) => i.uri === uri(f.configuration)),
        'files without findings are reported too',
      );
      const conf = ws1.items.find((i) => i.uri === uri(f.conf));
      assert.equal(conf?.version, 1);
    });

    it('refreshes after a change in another file, and the next pull is fresh', async () => {
      const before = await pull(f.proxy);
      const refreshes = client.refreshes;
      const original = fs.readFileSync(f.conf, 'utf8');
      client.change(f.conf, original.replace('SNIKKET_TWEAK_HTTPS_PORT=5443', 'SNIKKET_TWEAK_HTTPS_PORT=5444'));
      // A pull right after the change waits for the pending check instead of answering stale.
      const after = (await pull(f.proxy, before.resultId)) as { kind: string; items: Diagnostic[] };
      assert.equal(after.kind, 'full');
      assert.ok(after.items.some((d) => d.code === 'https-port-mismatch'));
      await client.waitFor('a diagnostic refresh', () => client.refreshes > refreshes);
    });

    it('long-polls workspace/diagnostic until something changes', async () => {
      const first = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
      const previousResultIds = first.items.map((i) => ({ uri: i.uri, value: i.resultId! }));
      const pending = client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds });
      const text = fs.readFileSync(f.timer, 'utf8');
      fs.writeFileSync(f.timer, text.replace('"/path/to/copy-certs.sh"', '"${pkgs.bash}/bin/bash ${./copy-certs.sh}"'));
      client.watched([{ file: f.timer, type: 2 }]);
      const next = await pending;
      const timer = next.items.find((i) => i.uri === uri(f.timer));
      assert.equal(timer?.kind, 'full');
      assert.ok(timer.kind === 'full' && !timer.items.some((d) => d.code === 'timer-script-missing'));
      assert.equal(next.items.find((i) => i.uri === uri(f.nginx))?.kind, 'unchanged');
    });
  });
});
