/**
 * Diagnostics for every file of every deployment, pulled (`textDocument/diagnostic`,
 * `workspace/diagnostic`, with `workspace/diagnostic/refresh` after each check) or pushed
 * (`textDocument/publishDiagnostics`, files whose findings went away cleared) for clients
 * without pull support.
 */
import { createHash } from 'node:crypto';
import {
  DocumentDiagnosticReportKind,
  type CancellationToken,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import type { CheckResult } from '../../check/check';
import { toDiagnostic, uriToPath, normalizeUri } from '../convert';
import { deploymentFiles } from '../../model/discovery';
import type { Checked, Session } from '../session';
import { guard } from './guard';

/** Diagnostics per file: every file of every deployment (maybe empty) and every file with findings. */
function diagnosticsByFile(result: CheckResult): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const d of result.deployments) for (const f of deploymentFiles(d.deployment)) out.set(f, []);
  for (const f of result.findings) {
    const list = out.get(f.file) ?? [];
    list.push(toDiagnostic(f));
    out.set(f.file, list);
  }
  return out;
}

function resultId(diagnostics: Diagnostic[]): string {
  return createHash('sha1').update(JSON.stringify(diagnostics)).digest('hex').slice(0, 16);
}

export function registerDiagnostics(session: Session): void {
  const { connection } = session;
  let byFile = new Map<string, Diagnostic[]>();
  let byFileGeneration = -2;
  const current = (c: Checked): Map<string, Diagnostic[]> => {
    if (byFileGeneration !== c.generation) {
      byFile = diagnosticsByFile(c.result);
      byFileGeneration = c.generation;
    }
    return byFile;
  };

  // ---- push -------------------------------------------------------------------------------
  const published = new Map<string, string>();
  const publish = (c: Checked): void => {
    const now = current(c);
    // Open files are included: a push-only client learns that a file without findings has none.
    const open = new Set(session.openFiles());
    const files = new Set([...now.keys(), ...published.keys(), ...open]);
    for (const file of files) {
      const diagnostics = now.get(file) ?? [];
      const key = JSON.stringify(diagnostics);
      const keep = diagnostics.length > 0 || now.has(file) || open.has(file);
      if (published.get(file) === key) {
        if (!keep) published.delete(file);
        continue;
      }
      const version = session.versionOf(file);
      void connection.sendDiagnostics({
        uri: session.uriOf(file),
        ...(version !== undefined ? { version } : {}),
        diagnostics,
      });
      if (keep) published.set(file, key);
      else published.delete(file);
    }
  };
  // A client that just opened a file gets its diagnostics again with the document's version.
  session.documents.onDidOpen((e) => {
    const file = uriToPath(e.document.uri);
    if (file) published.delete(file);
  });

  // ---- pull -------------------------------------------------------------------------------
  const workspaceWaiters: (() => void)[] = [];
  session.onChecked((c) => {
    if (!session.support.pullDiagnostics) {
      publish(c);
      return;
    }
    if (session.support.diagnosticRefresh) {
      connection.languages.diagnostics
        .refresh()
        .catch((e: unknown) => connection.console.log(`diagnostic refresh: ${String(e)}`));
    }
    const waiters = workspaceWaiters.splice(0);
    for (const w of waiters) w();
  });

  connection.languages.diagnostics.on(
    guard(
      connection,
      'textDocument/diagnostic',
      async (params): Promise<DocumentDiagnosticReport> => {
        const file = uriToPath(params.textDocument.uri);
        const c = await session.fresh();
        const items = (file && current(c).get(file)) || [];
        const id = resultId(items);
        if (params.previousResultId === id) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: id };
        return { kind: DocumentDiagnosticReportKind.Full, resultId: id, items };
      },
      () => ({ kind: DocumentDiagnosticReportKind.Full, items: [] }),
    ),
  );

  const reportedInWorkspace = new Set<string>();
  connection.languages.diagnostics.onWorkspace(
    guard(
      connection,
      'workspace/diagnostic',
      async (params, token: CancellationToken) => {
        const previous = new Map(params.previousResultIds.map((p) => [normalizeUri(p.uri), p.value]));
        // Long poll: when nothing changed since the client's last answer, answer at the next check.
        for (let round = 0; ; round++) {
          const c = await session.fresh();
          const now = current(c);
          const items: WorkspaceDocumentDiagnosticReport[] = [];
          let changed = false;
          const files = new Set([...now.keys(), ...reportedInWorkspace]);
          for (const file of files) {
            const diags = now.get(file) ?? [];
            const id = resultId(diags);
            const uri = session.uriOf(file);
            const version = session.versionOf(file) ?? null;
            if (previous.get(normalizeUri(uri)) === id) {
              items.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri, version, resultId: id });
            } else {
              changed = true;
              items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version, resultId: id, items: diags });
            }
            if (now.has(file)) reportedInWorkspace.add(file);
            else reportedInWorkspace.delete(file);
          }
          if (changed || round >= 20 || token.isCancellationRequested) return { items };
          await new Promise<void>((resolve) => {
            const timeout = setTimeout(resolve, 30_000);
            const cancel = token.onCancellationRequested(() => resolve());
            workspaceWaiters.push(() => {
              clearTimeout(timeout);
              cancel.dispose();
              resolve();
            });
          });
          if (token.isCancellationRequested) return { items: [] };
        }
      },
      () => ({ items: [] }),
    ),
  );
}
