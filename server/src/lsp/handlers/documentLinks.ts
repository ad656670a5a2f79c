/** Document links for the references between files: Nix `imports`, compose `env_file`, `ExecStart`. */
import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver';
import type { Session } from '../session';
import { fileContext } from './context';
import { guard } from './guard';

export function registerDocumentLinks(session: Session): void {
  const { connection } = session;
  connection.onDocumentLinks(
    guard(
      connection,
      'textDocument/documentLink',
      async (params: DocumentLinkParams) => {
        const ctx = await fileContext(session, params.textDocument.uri);
        if (!ctx) return null;
        const out: DocumentLink[] = [];
        const seen = new Set<string>();
        for (const d of ctx.deployments) {
          for (const ref of d.deployment.references) {
            if (ref.from !== ctx.file) continue;
            const key = `${ref.span.start}:${ref.span.end}`;
            if (seen.has(key) || !session.store.exists(ref.target)) continue;
            seen.add(key);
            out.push({
              range: ctx.lines.range(ref.span.start, ref.span.end),
              target: session.uriOf(ref.target),
              tooltip: `${ref.kind}: ${ref.target}`,
            });
          }
        }
        return out;
      },
      () => null,
    ),
  );
}
