/**
 * Snikket: Rerun compose2nix — asks the server for the plan (cwd, output file, arguments read from
 * the existing generated file), runs compose2nix into a temp file, and applies the new text to the
 * generated file as one undoable edit of the changed lines. Refused in an untrusted workspace.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Compose2nixParams, Compose2nixPlan } from '../../../server/src/api/protocol';
import { Requests } from '../../../server/src/api/protocol';
import { minimalLineReplacement, withEol } from '../compose2nix/diff';
import { runProcess, tail } from '../compose2nix/run';
import { describeFailure, INSTALL_HINT, programOf } from '../compose2nix/failure';
import type { RunResult } from '../compose2nix/run';
import { buildInvocation, resolveCompose2nix, shellJoin, whichIn } from '../compose2nix/tool';
import type { ResolvedTool } from '../compose2nix/tool';
import type { Ctx } from '../context';
import { errorText } from '../context';
import { refusalInUntrusted } from '../trust';
import { isRecord } from './types';
import type { CommandFactory } from './types';

export interface RerunArgs {
  /** Any file of the deployment (absolute); default: the active editor's file. */
  file?: string;
}

export interface RerunOutcome {
  ok: boolean;
  /** The generated file that was (or would have been) replaced. */
  output?: string;
  changed?: boolean;
  cancelled?: boolean;
  error?: string;
  /** compose2nix's own output. */
  toolOutput?: string;
  /** The buttons of the error message shown. */
  actions?: string[];
}

const TITLE = 'Rerun compose2nix';

function isExecutableFile(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const rerunCompose2nix: CommandFactory =
  (ctx) =>
  async (arg?: unknown): Promise<RerunOutcome> => {
    const refusal = refusalInUntrusted('compose2nix', vscode.workspace.isTrusted);
    if (refusal) {
      ctx.log.warn(refusal);
      void vscode.window.showErrorMessage(refusal);
      return { ok: false, error: refusal };
    }
    const args: RerunArgs = arg instanceof vscode.Uri ? { file: arg.fsPath } : isRecord(arg) ? (arg as RerunArgs) : {};
    const file = args.file ?? ctx.activeFile();
    if (!file) return fail(ctx, 'Open a file of the Snikket deployment (or pass { file }) first.');

    let plan: Compose2nixPlan;
    try {
      const params: Compose2nixParams = { file };
      plan = await ctx.request<Compose2nixPlan>(Requests.compose2nixPlan, params);
    } catch (e) {
      return fail(ctx, errorText(e));
    }
    if (plan.error) return fail(ctx, plan.error);

    const uri = vscode.Uri.file(file);
    const setting = vscode.workspace.getConfiguration('snikket', uri).get<string>('compose2nixPath', '') ?? '';
    const base = ctx.folderOf(file)?.uri.fsPath ?? plan.cwd;
    const resolved = resolveCompose2nix({
      setting,
      which: (name) => whichIn(name, process.env['PATH'], isExecutableFile),
      isExecutable: isExecutableFile,
      base,
    });
    if ('error' in resolved) return fail(ctx, resolved.error, plan.output, undefined, plan.inProcess);
    let tool = resolved.tool;

    const tmpDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'snikket-compose2nix-'));
    try {
      const tmpOut = path.join(tmpDir, path.basename(plan.output));
      const inv = buildInvocation(tool, plan.args, tmpOut);
      ctx.log.info(`${TITLE}: ${tool.description}`);
      ctx.log.info(`$ cd ${shellJoin([plan.cwd])} && ${shellJoin([inv.command, ...inv.args])}`);

      let result = await runWithProgress(ctx, tool, inv, plan.cwd);
      const nixShell = whichIn('nix-shell', process.env['PATH'], isExecutableFile);
      if (
        tool.kind === 'nix-run' &&
        !result.cancelled &&
        result.code !== 0 &&
        describeFailure(tool, result, '').kind === 'offline' &&
        nixShell
      ) {
        // `nix run` needs to fetch nixpkgs; nix-shell may find compose2nix in the local channel.
        ctx.log.info(`${TITLE}: nix run could not download compose2nix; trying nix-shell -p compose2nix`);
        tool = { kind: 'nix-shell', command: nixShell, prefix: [], description: 'nix-shell -p compose2nix' };
        const again = buildInvocation(tool, plan.args, tmpOut);
        ctx.log.info(`$ cd ${shellJoin([plan.cwd])} && ${shellJoin([again.command, ...again.args])}`);
        result = await runWithProgress(ctx, tool, again, plan.cwd);
      }

      if (result.cancelled) {
        ctx.log.info(`${TITLE}: cancelled; ${ctx.relative(plan.output)} is unchanged.`);
        void vscode.window.showInformationMessage(`${TITLE} cancelled; ${ctx.relative(plan.output)} is unchanged.`);
        return { ok: false, cancelled: true, output: plan.output, toolOutput: result.output };
      }
      if (result.spawnError || result.code !== 0) {
        const out = tail(result.output);
        if (out) ctx.log.error(`${TITLE}: the last lines of ${programOf(tool)}:\n${out}`);
        return fail(
          ctx,
          describeFailure(tool, result, ctx.relative(plan.output)).message,
          plan.output,
          result.output,
          plan.inProcess,
        );
      }
      let text: string;
      try {
        text = await fs.promises.readFile(tmpOut, 'utf8');
      } catch {
        return fail(
          ctx,
          `${programOf(tool)} finished but wrote no output file; ${ctx.relative(plan.output)} is unchanged. Its output is in the log.`,
          plan.output,
          result.output,
        );
      }
      if (text.trim() === '') {
        return fail(
          ctx,
          `${programOf(tool)} wrote an empty file; ${ctx.relative(plan.output)} is unchanged.`,
          plan.output,
          result.output,
        );
      }
      const changed = await applyOutput(plan.output, text);
      const msg = changed
        ? `${TITLE}: updated ${ctx.relative(plan.output)} (Undo reverts it).`
        : `${TITLE}: ${ctx.relative(plan.output)} is already up to date.`;
      ctx.log.info(msg);
      void vscode.window.showInformationMessage(msg);
      return { ok: true, output: plan.output, changed, toolOutput: result.output };
    } catch (e) {
      return fail(ctx, `${TITLE}: ${errorText(e)}`, plan.output);
    } finally {
      void fs.promises.rm(tmpDir, { recursive: true, force: true });
    }
  };

