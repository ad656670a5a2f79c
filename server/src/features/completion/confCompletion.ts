/**
 * What completion offers in snikket.conf, as plain data on offsets: variable names not yet set
 * (before `=`) and the values a variable accepts (after it). The language server only converts.
 */
import type { DotenvFile } from '../../syntax/dotenv/file';
import { describeKind, SNIKKET_VARIABLES, type SnikketVariable } from '../../model/snikket/variables';

export interface ConfCompletion {
  kind: 'variable' | 'value';
  label: string;
  detail?: string;
  /** Markdown. */
  documentation: string;
  sortText: string;
  /** The text replaced: the word or value around the cursor. */
  start: number;
  end: number;
  newText: string;
  deprecated: boolean;
}

/** Markdown describing a variable: what it does, what it expects, its default, who reads it. */
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

/**
 * The completions at `cursor` in a snikket.conf text, or undefined where none apply (a comment, a
 * line that is not an assignment, an unknown variable's value). `conf` is the parsed file: names
 * set on other lines are not offered again.
 */
export function confCompletions(
  text: string,
  conf: DotenvFile | undefined,
  cursor: number,
): ConfCompletion[] | undefined {
  const lineStart = Math.max(text.lastIndexOf('\n', cursor - 1), text.lastIndexOf('\r', cursor - 1)) + 1;
  const lineEndMatch = /\r?\n|\r/g;
  lineEndMatch.lastIndex = cursor;
  const lineEnd = lineEndMatch.exec(text)?.index ?? text.length;
  const before = text.slice(lineStart, cursor);
  const after = text.slice(cursor, lineEnd);
  if (/^\s*#/.test(before)) return undefined;
  const eq = before.indexOf('=');

  if (eq < 0) {
    const m = /^(\s*(?:export\s+)?)([A-Za-z0-9_]*)$/.exec(before);
    if (!m) return undefined;
    const start = lineStart + (m[1]?.length ?? 0);
    const rest = /^[A-Za-z0-9_]*/.exec(after)?.[0] ?? '';
    const hasEquals = after.slice(rest.length).trimStart().startsWith('=');
    const set = new Set((conf?.entries ?? []).filter((e) => e.lineSpan.start !== lineStart).map((e) => e.key));
    const out: ConfCompletion[] = [];
    for (const v of SNIKKET_VARIABLES.values()) {
      if (set.has(v.name)) continue;
      out.push({
        kind: 'variable',
        label: v.name,
        detail: v.default !== undefined ? `${describeKind(v.kind)} (default ${v.default})` : describeKind(v.kind),
        documentation: variableDoc(v),
        sortText: `${v.required ? 0 : v.status === 'active' ? 1 : 2}${v.name}`,
        start,
        end: cursor + rest.length,
        newText: hasEquals ? v.name : `${v.name}=`,
        deprecated: v.status !== 'active',
      });
    }
    return out;
  }

  const key = before
    .slice(0, eq)
    .trim()
    .replace(/^export\s+/, '');
  const v = SNIKKET_VARIABLES.get(key);
  if (!v) return undefined;
  const rest = /^[^\s#]*/.exec(after)?.[0] ?? '';
  return valueChoices(v).map((c, i) => ({
    kind: 'value',
    label: c.value,
    detail: c.doc || undefined,
    documentation: variableDoc(v),
    sortText: String(i).padStart(3, '0'),
    start: lineStart + eq + 1,
    end: cursor + rest.length,
    newText: c.value,
    deprecated: false,
  }));
}
