/**
 * The values constant evaluation produces, and how string values keep track of the source text
 * they came from (so a fix can edit the literal that produced a value).
 */
import type { Span } from '../../text/span';
import type { NixNode } from './tree';

/** A piece of a string value. `origin` is set when `text` is exactly the source text at that span. */
export interface Segment {
  text: string;
  origin?: Span;
  /** 'int': the text is the decimal form of the integer literal at `origin` (via toString). */
  from: 'string' | 'int' | 'other';
}

export type NixValue =
  | { kind: 'int'; value: number; origin?: Span; node: NixNode }
  | { kind: 'float'; value: number; node: NixNode }
  | { kind: 'bool'; value: boolean; node: NixNode }
  | { kind: 'null'; node: NixNode }
  | { kind: 'string'; value: string; segments: Segment[]; node: NixNode }
  | { kind: 'path'; value: string; node: NixNode }
  | { kind: 'list'; node: NixNode; items: NixNode[]; complete: boolean }
  | { kind: 'attrs'; node: NixNode }
  | { kind: 'unknown'; node: NixNode | undefined };

export function unknown(node: NixNode | undefined): NixValue {
  return { kind: 'unknown', node };
}

export function plainString(value: string, node: NixNode): NixValue {
  return { kind: 'string', value, segments: [{ text: value, from: 'other' }], node };
}

/** What interpolating a value gives, as segments; undefined when not a known string. */
export function asSegments(v: NixValue): Segment[] | undefined {
  if (v.kind === 'string') return v.segments;
  if (v.kind === 'path') return [{ text: v.value, from: 'other' }];
  // Nix refuses to interpolate integers; users write toString. Being lenient here only helps reading.
  if (v.kind === 'int') return [{ text: String(v.value), ...(v.origin ? { origin: v.origin } : {}), from: 'int' }];
  return undefined;
}

export function mergeAdjacent(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const prev = out[out.length - 1];
    if (prev && prev.from === 'string' && s.from === 'string' && prev.origin && s.origin && prev.origin.end === s.origin.start) {
      out[out.length - 1] = { text: prev.text + s.text, origin: { start: prev.origin.start, end: s.origin.end }, from: 'string' };
    } else out.push(s);
  }
  return out;
}

export function unescape(raw: string, indented: boolean): string {
  if (indented) {
    if (raw === "''$") return '$';
    if (raw === "'''") return "''";
    if (raw.startsWith("''\\")) return escapedChar(raw.slice(3));
    return raw;
  }
  if (raw.startsWith('\\')) return escapedChar(raw.slice(1));
  return raw;
}

function escapedChar(c: string): string {
  if (c === 'n') return '\n';
  if (c === 'r') return '\r';
  if (c === 't') return '\t';
  return c;
}

/** Nix strips the smallest indentation of the non-blank lines of an indented string. */
export function stripIndent(s: string): string {
  const body = s.replace(/^[ \t]*\n/, '');
  const lines = body.split('\n');
  let min = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    min = Math.min(min, line.length - line.trimStart().length);
  }
  if (!Number.isFinite(min) || min === 0) return body;
  return lines.map((l) => l.slice(Math.min(min, l.length - l.trimStart().length))).join('\n');
}
