/**
 * Hover: in snikket.conf the variable's meaning, default and where else its value is used; on a
 * synced Nix (or script) value, where it comes from in snikket.conf.
 */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { Link, LinkUse } from '../../model/links';
import { getVariable, suggestVariable } from '../../model/snikketVariables';
import { pathToUri } from '../convert';
import type { Session } from '../session';
import { confEntryAt, fileContext, linksAtPosition, placeName, uniqueUses, type FileContext } from './context';
import { variableDoc } from './completion';
import { guard } from './guard';

export function registerHover(session: Session): void {
  const { connection } = session;
  connection.onHover(
    guard(connection, 'textDocument/hover', async (params: HoverParams): Promise<Hover | null> => {
      const ctx = await fileContext(session, params.textDocument.uri);
      if (!ctx) return null;
      const md = (value: string): Hover['contents'] => ({ kind: session.support.markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value });

      if (ctx.isConf) {
        const entry = confEntryAt(ctx, params.position);
        if (!entry) return null;
        const offset = ctx.lines.offset(params.position);
        const onKey = offset <= entry.keySpan.end;
        const span = onKey ? entry.keySpan : entry.valueSpan;
        const range = ctx.lines.range(span.start, span.end);
        const v = getVariable(entry.key);
        const parts: string[] = [];
        if (v) parts.push(variableDoc(v));
        else {
          const suggestion = suggestVariable(entry.key);
          parts.push(`**${entry.key}**`, '', `Not a variable Snikket reads.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`);
        }
        const link = ctx.links.find((l) => l.setting === entry.key && l.definition?.file === ctx.file);
        if (link && link.uses.length > 0) parts.push('', '**Also used in:**', '', ...usesList(ctx, session, link));
        return { contents: md(parts.join('\n')), range };
      }

      const hits = linksAtPosition(ctx, params.position);
      if (hits.length === 0) return null;
      const parts: string[] = [];
      let range;
      for (const { link, use } of hits) {
        if (parts.length > 0) parts.push('', '---', '');
        parts.push(...describeSource(ctx, session, link, use));
        if (use && !range) range = ctx.lines.range(use.span.start, use.span.end);
      }
      return { contents: md(parts.join('\n')), ...(range ? { range } : {}) };
    }, () => null),
  );
}

function usesList(ctx: FileContext, session: Session, link: Link): string[] {
  return uniqueUses(link.uses).map((u) => {
    const p = placeName(ctx, session, u.file, u.span.start);
    const differs = u.value !== undefined && link.value !== undefined && u.value !== link.value ? ` — **differs: \`${u.value}\`**` : '';
    return `- [${p.label}](${pathToUri(u.file)}#L${p.line}): ${u.description}${differs}`;
  });
}

function describeSource(ctx: FileContext, session: Session, link: Link, use: LinkUse | undefined): string[] {
  const v = getVariable(link.setting);
  const out: string[] = [];
  const d = link.definition;
  if (d) {
    const p = placeName(ctx, session, d.file, d.span.start);
    const from = d.source === 'conf' ? 'snikket.conf' : 'the container environment';
    out.push(`Synced with \`${link.setting}=${link.value ?? ''}\` in ${from} ([${p.label}](${pathToUri(d.file)}#L${p.line})).`);
  } else {
    out.push(`Synced with \`${link.setting}\`, which is not set${v?.default !== undefined ? `: the containers use the default \`${v.default}\`` : ''}.`);
  }
  const expected = link.value ?? v?.default;
  if (use) {
    out.push('', `Here: ${use.description}.`);
    if (use.value !== undefined && expected !== undefined && use.value !== expected) {
      out.push('', `**This value is \`${use.value}\`, but ${link.setting} is \`${expected}\`.**`);
    }
  }
  if (v) out.push('', v.doc);
  return out;
}
