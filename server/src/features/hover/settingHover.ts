/**
 * What hovering a SNIKKET_* name says about its value in a deployment, in the three states the
 * rules use: known (the value and where it is written), unknown (why) or absent (what Snikket
 * does then). Plain text and data: the language server only converts it.
 */
import type { Facts } from '../../model/facts';
import { getVariable } from '../../model/snikket/variables';
import type { Span } from '../../text/span';

export type SettingState =
  | { state: 'known'; value: string; file: string; offset: number }
  | { state: 'unknown'; reason: string }
  | { state: 'absent'; default: string | undefined; required: boolean };

function settingState(facts: Facts, name: string): SettingState {
  const s = facts.settings.get(name);
  if (s) return { state: 'known', value: s.value, file: s.doc.path, offset: s.valueSpan.start };
  const reason = facts.settings.unknownReason(name);
  if (reason !== undefined) return { state: 'unknown', reason };
  const v = getVariable(name);
  return { state: 'absent', default: v?.default, required: v?.required ?? false };
}

/** One line of Markdown; `place` names a file position for people (and may link it). */
function describeState(name: string, st: SettingState, place: (file: string, offset: number) => string): string {
  switch (st.state) {
    case 'known':
      return `**${name}** is \`${st.value}\`, set in ${place(st.file, st.offset)}.`;
    case 'unknown':
      return `**${name}**: unknown: ${st.reason}.`;
    case 'absent':
      if (st.required)
        return `**${name}**: absent: nothing in this deployment sets it, and Snikket does not start without it.`;
      return st.default !== undefined
        ? `**${name}**: absent: Snikket uses its default \`${st.default}\`.`
        : `**${name}**: absent: nothing in this deployment sets it.`;
  }
}

/** The SNIKKET_* name under an offset of a text, with its span. */
export function settingNameAt(text: string, offset: number): { name: string; span: Span } | undefined {
  const word = /[A-Za-z0-9_]/;
  let start = offset;
  let end = offset;
  while (start > 0 && word.test(text[start - 1]!)) start--;
  while (end < text.length && word.test(text[end]!)) end++;
  const name = text.slice(start, end);
  return /^SNIKKET_[A-Z0-9_]+$/.test(name) ? { name, span: { start, end } } : undefined;
}

/**
 * The hover lines for a name in the deployments a file belongs to: one line per deployment,
 * labelled by its root when the file is shared by several that disagree.
 */
export function settingHoverLines(
  deployments: readonly { root: string; facts: Facts }[],
  name: string,
  place: (file: string, offset: number) => string,
  label: (root: string) => string,
): string[] {
  const lines = deployments.map((d) => ({
    root: d.root,
    line: describeState(name, settingState(d.facts, name), place),
  }));
  const distinct = new Set(lines.map((l) => l.line));
  if (distinct.size <= 1) return [...distinct];
  return lines.map((l) => `${label(l.root)}: ${l.line}`);
}

/** What hovering an env_file / environmentFiles entry says when the checker leaves the file unread. */
export function envFileHoverLine(facts: Facts, file: string, label: string): string | undefined {
  const u = facts.settings.unreadEnvFiles.find((x) => x.file === file);
  return u ? `**${label}**: the containers read it at start; its values are unknown: ${u.reason}.` : undefined;
}
