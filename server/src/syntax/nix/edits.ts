/**
 * Minimal edits to Nix text that keep the user's formatting. Each returns offsets into the text it
 * was given; callers turn them into LSP ranges.
 */
import * as path from 'node:path';
import type { Span } from '../../text/span';
import type { NixValue } from './evaluate';
import type { NixNode } from './tree';
import { bindings, listElements } from './view';

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export function replaceSpan(span: Span, newText: string): OffsetEdit {
  return { start: span.start, end: span.end, newText };
}

/** Escapes text for the inside of a double-quoted Nix string. */
export function escapeNixString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '\\${').replace(/\n/g, '\\n');
}

export function nixString(s: string): string {
  return `"${escapeNixString(s)}"`;
}

/**
 * Replaces characters [from, to) of a string value by editing the source that produced them: the
 * string literal itself, or the integer literal a `toString` came from (possibly in a `let` far
 * away). With `withinValue`, only text written inside the value's own expression may be edited:
 * for a value whose source is shared (`port` used by two options), when only this one must change.
 * Undefined when those characters do not come from one editable place.
 */
export function replaceInStringValue(
  value: NixValue,
  from: number,
  to: number,
  newText: string,
  options: { withinValue?: boolean } = {},
): OffsetEdit | undefined {
  if (value.kind !== 'string') return undefined;
  let pos = 0;
  for (const seg of value.segments) {
    const segStart = pos;
    const segEnd = pos + seg.text.length;
    pos = segEnd;
    if (from < segStart || to > segEnd) continue;
    if (!seg.origin) return undefined;
    if (options.withinValue && (seg.origin.start < value.node.start || seg.origin.end > value.node.end))
      return undefined;
    if (seg.from === 'string') {
      return {
        start: seg.origin.start + (from - segStart),
        end: seg.origin.start + (to - segStart),
        newText: escapeNixString(newText),
      };
    }
    if (seg.from === 'int' && from === segStart && to === segEnd && /^[0-9]+$/.test(newText)) {
      return { start: seg.origin.start, end: seg.origin.end, newText };
    }
    return undefined;
  }
  return undefined;
}

/** Replaces an integer value at its literal (which may be a `let` binding the value came through). */
export function replaceInt(value: NixValue, newValue: number): OffsetEdit | undefined {
  if (value.kind !== 'int' || !value.origin) return undefined;
  return { start: value.origin.start, end: value.origin.end, newText: String(newValue) };
}

/**
 * Appends elements to a list in the list's own style: `[ 80 443 ]` stays on one line, a list with
 * one element per line gets new lines at the same indentation.
 */
export function appendToList(list: NixNode, text: string, items: string[]): OffsetEdit | undefined {
  const elements = listElements(list);
  const last = elements[elements.length - 1];
  if (!last) {
    const openTok = list.tokenSpan('[');
    const closeTok = list.tokenSpan(']');
    // An unclosed list is being typed: leave it alone.
    if (!openTok || !closeTok) return undefined;
    const open = openTok.end;
    const close = closeTok.start;
    const inner = text.slice(open, close);
    if (inner.includes('\n')) {
      const indent = lineIndent(text, list.start) + '  ';
      return { start: open, end: open, newText: items.map((i) => `\n${indent}${i}`).join('') };
    }
    // `[]` or `[ ]`: write the elements between single spaces.
    return { start: open, end: close, newText: ` ${items.join(' ')} ` };
  }
  const first = elements[0]!;
  const multiLine =
    elements.length > 1
      ? text.slice(first.end, elements[1]!.start).includes('\n')
      : text.slice(list.start, first.start).includes('\n');
  if (multiLine) {
    const indent = lineIndent(text, last.start);
    return { start: last.end, end: last.end, newText: items.map((i) => `\n${indent}${i}`).join('') };
  }
  return { start: last.end, end: last.end, newText: items.map((i) => ` ${i}`).join('') };
}

/** Adds `binding` (e.g. `acmeFallbackHost = "localhost:5080";`) as the last binding of an attrset. */
export function addBinding(attrset: NixNode, text: string, binding: string): OffsetEdit | undefined {
  const existing = bindings(attrset);
  const last = existing[existing.length - 1];
  const openTok = attrset.tokenSpan('{');
  const closeTok = attrset.tokenSpan('}');
  if (!openTok || !closeTok) return undefined;
  const close = closeTok.start;
  if (last) {
    const sameLine = !text.slice(attrset.start, last.start).includes('\n');
    if (sameLine) return { start: last.end, end: last.end, newText: ` ${binding}` };
    return { start: last.end, end: last.end, newText: `\n${lineIndent(text, last.start)}${binding}` };
  }
  const indent = lineIndent(text, attrset.start);
  return { start: openTok.end, end: close, newText: `\n${indent}  ${binding}\n${indent}` };
}

/** The whitespace that starts the line holding `offset`. */
export function lineIndent(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

/** `./copy-certs.sh`, `../snikket/copy-certs.sh`: a path literal from one file to another, if one can spell it. */
export function nixPathLiteral(from: string, to: string): string | undefined {
  const rel = path.relative(path.dirname(from), to).split(path.sep).join('/');
  const lit = rel.startsWith('../') ? rel : `./${rel}`;
  return /^[a-zA-Z0-9._+\-/]+$/.test(lit) ? lit : undefined;
}
