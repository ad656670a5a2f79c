/**
 * A named volume renamed in docker-compose.yml but not in the generated Nix: one cause, however
 * many containers mount it and whichever files name it (the generated mounts, the volume's own
 * units, the copy script's SOURCE). Reported once, fixed once.
 */
import type { Container, StringItem } from '../../model/facts/containers';
import type { Span } from '../../text/span';
import type { FixDraft, RuleContext, SpanEdit } from '../rule';

export interface VolumeRename {
  container: Container;
  from: string;
  to: string;
  target: string;
  mount: StringItem;
  composeSpan: Span;
}

export function reportVolumeRenames(ctx: RuleContext, renames: VolumeRename[], others: FixDraft[]): void {
  const groups = new Map<string, VolumeRename[]>();
  for (const r of renames) groups.set(`${r.from}\u0000${r.to}`, [...(groups.get(`${r.from}\u0000${r.to}`) ?? []), r]);
  const f = ctx.facts;
  const compose = f.deployment.compose!;
  for (const group of groups.values()) {
    group.sort((a, b) => a.mount.node.start - b.mount.node.start);
    const { from, to, target, container } = group[0]!;
    const generated = container.doc;
    const names = [...new Set(group.map((r) => r.container.name))];
    const edits: SpanEdit[] = tokenEdits(generated.text, from, to).map((e) => ({ doc: generated, ...e }));
    const script = f.script;
    const source = script?.vars.get('SOURCE');
    const scriptReads = source?.value !== undefined && source.value.includes(`/volumes/${from}/`);
    if (script && source && scriptReads) {
      const raw = script.doc.text.slice(source.valueSpan.start, source.valueSpan.end);
      const at = raw.indexOf(`/volumes/${from}/`);
      if (at >= 0)
        edits.push({
          doc: script.doc,
          start: source.valueSpan.start + at + '/volumes/'.length,
          end: source.valueSpan.start + at + '/volumes/'.length + from.length,
          newText: to,
        });
    }
    const composeName = ctx.where(compose);
    ctx.report({
      doc: generated,
      span: group[0]!.mount.node,
      message: `${composeName} now mounts the volume ${to} at ${target}, but ${names.join(', ')} in ${ctx.where(generated)} still ${names.length === 1 ? 'mounts' : 'mount'} ${from}${scriptReads ? `, and ${ctx.where(script!.doc)} copies certificates from it` : ''}: the server keeps using ${from} until compose2nix runs again`,
      related: [
        ...group
          .slice(1)
          .map((r) => ({ doc: r.container.doc, span: r.mount.node, message: `${r.container.name} mounts ${from}` })),
        { doc: compose, span: group[0]!.composeSpan, message: `the volume in ${composeName}` },
        ...(scriptReads ? [{ doc: script!.doc, span: source!.valueSpan, message: `SOURCE reads ${from}` }] : []),
      ],
      fixes: [
        {
          title: `Rename the volume ${from} to ${to}${scriptReads ? ` in ${ctx.where(generated)} and ${ctx.where(script!.doc)}` : ''}`,
          isPreferred: true,
          edits,
        },
        ...others,
      ],
    });
  }
}

/** Every whole occurrence of a volume name in the generated file: mounts, its volume unit, the unit's references and script. */
function tokenEdits(text: string, from: string, to: string): { start: number; end: number; newText: string }[] {
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?<![A-Za-z0-9_.])${escaped}(?![A-Za-z0-9_])`, 'g');
  return [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + from.length, newText: to }));
}
