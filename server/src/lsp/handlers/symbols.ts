/** Document symbols of snikket.conf: one per entry. */
import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import type { Session } from '../session';
import { fileContext } from './context';
import { guard } from './guard';

export function registerSymbols(session: Session): void {
  const { connection } = session;
  connection.onDocumentSymbol(
    guard(
      connection,
      'textDocument/documentSymbol',
      async (params: DocumentSymbolParams) => {
        const ctx = await fileContext(session, params.textDocument.uri);
        if (!ctx || !ctx.isConf) return null;
        return (ctx.conf?.entries ?? []).map(
          (e): DocumentSymbol => ({
            name: e.key,
            detail: e.value,
            kind: SymbolKind.Variable,
            range: ctx.lines.range(e.lineSpan.start, e.lineSpan.end),
            selectionRange: ctx.lines.range(e.keySpan.start, e.keySpan.end),
          }),
        );
      },
      () => null,
    ),
  );
}
