/** Completion in snikket.conf: variable names (not yet set), and enum/switch values after `=`. */
import {
  CompletionItemKind,
  CompletionItemTag,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionParams,
  type Range,
} from 'vscode-languageserver';
import { describeKind, SNIKKET_VARIABLES, type SnikketVariable } from '../../model/snikket/variables';
import type { Session } from '../session';
import { fileContext } from './context';
import { guard } from './guard';

export function variableDoc(v: SnikketVariable): string {
  const parts = [`**${v.name}**${v.required ? ' (required)' : ''}`, '', v.doc, '', `Expects ${describeKind(v.kind)}.`];
  if (v.default !== undefined) parts.push(`Default: \`${v.default}\`.`);
  if (v.readBy.length > 0) parts.push(`Read by: ${v.readBy.join(', ')}.`);
  if (v.status === 'no-longer-read') parts.push('', '*No longer read by Snikket.*');
  if (v.status === 'overwritten') parts.push('', '*Set by the container itself: a value here has no effect.*');
  if (v.note) parts.push('', v.note);
  return parts.join('\n');
}

function valueChoices(v: SnikketVariable): { value: string; doc: string }[] {
  const k = v.kind;
  if (k.type === 'enum') return k.values.map((value) => ({ value, doc: value === v.default ? 'the default' : '' }));
  if (k.type === 'switch') {
    const on = k.semantics === 'python-bool' ? 'true' : '1';
    const off = k.semantics === 'python-bool' ? 'false' : '0';
    return [
      { value: on, doc: `on${v.default === on ? ' (the default)' : ''}` },
      { value: off, doc: `off${v.default === off ? ' (the default)' : ''}` },
    ];
  }
  if (v.default !== undefined) return [{ value: v.default, doc: 'the default' }];
  return [];
}

export function registerCompletion(session: Session): void {
  const { connection } = session;
  connection.onCompletion(
    guard(
      connection,
      'textDocument/completion',
      async (params: CompletionParams) => {
        const ctx = await fileContext(session, params.textDocument.uri);
        if (!ctx || !ctx.isConf) return null;
        const pos = params.position;
        const lineStart = ctx.lines.lineStart(pos.line);
        const cursor = ctx.lines.offset(pos);
        const lineEndMatch = /\r?\n|\r/g;
        lineEndMatch.lastIndex = lineStart;
        const lineEnd = lineEndMatch.exec(ctx.text)?.index ?? ctx.text.length;
        const before = ctx.text.slice(lineStart, cursor);
        const after = ctx.text.slice(cursor, lineEnd);
        if (/^\s*#/.test(before)) return null;
        const eq = before.indexOf('=');
        const md = session.support.markdown ? MarkupKind.Markdown : MarkupKind.PlainText;

        if (eq < 0) {
          const m = /^(\s*(?:export\s+)?)([A-Za-z0-9_]*)$/.exec(before);
          if (!m) return null;
          const wordStart = lineStart + m[1]!.length;
          const rest = /^[A-Za-z0-9_]*/.exec(after)![0];
          const hasEquals = after.slice(rest.length).trimStart().startsWith('=');
          const range: Range = { start: ctx.lines.position(wordStart), end: ctx.lines.position(cursor + rest.length) };
          const set = new Set((ctx.conf?.entries ?? []).filter((e) => e.line !== pos.line).map((e) => e.key));
          const items: CompletionItem[] = [];
          for (const v of SNIKKET_VARIABLES.values()) {
            if (set.has(v.name)) continue;
            const newText = hasEquals ? v.name : `${v.name}=`;
            const item: CompletionItem = {
              label: v.name,
              kind: CompletionItemKind.Variable,
              detail: v.default !== undefined ? `${describeKind(v.kind)} (default ${v.default})` : describeKind(v.kind),
              documentation: { kind: md, value: variableDoc(v) },
              sortText: `${v.required ? 0 : v.status === 'active' ? 1 : 2}${v.name}`,
              textEdit: { range, newText },
              insertTextFormat: InsertTextFormat.PlainText,
            };
            if (v.status !== 'active') item.tags = [CompletionItemTag.Deprecated];
            items.push(item);
          }
          return { isIncomplete: false, items };
        }

        const key = before
          .slice(0, eq)
          .trim()
          .replace(/^export\s+/, '');
        const v = SNIKKET_VARIABLES.get(key);
        if (!v) return null;
        const valueStart = lineStart + eq + 1;
        const rest = /^[^\s#]*/.exec(after)![0];
        const range: Range = { start: ctx.lines.position(valueStart), end: ctx.lines.position(cursor + rest.length) };
        const items = valueChoices(v).map(
          (c, i): CompletionItem => ({
            label: c.value,
            kind: CompletionItemKind.EnumMember,
            detail: c.doc || undefined,
            documentation: { kind: md, value: variableDoc(v) },
            sortText: String(i).padStart(3, '0'),
            textEdit: { range, newText: c.value },
          }),
        );
        return { isIncomplete: false, items };
      },
      () => null,
    ),
  );
}
