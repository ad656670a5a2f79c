/**
 * Writes scaffolded files through one WorkspaceEdit (so Undo removes them), never overwriting.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type {
  ScaffoldFile,
  ScaffoldKind,
  ScaffoldParams,
  ScaffoldResult,
  ScaffoldValues,
} from '../../../server/src/api/protocol';
import { Requests } from '../../../server/src/api/protocol';
import type { Ctx } from '../context';
import { errorText } from '../context';
import { planScaffold, skippedMessage } from './plan';

export interface ScaffoldOutcome {
  /** Absolute paths written. */
  created: string[];
  /** Absolute paths that existed and were left alone. */
  skipped: string[];
  error?: string;
}

export interface ScaffoldRunOptions {
  kind: ScaffoldKind;
  folder: string;
  values?: Partial<ScaffoldValues>;
  /** Open the created files (default true). */
  open?: boolean;
  label: string;
}

export async function scaffold(ctx: Ctx, opts: ScaffoldRunOptions): Promise<ScaffoldOutcome> {
  let result: ScaffoldResult;
  try {
    const params: ScaffoldParams = {
      kind: opts.kind,
      folder: opts.folder,
      ...(opts.values ? { values: opts.values } : {}),
    };
    result = await ctx.request<ScaffoldResult>(Requests.scaffold, params);
  } catch (e) {
    return fail(ctx, `${opts.label}: ${errorText(e)}`);
  }
  if (result.error) return fail(ctx, `${opts.label}: ${result.error}`);
  return writeFiles(ctx, result.files, opts);
}

async function writeFiles(
  ctx: Ctx,
  files: readonly ScaffoldFile[],
  opts: Pick<ScaffoldRunOptions, 'open' | 'label'>,
): Promise<ScaffoldOutcome> {
  const plan = planScaffold(files, (p) => fs.existsSync(p));
  const skipMsg = skippedMessage(plan.skip, (p) => ctx.relative(p));
  if (plan.create.length === 0) {
    const msg =
      files.length === 0
        ? `${opts.label}: the server proposed no files.`
        : `${opts.label}: nothing created. ${skipMsg ?? ''}`.trim();
    ctx.log.info(msg);
    void vscode.window.showWarningMessage(msg);
    return { created: [], skipped: plan.skip };
  }
  const edit = new vscode.WorkspaceEdit();
  const encoder = new TextEncoder();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label: opts.label, needsConfirmation: false };
  for (const f of plan.create) {
    edit.createFile(vscode.Uri.file(f.path), { ignoreIfExists: true, contents: encoder.encode(f.text) }, metadata);
  }
  const applied = await vscode.workspace.applyEdit(edit);
  if (!applied) return fail(ctx, `${opts.label}: VS Code refused the edit; nothing was created.`);
  const created = plan.create.filter((f) => fs.existsSync(f.path)).map((f) => f.path);
  for (const f of plan.create) {
    // The copy script is run by systemd's ExecStart: make it executable.
    if (f.path.endsWith('.sh') && f.text.startsWith('#!') && created.includes(f.path)) {
      try {
        fs.chmodSync(f.path, 0o755);
      } catch (e) {
        ctx.log.warn(`Could not make ${f.path} executable: ${errorText(e)}`);
      }
    }
  }
  ctx.log.info(
    `${opts.label}: created ${created.join(', ')}${plan.skip.length ? `; left alone ${plan.skip.join(', ')}` : ''}`,
  );
  if (opts.open !== false) {
    for (const [i, p] of created.entries()) {
      await vscode.window.showTextDocument(vscode.Uri.file(p), { preview: false, preserveFocus: i > 0 });
    }
  }
  if (skipMsg)
    void vscode.window.showWarningMessage(
      `${opts.label}: created ${created.length} file${created.length === 1 ? '' : 's'}. ${skipMsg}`,
    );
  else
    void vscode.window.showInformationMessage(
      `${opts.label}: created ${created.length} file${created.length === 1 ? '' : 's'}.`,
    );
  return { created, skipped: plan.skip };
}

function fail(ctx: Ctx, message: string): ScaffoldOutcome {
  ctx.log.error(message);
  void vscode.window.showErrorMessage(message, 'Show log').then((a) => a && ctx.log.show(true));
  return { created: [], skipped: [], error: message };
}
