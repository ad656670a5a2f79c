/** Fixes that change a Snikket setting where the deployment keeps it: the env file, or the Nix environment. */
import { appendEntry, setValue } from '../../syntax/dotenv/edit';
import { escapeNixString } from '../../syntax/nix/edits';
import type { Facts } from '../../model/facts';
import type { SpanEdit } from '../rule';

export function setSettingEdit(facts: Facts, name: string, value: string): SpanEdit | undefined {
  const s = facts.settings.get(name);
  const conf = facts.deployment.conf;
  if (conf && (!s || s.source === 'conf')) {
    const e = setValue(conf.parsed, name, value) ?? (s ? undefined : appendEntry(conf.text, name, value));
    return e ? { doc: conf, start: e.span.start, end: e.span.end, newText: e.newText } : undefined;
  }
  if (s && s.source === 'nix') {
    return { doc: s.doc, start: s.valueSpan.start, end: s.valueSpan.end, newText: `"${escapeNixString(value)}"` };
  }
  return undefined;
}

/** Where to point when a setting is absent: the env file's first line, or the settings source. */
export function settingsAnchor(
  facts: Facts,
): { doc: NonNullable<Facts['settings']['source']>; span: { start: number; end: number } } | undefined {
  const src = facts.settings.source;
  if (!src) return undefined;
  const firstLineEnd = src.text.search(/\r?\n|$/);
  return { doc: src, span: { start: 0, end: Math.max(0, firstLineEnd) } };
}
