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
  | { kind: 'list'; node: NixNode; items: NixNode[]; complete: boolean; itemFrames?: (Frame | undefined)[] }
  | AttrsValue
  | { kind: 'unknown'; node: NixNode | undefined; reason?: string };

/**
 * An attribute set. `node` is the expression it was written as. A set built by `//`, `mkMerge`,
 * `genAttrs` or a function call carries its `entries`; a plain `{ ... }` evaluated inside a
 * function call carries the call's `frame`. `configPath` marks `config.a.b` of a module, resolved
 * across the host's modules only when a value is read from it.
 */
export interface AttrsValue {
  kind: 'attrs';
  node: NixNode;
  frame?: Frame;
  entries?: AttrEntries;
  configPath?: string[];
}

/** The attributes of a set, and, when other attributes may exist that the checker cannot see, why. */
export interface AttrEntries {
  map: Map<string, AttrEntry>;
  open?: string;
}

export interface AttrEntry {
  name: string;
  /** The attribute name as written, when it was written in the same file. */
  key?: NixNode;
  value: Thunk;
}

/** An expression to evaluate in the frame of the call it sits in, or a value already known. */
export type Thunk = { node: NixNode; frame: Frame | undefined } | { value: NixValue } | { get: () => NixValue };

/** The arguments of the function calls being evaluated, innermost first. */
export interface Frame {
  lambda: NixNode;
  arg: Thunk;
  parent: Frame | undefined;
}

/** The reason a `mkIf false` definition gives: it defines nothing, and a merge skips it. */
export const DISABLED = 'disabled by a mkIf whose condition is false';

/** Whether a value is a `mkIf false`: nothing, not an unknown value. */
export function isDisabled(v: NixValue): boolean {
  return v.kind === 'unknown' && v.reason === DISABLED;
}

export function unknown(node: NixNode | undefined, reason?: string): NixValue {
  return reason === undefined ? { kind: 'unknown', node } : { kind: 'unknown', node, reason };
}

/** What a finding or the overview says about a value nobody can know before run time. */
export function unknownReason(v: NixValue): string | undefined {
  return v.kind === 'unknown' ? (v.reason ?? 'the checker cannot follow the expression that sets it') : undefined;
}

/** The value of a number, path or URI literal; unknown for anything else. */
export function literalValue(text: string, node: NixNode): NixValue {
  const tok = node.children.find((c) => c.type === 'token' && c.kind !== 'whitespace' && c.kind !== 'comment');
  if (!tok || tok.type !== 'token') return unknown(node);
  const raw = text.slice(tok.start, tok.end);
  switch (tok.kind) {
    case 'int': {
      const value = Number(raw);
      return Number.isSafeInteger(value)
        ? { kind: 'int', value, origin: { start: tok.start, end: tok.end }, node }
        : unknown(node);
    }
    case 'float':
      return { kind: 'float', value: Number(raw), node };
    case 'path':
    case 'search_path':
    case 'uri':
      return tok.kind === 'uri' ? plainString(raw, node) : { kind: 'path', value: raw, node };
    default:
      return unknown(node);
  }
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
    if (
      prev &&
      prev.from === 'string' &&
      s.from === 'string' &&
      prev.origin &&
      s.origin &&
      prev.origin.end === s.origin.start
    ) {
      out[out.length - 1] = {
        text: prev.text + s.text,
        origin: { start: prev.origin.start, end: s.origin.end },
        from: 'string',
      };
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
