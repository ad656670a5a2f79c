/**
 * In-place edits of a compose2nix `environment` attrset, in the file's own style: what rerunning
 * compose2nix would have changed, without needing compose2nix.
 */
import type { EnvEntry } from '../../model/facts/containers';
import { addBinding, lineIndent, nixString, type OffsetEdit } from '../../syntax/nix/edits';
import type { NixNode } from '../../syntax/nix/tree';

const IDENT = /^[A-Za-z_][A-Za-z0-9_'-]*$/;

/** Whether the line holding `offset` has only blanks before it. */
function startsLine(text: string, offset: number): boolean {
  return lineIndent(text, offset).length === offset - lineStart(text, offset);
}

function lineStart(text: string, offset: number): number {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n') s--;
  return s;
}

/** `"KEY" = "value";`, quoting the key the way its neighbours are quoted (compose2nix quotes them). */
function bindingText(text: string, entries: EnvEntry[], key: string, value: string): string {
  const quoted = entries.length === 0 || text[entries[0]!.keySpan.start] === '"' || !IDENT.test(key);
  return `${quoted ? nixString(key) : key} = ${nixString(value)};`;
}

/** Adds `key = value` where compose2nix would have written it: in name order. */
export function insertEnvEntry(
  text: string,
  env: NixNode,
  entries: EnvEntry[],
  key: string,
  value: string,
): OffsetEdit | undefined {
  const binding = bindingText(text, entries, key, value);
  const next = entries.find((e) => e.key > key);
  if (next && startsLine(text, next.keySpan.start)) {
    const at = lineStart(text, next.keySpan.start);
    return { start: at, end: at, newText: `${lineIndent(text, next.keySpan.start)}${binding}\n` };
  }
  return addBinding(env, text, binding);
}

/** Removes `key = value;` with its line when it stands alone on it. Undefined when no `;` follows. */
export function removeEnvEntry(text: string, entry: EnvEntry): OffsetEdit | undefined {
  const semi = text.indexOf(';', entry.valueSpan.end);
  if (semi < 0 || text.slice(entry.valueSpan.end, semi).trim() !== '') return undefined;
  let end = semi + 1;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (
    startsLine(text, entry.keySpan.start) &&
    (text[end] === '\n' || text.startsWith('\r\n', end) || end === text.length)
  ) {
    const nl = text.startsWith('\r\n', end) ? 2 : text[end] === '\n' ? 1 : 0;
    return { start: lineStart(text, entry.keySpan.start), end: end + nl, newText: '' };
  }
  return { start: entry.keySpan.start, end, newText: '' };
}
