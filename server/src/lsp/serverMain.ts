/**
 * The language server's entry point: `node serverMain.js --stdio` (or `--node-ipc`,
 * `--socket=N`), or `snikket-nixos lsp --stdio`. The features live in ./handlers, the state in
 * ./session.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentSyncKind,
  TextDocuments,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToUri, uriToPath } from './convert';
import { registerCodeActions, FIX_ALL_KIND } from './handlers/codeActions';
import { registerCompletion } from './handlers/completion';
import { registerCustomRequests } from './handlers/custom';
import { registerDiagnostics } from './handlers/diagnostics';
import { registerDocumentLinks } from './handlers/documentLinks';
import { guardNotification, markShutDown } from './handlers/guard';
import { registerHover } from './handlers/hover';
import { registerNavigation } from './handlers/navigation';
import { registerSymbols } from './handlers/symbols';
import { Session } from './session';

export const WATCHED_GLOBS = ['**/*.nix', '**/*.conf', '**/*.env', '**/*.{yml,yaml}', '**/*.sh'];

export function startServer(): void {
  process.on('uncaughtException', (e) => {
    // Never die on a bug of ours: the editor would lose every feature. It is logged to stderr.
    process.stderr.write(
      `snikket-nixos language server: uncaught exception: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
  });
  process.on('unhandledRejection', (e) => {
    process.stderr.write(
      `snikket-nixos language server: unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
  });
  const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const session = new Session(connection, documents);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    session.support = {
      pullDiagnostics: !!caps.textDocument?.diagnostic,
      diagnosticRefresh: !!caps.workspace?.diagnostics?.refreshSupport,
      configuration: !!caps.workspace?.configuration,
      dynamicWatchers: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
      workspaceFolders: !!caps.workspace?.workspaceFolders,
      markdown: caps.textDocument?.hover?.contentFormat?.includes('markdown') ?? true,
    };
    const folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((f): f is string => !!f);
    if (folders.length === 0 && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) folders.push(root);
    }
    if (folders.length === 0 && params.rootPath) folders.push(params.rootPath);
    session.folders = folders;
    // Settings may also come as initializationOptions: `{ settings: {...} }` or `{ snikket: {...} }` (Helix's `config`).
    const init = params.initializationOptions as
      | { settings?: unknown; snikket?: unknown; workspaceTrusted?: unknown }
      | undefined;
    if (init && typeof init === 'object') {
      session.trusted = init.workspaceTrusted !== false;
      const s = init.snikket ?? init.settings;
      if (s && typeof s === 'object') session.setSettings((s as { snikket?: unknown }).snikket ?? s);
    }
    session.status({ state: 'starting', deployments: 0 });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        diagnosticProvider: { identifier: 'snikket', interFileDependencies: true, workspaceDiagnostics: true },
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND, 'source.snikket'], resolveProvider: false },
        completionProvider: { triggerCharacters: ['='], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        documentLinkProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'snikket-nixos', version: version() },
    };
  });

  connection.onInitialized(
    guardNotification(connection, 'initialized', async () => {
      if (session.support.dynamicWatchers) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
        });
      }
      if (session.support.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guardNotification(connection, 'workspace/didChangeWorkspaceFolders', (e) => {
            const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
            const added = e.added.map((f) => uriToPath(f.uri)).filter((f): f is string => !!f);
            session.setFolders([...session.folders.filter((f) => !removed.has(f)), ...added]);
          }),
        );
      }
      await pullSettings();
      // The first check runs as soon as the settings are known.
      session.changed(0);
    }),
  );

  async function pullSettings(): Promise<void> {
    if (!session.support.configuration) return;
    const scopeUri = session.folders[0] ? pathToUri(session.folders[0]) : undefined;
    const [settings] = (await connection.workspace.getConfiguration([
      { section: 'snikket', ...(scopeUri ? { scopeUri } : {}) },
    ])) as unknown[];
    session.setSettings(settings ?? {});
  }

  connection.onDidChangeConfiguration(
    guardNotification(connection, 'workspace/didChangeConfiguration', async (params) => {
      if (session.support.configuration) return pullSettings();
      const s = (params.settings as { snikket?: unknown } | undefined)?.snikket;
      if (s !== undefined) session.setSettings(s);
    }),
  );

  connection.onDidChangeWatchedFiles(
    guardNotification(connection, 'workspace/didChangeWatchedFiles', (params) => {
      const files = params.changes
        .map((c) => ({
          file: uriToPath(c.uri),
          createdOrDeleted: c.type !== FileChangeType.Changed,
          deleted: c.type === FileChangeType.Deleted,
        }))
        .filter((c): c is { file: string; createdOrDeleted: boolean; deleted: boolean } => !!c.file);
      if (files.length > 0) session.diskChanged(files);
    }),
  );

  documents.onDidChangeContent(
    guardNotification(connection, 'didChange', (e) => session.opened(e.document.uri, e.document.getText())),
  );
  documents.onDidClose(guardNotification(connection, 'didClose', (e) => session.closed(e.document.uri)));

  registerDiagnostics(session);
  registerCodeActions(session);
  registerCompletion(session);
  registerHover(session);
  registerNavigation(session);
  registerSymbols(session);
  registerDocumentLinks(session);
  registerCustomRequests(session);

  connection.onShutdown(() => {
    shutdownReceived = true;
    markShutDown();
    session.dispose();
  });
  documents.listen(connection);
  connection.listen();
}

let shutdownReceived = false;

/**
 * Over stdio the reader is ours so that a malformed header (`Content-Length: abc`) ends the
 * connection with a logged reason: the library's own reader would stop reading and leave the
 * server running but deaf.
 */
function stdioConnection() {
  const reader = new StreamMessageReader(process.stdin);
  reader.onError((e) => {
    process.stderr.write(`snikket-nixos language server: closing the connection: ${e.message.split('\n')[0]}\n`);
    process.exit(1);
  });
  const end = () => process.exit(shutdownReceived ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  // stdout carries the protocol: anything printed by mistake goes to stderr instead.
  console.log =
    console.info =
    console.warn =
    console.debug =
      (...args: unknown[]) => process.stderr.write(args.map(String).join(' ') + '\n');
  return createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
}

/** The package's version, from the package.json above this file (source, out/ or dist/). */
function version(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'snikket-nixos' && pkg.version) return pkg.version;
    } catch {
      // not here
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}

if (require.main === module) startServer();
