import type { Span } from '../../../server/src/text/span';

/** The span of the `nth` (0-based) occurrence of `needle` in `text`; fails loudly when absent. */
export function spanOf(text: string, needle: string, nth = 0): Span {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} #${nth} not in text`);
  }
  return { start: at, end: at + needle.length };
}

export function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** Repeat `unit` until the result is at least `bytes` long. */
export function repeatTo(unit: string, bytes: number): string {
  return unit.repeat(Math.ceil(bytes / unit.length));
}

/** Characters that stress the readers: quotes, escapes, separators, line breaks, BOM, surrogates. */
export const NASTY = [
  '"',
  "'",
  '\\',
  '$',
  '{',
  '}',
  '#',
  ' ',
  '=',
  ':',
  '\n',
  '\r',
  '\r\n',
  '\t',
  '\uFEFF',
  '`',
  '(',
  ')',
  ';',
  '&',
  '|',
  '<',
  '>',
  '*',
  '&a',
  '*a',
  '<<',
  '-',
  '[',
  ']',
  '\uD83D',
  'é',
];
