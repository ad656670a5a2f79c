/**
 * Code actions: every fix of a finding as a quick fix (a command fix becomes "Rerun compose2nix"),
 * `source.fixAll.snikket` for the document's deployments, and the command actions "Create
 * copy-certs-job.nix" and "Rerun compose2nix". Every finding also offers "Ignore CODE on this line" and
 * "Show documentation for CODE" (the client opens the page packaged with the extension).
 */
import * as path from 'node:path';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command } from 'vscode-languageserver';
import { ignoreLineEdit, nixLineStartIsCode, UNUSED_CODE } from '../../check/suppressions';
import { Boundary } from '../../confine/boundary';
import { compatiblePreferredFixes } from '../../fixes/applyEdits';
import type { Finding, Fix } from '../../model/findings';
import { diagnosticMatches, editsToWorkspaceEdit, pathToUri, rangesTouch, toDiagnostic, uriToPath } from '../convert';
import type { Session } from '../session';
import { deploymentsOf } from './context';
import { guard } from './guard';

export const FIX_ALL_KIND = 'source.fixAll.snikket';
const COMMANDS = {
  rerunCompose2nix: 'snikket.rerunCompose2nix',
  addCertCopy: 'snikket.addCertCopy',
  showRuleDocs: 'snikket.showRuleDocs',
} as const;

/** Arguments of the command actions; the VS Code client reads `file`/`folder`, other clients may prefer `uri`. */
function rerunCommand(title: string, file: string): Command {
  return { title, command: COMMANDS.rerunCompose2nix, arguments: [{ file, uri: pathToUri(file) }] };
}

export function registerCodeActions(session: Session): void {
  const { connection } = session;
  connection.onCodeAction(
    guard(
      connection,
      'textDocument/codeAction',
      async (params: CodeActionParams) => {
        const file = uriToPath(params.textDocument.uri);
        if (!file) return [];
        const { result } = await session.fresh();
        const only = params.context.only;
        const wants = (kind: string): boolean => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
        const actions: CodeAction[] = [];
        // A WorkspaceEdit names only files the boundary allows, whatever the findings carry.
        const boundary = new Boundary(session.roots());
        const allowed = (fix: Fix) => fix.edits.every((e) => boundary.editDenial(e.file) === undefined);
        const edit = (fixes: Fix[]) =>
          editsToWorkspaceEdit(
            fixes.flatMap((f) => f.edits),
            session.versionOf,
            session.support.documentChanges,
          );

        if (wants(CodeActionKind.QuickFix)) {
          const inContext = params.context.diagnostics ?? [];
          const findings = result.findings.filter(
            (f) =>
              f.file === file && (inContext.some((d) => diagnosticMatches(d, f)) || rangesTouch(f.range, params.range)),
          );
          for (const f of findings) {
            for (const fix of f.fixes) if (allowed(fix)) actions.push(quickFix(f, fix, edit));
            actions.push(...findingActions(session, f, boundary.editDenial(f.file) === undefined));
          }
        }

        const deployments = deploymentsOf(result, file);
        if (wants(FIX_ALL_KIND)) {
          const files = new Set(deployments.flatMap((d) => d.findings.map((f) => f.file)));
          const findings = result.findings.filter(
            (f) => files.has(f.file) && deployments.some((d) => d.findings.includes(f)),
          );
          const fixes = compatiblePreferredFixes(findings).filter(allowed);
          if (fixes.length > 0) {
            actions.push({
              title:
                fixes.length === 1
                  ? `Fix all Snikket problems: ${fixes[0]!.title}`
                  : `Fix all Snikket problems (${fixes.length} fixes)`,
              kind: FIX_ALL_KIND,
              edit: edit(fixes),
            });
          }
        }

        const seen = new Set<string>();
        for (const d of deployments) {
          const dep = d.deployment;
          const folder = path.dirname(dep.root.endsWith('.nix') ? dep.root : path.join(dep.root, 'x'));
          if (
            dep.script &&
            d.facts.copyServices.length === 0 &&
            wants('source.snikket.addCertCopy') &&
            !seen.has('cert')
          ) {
            seen.add('cert');
            actions.push({
              title: 'Create copy-certs-job.nix',
              kind: 'source.snikket.addCertCopy',
              command: { title: 'Create copy-certs-job.nix', command: COMMANDS.addCertCopy, arguments: [{ folder }] },
            });
          }
          const generated = dep.files.generated;
          const inCompose = file === dep.files.compose || file === dep.files.conf || file === generated;
          if (
            generated &&
            dep.files.compose &&
            inCompose &&
            wants('source.snikket.rerunCompose2nix') &&
            !seen.has('rerun')
          ) {
            seen.add('rerun');
            actions.push({
              title: 'Rerun compose2nix',
              kind: 'source.snikket.rerunCompose2nix',
              command: rerunCommand('Rerun compose2nix', generated),
            });
          }
        }
        return actions;
      },
      () => [],
    ),
  );
}

/**
 * "Ignore CODE on this line" (where the boundary lets the file be edited) and "Show documentation
 * for CODE", offered with every finding.
 */
function findingActions(session: Session, f: Finding, mayEdit: boolean): CodeAction[] {
  const out: CodeAction[] = [];
  const text = mayEdit ? session.text(f.file) : undefined;
  // Silencing the report of a suppression with another suppression helps nobody: remove it instead.
  const ignore =
    text === undefined || f.code === UNUSED_CODE
      ? undefined
      : ignoreLineEdit(f, text, f.file.endsWith('.nix') ? (o) => nixLineStartIsCode(text, o) : undefined);
  if (ignore) {
    out.push({
      title: `Ignore ${f.code} on this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toDiagnostic(f)],
      edit: editsToWorkspaceEdit([ignore], session.versionOf, session.support.documentChanges),
    });
  }
  const title = `Show documentation for ${f.code}`;
  out.push({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [toDiagnostic(f)],
    command: { title, command: COMMANDS.showRuleDocs, arguments: [{ code: f.code }] },
  });
  return out;
}

function quickFix(f: Finding, fix: Fix, edit: (fixes: Fix[]) => CodeAction['edit']): CodeAction {
  const action: CodeAction = {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [toDiagnostic(f)],
    isPreferred: fix.isPreferred,
  };
  if (fix.command) action.command = rerunCommand(fix.title, fix.command.file);
  if (fix.edits.length > 0) action.edit = edit([fix]);
  return action;
}
