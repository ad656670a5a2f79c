/** Conversions between the core's plain types (absolute paths, spans, findings) and LSP's. */
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  type CodeDescription,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Location,
  type OptionalVersionedTextDocumentIdentifier,
  type Range,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Finding, Severity, TextEdit as CoreEdit } from '../model/findings';

const SOURCE = 'snikket-nixos';
const RULE_DOCS = 'https://github.com/snikket-nixos/snikket-nixos/blob/main/docs/rules/';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

/** The same file whatever the client's percent-encoding of the URI (`%3A` vs `:`): key by path. */
export function normalizeUri(uri: string): string {
  const p = uriToPath(uri);
  return p ? pathToUri(p) : uri;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function ruleHref(code: string): string {
  return `${RULE_DOCS}${code}.md`;
}

export function toDiagnostic(f: Finding): Diagnostic {
  const codeDescription: CodeDescription = { href: ruleHref(f.code) };
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Warning,
    source: SOURCE,
    code: f.code,
    codeDescription,
    message: f.message,
  };
  if (f.related.length > 0) {
    d.relatedInformation = f.related.map(
      (r): DiagnosticRelatedInformation => ({
        location: { uri: pathToUri(r.file), range: r.range },
        message: r.message,
      }),
    );
  }
  return d;
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

export function rangesTouch(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Whether a client diagnostic is the LSP form of a finding. */
export function diagnosticMatches(d: Diagnostic, f: Finding): boolean {
  return d.code === f.code && sameRange(d.range, f.range) && (d.source === undefined || d.source === SOURCE);
}

/** The open document's version of a file, or undefined when it is not open. */
export type VersionOf = (file: string) => number | undefined;

/** Edits of several fixes as one WorkspaceEdit: one TextDocumentEdit per file, open files versioned. */
export function editsToWorkspaceEdit(
  edits: readonly CoreEdit[],
  versionOf: VersionOf,
  useDocumentChanges = true,
): WorkspaceEdit {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) {
    const list = byFile.get(e.file) ?? [];
    // Identical edits (two fixes agreeing) count once.
    if (!list.some((x) => sameRange(x.range, e.range) && x.newText === e.newText))
      list.push({ range: e.range, newText: e.newText });
    byFile.set(e.file, list);
  }
  if (!useDocumentChanges) {
    const changes: Record<string, TextEdit[]> = {};
    for (const [file, list] of byFile) changes[pathToUri(file)] = list;
    return { changes };
  }
  const documentChanges: TextDocumentEdit[] = [];
  for (const [file, list] of byFile) {
    const textDocument: OptionalVersionedTextDocumentIdentifier = {
      uri: pathToUri(file),
      version: versionOf(file) ?? null,
    };
    documentChanges.push({ textDocument, edits: list });
  }
  return { documentChanges };
}

export function location(file: string, range: Range): Location {
  return { uri: pathToUri(file), range };
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
