/**
 * Hover: in snikket.conf the variable's meaning, default and where else its value is used; on a
 * synced Nix (or script) value, where it comes from in snikket.conf.
 */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { Link, LinkUse } from '../../model/links';
import { envFileHoverLine, settingHoverLines, settingNameAt } from '../../features/hover/settingHover';
import { getVariable, suggestVariable } from '../../model/snikket/variables';
import { pathToUri } from '../convert';
import type { Session } from '../session';
import { confEntryAt, fileContext, linksAtPosition, placeName, uniqueUses, type FileContext } from './context';
import { variableDoc } from '../../features/completion/confCompletion';
import { guard } from './guard';

export function registerHover(session: Session): void {
  const { connection } = session;
  connection.onHover(
    guard(
      connection,
      'textDocument/hover',
      async (params: HoverParams): Promise<Hover | null> => {
        const ctx = await fileContext(session, params.textDocument.uri);
        if (!ctx) return null;
        const md = (value: string): Hover['contents'] => ({
          kind: session.support.markdown ? MarkupKind.Markdown : MarkupKind.PlainText,
          value,
        });

        if (ctx.isConf) {
          const entry = confEntryAt(ctx, params.position);
          if (!entry) return null;
          const offset = ctx.lines.offset(params.position);
          const onKey = offset <= entry.keySpan.end;
          const span = onKey ? entry.keySpan : entry.valueSpan;
          const range = ctx.lines.range(span.start, span.end);
          const v = getVariable(entry.key);
          const parts: string[] = stateLines(ctx, session, entry.key);
          if (parts.length > 0) parts.push('');
          if (v) parts.push(variableDoc(v));
          else {
            const suggestion = suggestVariable(entry.key);
            parts.push(
              `**${entry.key}**`,
              '',
              `Not a variable Snikket reads.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
            );
          }
          const link = ctx.links.find((l) => l.setting === entry.key && l.definition?.file === ctx.file);
          if (link && link.uses.length > 0) parts.push('', '**Also used in:**', '', ...usesList(ctx, session, link));
          return { contents: md(parts.join('\n')), range };
        }

        const hits = linksAtPosition(ctx, params.position);
        // On a SNIKKET_* name (a Nix or compose environment): its value in this deployment.
        const word = settingNameAt(ctx.text, ctx.lines.offset(params.position));
        const state = word
          ? stateLines(ctx, session, word.name)
          : envFileLines(ctx, session, ctx.lines.offset(params.position));
        if (hits.length === 0 && state.length === 0) return null;
        let range = word && state.length > 0 ? ctx.lines.range(word.span.start, word.span.end) : undefined;
        const sections: string[][] = state.length > 0 ? [state] : [];
        for (const { link, use } of hits) {
          sections.push(describeSource(ctx, session, link, use));
          if (use && !range) range = ctx.lines.range(use.span.start, use.span.end);
        }
        // What disagrees comes first, like the finding on the same value.
        const disagrees = (lines: string[]) => (lines[0]!.startsWith('**This value') ? 0 : 1);
        sections.sort((a, b) => disagrees(a) - disagrees(b));
        return { contents: md(sections.map((l) => l.join('\n')).join('\n\n---\n\n')), ...(range ? { range } : {}) };
      },
      () => null,
    ),
  );
}

function stateLines(ctx: FileContext, session: Session, name: string): string[] {
  const deployments = ctx.deployments.map((d) => ({ root: d.deployment.root, facts: d.facts }));
  return settingHoverLines(
    deployments,
    name,
    (file, offset) => linkTo(ctx, session, file, offset),
    (root) => placeName(ctx, session, root, 0).label.replace(/:\d+$/, ''),
  );
}

/** On an env_file / environmentFiles entry the checker leaves unread: its values are unknown. */
function envFileLines(ctx: FileContext, session: Session, offset: number): string[] {
  for (const d of ctx.deployments) {
    const ref = d.deployment.references.find(
      (r) => r.kind === 'env_file' && r.from === ctx.file && r.span.start <= offset && offset <= r.span.end,
    );
    const line = ref
      ? envFileHoverLine(d.facts, ref.target, placeName(ctx, session, ref.target, 0).label.replace(/:\d+$/, ''))
      : undefined;
    if (line) return [line];
  }
  return [];
}

function usesList(ctx: FileContext, session: Session, link: Link): string[] {
  return uniqueUses(link.uses).map((u) => {
    const p = placeName(ctx, session, u.file, u.span.start);
    const differs =
      u.value !== undefined && link.value !== undefined && u.value !== link.value
        ? ` — **differs: \`${u.value}\`**`
        : '';
    return `- [${p.label}](${pathToUri(u.file)}#L${p.line}): ${u.description}${differs}`;
  });
}

function describeSource(ctx: FileContext, session: Session, link: Link, use: LinkUse | undefined): string[] {
  const v = getVariable(link.setting);
  const out: string[] = [];
  const d = link.definition;
  const expected = link.value ?? v?.default;
  // A value that disagrees is not "synced": the hover then says what the finding says, first.
  const differs = use?.value !== undefined && expected !== undefined && use.value !== expected;
  const where = d
    ? ` in ${d.source === 'conf' ? 'snikket.conf' : 'the container environment'} (${linkTo(ctx, session, d.file, d.span.start)})`
    : '';
  if (differs) {
    out.push(
      `**This value is \`${use.value}\`, but ${link.setting} is \`${expected}\`**${d ? where : ' (not set: the default)'}.`,
    );
  } else if (d) {
    out.push(`Synced with \`${link.setting}=${link.value ?? ''}\`${where}.`);
  } else {
    out.push(
      `Synced with \`${link.setting}\`, which is not set${v?.default !== undefined ? `: the containers use the default \`${v.default}\`` : ''}.`,
    );
  }
  if (use) out.push('', `Here: ${use.description}.`);
  if (v) out.push('', v.doc);
  return out;
}

function linkTo(ctx: FileContext, session: Session, file: string, offset: number): string {
  const p = placeName(ctx, session, file, offset);
  return `[${p.label}](${pathToUri(file)}#L${p.line})`;
}
