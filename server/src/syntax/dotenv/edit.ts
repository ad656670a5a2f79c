/**
 * Minimal edits to an env file: each touches as little text as possible so that comments,
 * ordering and the user's quoting survive a quick fix.
 */
import type { Span } from '../../text/span';
import type { DotenvFile, QuoteStyle } from './parse';

export interface DotenvEdit {
  /** Replace this range (empty for an insertion) with `newText`. */
  span: Span;
  newText: string;
}

/**
 * Write `value` so that Docker Compose reads it back unchanged, in the `preferred` style when
 * that style can hold it. `$` is escaped because Compose interpolates unquoted and double-quoted values.
 */
export function formatValue(value: string, preferred: QuoteStyle = 'none'): string {
  if (preferred === 'none' && !needsQuotes(value)) return value.replace(/\$/g, '$$$$');
  if (preferred !== 'double' && canSingleQuote(value)) return `'${value.replace(/'/g, "\\'")}'`;
  return `"${value.replace(/[\\"$\n\r\t]/g, (c) => DOUBLE[c]!)}"`;
}

const DOUBLE: Record<string, string> = { '\\': '\\\\', '"': '\\"', $: '\\$', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function needsQuotes(value: string): boolean {
  // Compose trims unquoted values, cuts them at ` #`, and treats a leading quote as quoting.
  return (
    value !== value.trim() ||
    /\s#|[\n\r]/.test(value) ||
    value.startsWith('"') ||
    value.startsWith("'") ||
    value.startsWith('#')
  );
}

function canSingleQuote(value: string): boolean {
  // Single quotes keep backslashes literally except before a quote, so a trailing backslash
  // would escape the closing quote; a backslash before `'` is ambiguous the same way.
  return !value.endsWith('\\') && !value.includes("\\'");
}

/** Replace the value of the entry that wins for `key` (the last one). Undefined when the key is absent. */
export function setValue(file: DotenvFile, key: string, newValue: string): DotenvEdit | undefined {
  const entry = file.lookup(key);
  if (!entry) return undefined;
  return { span: { ...entry.valueSpan }, newText: formatValue(newValue, entry.quoted) };
}

/** Append `KEY=value` at the end, matching the file's line break and completing an unterminated last line first. */
export function appendEntry(text: string, key: string, value: string): DotenvEdit {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const needsBreak = text.length > 0 && !text.endsWith('\n') && !text.endsWith('\r');
  return {
    span: { start: text.length, end: text.length },
    newText: (needsBreak ? eol : '') + `${key}=${formatValue(value)}` + eol,
  };
}

/** Apply edits (non-overlapping) to text; for tests and the CLI's --fix. */
export function applyEdits(text: string, edits: DotenvEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
