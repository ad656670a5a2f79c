/** Creates the LanguageClient for the bundled server (dist/server.js) over Node IPC. */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { SERVER_NODE_ARGS } from '../../server/src/api/launch';
import { DOCUMENT_SELECTOR, WATCH_GLOBS } from './selector';

const CLIENT_ID = 'snikket';
const CLIENT_NAME = 'Snikket';

export function serverModulePath(extensionPath: string): string {
  return vscode.Uri.joinPath(vscode.Uri.file(extensionPath), 'dist', 'server.js').fsPath;
}

export function createLanguageClient(
  serverModule: string,
  log: vscode.LogOutputChannel,
  watchers: vscode.FileSystemWatcher[],
): { client: LanguageClient } | { error: string } {
  if (!fs.existsSync(serverModule)) {
    return {
      error: `The language server ${serverModule} is missing. Run "npm run bundle" (development) or reinstall the extension.`,
    };
  }
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS] } },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_NODE_ARGS, '--nolazy', '--inspect=6011'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'snikket', fileEvents: watchers },
    outputChannel: log,
    traceOutputChannel: log,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // The server ignores settings that widen what it reads (searchPaths) in an untrusted workspace.
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
  };
  // The id makes the client read `snikket.trace.server`.
  return { client: new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions) };
}

export function createWatchers(): vscode.FileSystemWatcher[] {
  return WATCH_GLOBS.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
}
