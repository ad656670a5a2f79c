/** Completion in snikket.conf (features/completion): the handler converts offsets to ranges. */
import {
  CompletionItemKind,
  CompletionItemTag,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionParams,
  type Range,
} from 'vscode-languageserver';
import { confCompletions } from '../../features/completion/confCompletion';
import type { Session } from '../session';
import { fileContext } from './context';
import { guard } from './guard';

export function registerCompletion(session: Session): void {
  const { connection } = session;
  connection.onCompletion(
    guard(
      connection,
      'textDocument/completion',
      async (params: CompletionParams) => {
        const ctx = await fileContext(session, params.textDocument.uri);
        if (!ctx || !ctx.isConf) return null;
        const found = confCompletions(ctx.text, ctx.conf, ctx.lines.offset(params.position));
        if (!found) return null;
        const md = session.support.markdown ? MarkupKind.Markdown : MarkupKind.PlainText;
        const items = found.map((c): CompletionItem => {
          const range: Range = { start: ctx.lines.position(c.start), end: ctx.lines.position(c.end) };
          return {
            label: c.label,
            kind: c.kind === 'variable' ? CompletionItemKind.Variable : CompletionItemKind.EnumMember,
            detail: c.detail,
            documentation: { kind: md, value: c.documentation },
            sortText: c.sortText,
            textEdit: { range, newText: c.newText },
            ...(c.kind === 'variable' ? { insertTextFormat: InsertTextFormat.PlainText } : {}),
            ...(c.deprecated ? { tags: [CompletionItemTag.Deprecated] } : {}),
          };
        });
        return { isIncomplete: false, items };
      },
      () => null,
    ),
  );
}
