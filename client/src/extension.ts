/** Entry point of the VS Code extension: registers the commands and starts the language server. */
import * as vscode from 'vscode';
import type { OverviewResult, ServerStatus } from '../../server/src/api/protocol';
import { COMMANDS } from './commands';
import { Ctx } from './context';
import type { ClientState } from './status';
import { OPEN_LOCATION_COMMAND, OverviewPanel, openLocation } from './overview/panel';

/** What other extensions and the tests get from `extension.exports`. */
export interface SnikketApi {
  /** Resolves once the server started (true) or failed to (false). */
  whenStarted(): Promise<boolean>;
  clientState(): ClientState;
  serverStatus(): ServerStatus | undefined;
  /** How long activate() took, and from activation to the server running (ms), for benchmarks. */
  timings(): { activationMs: number; serverStartMs: number | undefined };
  /** What the open overview shows (after its latest refresh), if one is open. */
  overview(): Promise<OverviewResult> | undefined;
}

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): SnikketApi {
  const t0 = performance.now();
  const c = new Ctx(context);
  ctx = c;
  for (const [id, factory] of Object.entries(COMMANDS)) {
    c.subscribe(vscode.commands.registerCommand(id, factory(c)));
  }
  c.subscribe(vscode.commands.registerCommand(OPEN_LOCATION_COMMAND, openLocation));
  c.subscribe(OverviewPanel.registerSerializer(c));
  context.subscriptions.push({ dispose: () => void c.dispose() });
  c.log.info(
    `Snikket extension ${String(context.extension.packageJSON.version ?? '')} activated (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'untrusted'})`,
  );
  const started = c.start();
  const activationMs = performance.now() - t0;
  let serverStartMs: number | undefined;
  void started.then(() => (serverStartMs = performance.now() - t0));
  return {
    timings: () => ({ activationMs, serverStartMs }),
    whenStarted: async () => (await started) !== undefined,
    clientState: () => c.status.state,
    serverStatus: () => c.status.serverStatus,
    overview: () => OverviewPanel.latestResult(),
  };
}

export async function deactivate(): Promise<void> {
  const c = ctx;
  ctx = undefined;
  await c?.stop();
}