/** Replaces only the changed lines of the generated file (creating it if missing), then saves it unless it had unsaved edits. */
async function applyOutput(output: string, text: string): Promise<boolean> {
  const uri = vscode.Uri.file(output);
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label: TITLE, needsConfirmation: false };
  if (!fs.existsSync(output)) {
    edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(text) }, metadata);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit.');
    return true;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  // Unsaved edits of the user in that file are not saved behind their back.
  const wasDirty = doc.isDirty;
  const next = withEol(text, doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
  const rep = minimalLineReplacement(doc.getText(), next);
  if (!rep) return false;
  edit.replace(uri, new vscode.Range(doc.positionAt(rep.start), doc.positionAt(rep.end)), rep.text, metadata);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit.');
  if (!wasDirty) await doc.save();
  return true;
}

function runWithProgress(
  ctx: Ctx,
  tool: ResolvedTool,
  inv: { command: string; args: string[] },
  cwd: string,
): Thenable<RunResult> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `${TITLE} (${tool.description})`, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      return runProcess({
        command: inv.command,
        args: inv.args,
        cwd,
        signal: abort.signal,
        onOutput: (chunk) => {
          for (const line of chunk.split('\n'))
            if (line.trim() !== '') {
              ctx.log.info(`[${programOf(tool)}] ${line}`);
              progress.report({ message: line.slice(0, 120) });
            }
        },
      }).finally(() => sub.dispose());
    },
  );
}

const FAILURE_ACTIONS = ['Set compose2nix path', 'Show log', 'How to install'] as const;
/** Offered when the server's in-process generator handles this compose file. */
const BUILT_IN_ACTION = 'Use the built-in generator';

/** One line in the notification (the tool's raw output stays in the log), with the ways out as buttons. */
function fail(ctx: Ctx, message: string, output?: string, toolOutput?: string, builtIn?: string): RerunOutcome {
  ctx.log.error(`${TITLE}: ${message}`);
  const oneLine = message.split('\n')[0]!.trim();
  const shown = oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
  const actions: string[] = [...(builtIn !== undefined && output ? [BUILT_IN_ACTION] : []), ...FAILURE_ACTIONS];
  void vscode.window.showErrorMessage(`${TITLE}: ${shown}`, ...actions).then((a) => {
    if (a === BUILT_IN_ACTION && builtIn !== undefined && output) {
      applyOutput(output, builtIn).then(
        (changed) =>
          void vscode.window.showInformationMessage(
            changed
              ? `${TITLE}: updated ${ctx.relative(output)} with the built-in generator (Undo reverts it).`
              : `${TITLE}: ${ctx.relative(output)} is already up to date.`,
          ),
        (e: unknown) => fail(ctx, `${TITLE}: ${errorText(e)}`, output),
      );
    } else if (a === 'Show log') ctx.log.show(true);
    else if (a === 'Set compose2nix path')
      void vscode.commands.executeCommand('workbench.action.openSettings', 'snikket.compose2nixPath');
    else if (a === 'How to install') void vscode.window.showInformationMessage(INSTALL_HINT, { modal: true });
  });
  return {
    ok: false,
    error: message,
    actions,
    ...(output ? { output } : {}),
    ...(toolOutput !== undefined ? { toolOutput } : {}),
  };
}
