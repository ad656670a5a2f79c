/**
 * Minimal edits to an env file: each touches as little text as possible so that comments,
 * ordering and the user's quoting survive a quick fix.
 */
import type { Span } from '../../text/span';
import type { DotenvFile, QuoteStyle } from './file';

export interface DotenvEdit {
  /** Replace this range (empty for an insertion) with `newText`. */
  span: Span;
  newText: string;
}

/**
 * Write `value` so that Docker Compose reads it back unchanged and a shell sourcing the file
 * takes it as the same plain string, never as code: an env file is also sourced by scripts (and
 * a hostile repository may point env_file at a shell rc file). Unquoted only for characters no
 * shell or Compose treats specially, else single quotes (literal in both). Undefined when no
 * quoting is safe for both (a single quote, a control character, a trailing backslash): such a
 * value yields no fix.
 */
export function formatValue(value: string, preferred: QuoteStyle = 'none'): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return undefined;
  if (preferred === 'none' && SHELL_WORD.test(value)) return value;
  // Inside double quotes a shell still expands $, ` and \ (and Compose interpolates $).
  if (preferred === 'double' && !/[$`\\"!]/.test(value)) return `"${value}"`;
  // Single quotes keep everything literally, but cannot hold a quote, and Compose would read a
  // trailing backslash as escaping the closing quote.
  if (!value.includes("'") && !value.endsWith('\\')) return `'${value}'`;
  return undefined;
}

/** Characters that mean themselves both unquoted in a shell and in a Compose env file. */
const SHELL_WORD = /^[A-Za-z0-9_@%+=:,./-]*$/;

/** Replace the value of the entry that wins for `key` (the last one). Undefined when the key is absent. */
export function setValue(file: DotenvFile, key: string, newValue: string): DotenvEdit | undefined {
  const entry = file.lookup(key);
  if (!entry) return undefined;
  const text = formatValue(newValue, entry.quoted);
  return text === undefined ? undefined : { span: { ...entry.valueSpan }, newText: text };
}

/**
 * Append `KEY=value` at the end, matching the file's line break and completing an unterminated
 * last line first. Undefined when the value cannot be written safely (see formatValue).
 */
export function appendEntry(text: string, key: string, value: string): DotenvEdit | undefined {
  const formatted = formatValue(value);
  if (formatted === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return undefined;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const needsBreak = text.length > 0 && !text.endsWith('\n') && !text.endsWith('\r');
  return {
    span: { start: text.length, end: text.length },
    newText: (needsBreak ? eol : '') + `${key}=${formatted}` + eol,
  };
}

/** Apply edits (non-overlapping) to text; for tests and the CLI's --fix. */
export function applyEdits(text: string, edits: DotenvEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
