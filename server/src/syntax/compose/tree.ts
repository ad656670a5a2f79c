/**
 * A resolved, span-carrying view of a YAML document: aliases replaced by what they point to and
 * merge keys (`<<`) applied, with every node keeping the span of the text that wrote it (for
 * merged or aliased values that is the anchor's text, which is where a fix must go).
 *
 * Expansion is budgeted: an alias bomb (a few lines that expand exponentially) stops at the
 * budget with a problem instead of exhausting memory.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node as YNode } from 'yaml';
import type { Span } from '../../text/span';

export type ScalarValue = string | number | boolean | null;

export interface RScalar {
  kind: 'scalar';
  span: Span;
  value: ScalarValue;
  /** The text as written (quotes included). */
  source: string;
  /**
   * Offset of the value's first character when the text holds the value verbatim (plain or
   * simple quoted scalars on one line), so parts of the value can get exact spans.
   */
  valueStart?: number;
}

export interface RPair {
  key: string;
  keySpan: Span;
  value: RNode;
  /** True when the pair came from a `<<` merge. */
  merged: boolean;
}

export interface RMap {
  kind: 'map';
  span: Span;
  pairs: RPair[];
}

export interface RSeq {
  kind: 'seq';
  span: Span;
  items: RNode[];
}

export type RNode = RScalar | RMap | RSeq;

export interface TreeProblem {
  span: Span;
  message: string;
}

/** Node count beyond which expansion stops; far above any real compose file. */
const DEFAULT_NODE_BUDGET = 100_000;
const MAX_DEPTH = 200;

export function get(map: RNode | undefined, key: string): RPair | undefined {
  if (!map || map.kind !== 'map') return undefined;
  for (const p of map.pairs) if (p.key === key) return p;
  return undefined;
}

export function resolveTree(
  doc: Document.Parsed,
  text: string,
  problems: TreeProblem[],
  budget = DEFAULT_NODE_BUDGET,
): RNode | undefined {
  let count = 0;
  let exhausted = false;
  const active = new Set<unknown>();

  const spanOf = (n: { range?: [number, number, number] | null } | null | undefined, fallback: Span): Span =>
    n?.range ? { start: n.range[0], end: n.range[1] } : fallback;

  function emptyAt(span: Span): RScalar {
    return { kind: 'scalar', span, value: null, source: '' };
  }

  function build(node: unknown, at: Span, depth: number): RNode {
    if (node === null || node === undefined) return emptyAt(at);
    if (exhausted) return emptyAt(at);
    if (++count > budget) {
      exhausted = true;
      problems.push({
        span: at,
        message: `YAML aliases expand to more than ${budget} nodes here (an "alias bomb"?); the rest of the file is not read`,
      });
      return emptyAt(at);
    }
    if (depth > MAX_DEPTH) {
      problems.push({ span: at, message: `Nesting deeper than ${MAX_DEPTH} levels is not read` });
      return emptyAt(at);
    }
    if (isAlias(node)) {
      const span = spanOf(node as YNode, at);
      const target = node.resolve(doc);
      if (!target) {
        // The yaml parser already reports unknown anchors.
        return emptyAt(span);
      }
      if (active.has(target)) {
        problems.push({ span, message: `Alias '*${node.source}' refers to a node that contains it` });
        return emptyAt(span);
      }
      return build(target, span, depth + 1);
    }
    if (isScalar(node)) {
      const span = spanOf(node, at);
      const source = text.slice(span.start, span.end);
      const v = node.value;
      const value: ScalarValue =
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null
          ? v
          : typeof v === 'bigint'
            ? Number(v)
            : String(v);
      const scalar: RScalar = { kind: 'scalar', span, value, source };
      if (typeof value === 'string') {
        if (source === value) scalar.valueStart = span.start;
        else if (source.length === value.length + 2 && source.slice(1, -1) === value && /^["']/.test(source))
          scalar.valueStart = span.start + 1;
      }
      return scalar;
    }
    active.add(node);
    try {
      if (isSeq(node)) {
        const span = spanOf(node, at);
        return { kind: 'seq', span, items: node.items.map((item) => build(item, span, depth + 1)) };
      }
      if (isMap(node)) {
        const span = spanOf(node, at);
        const own: RPair[] = [];
        const ownKeys = new Set<string>();
        const mergedSources: RNode[] = [];
        for (const pair of node.items) {
          if (!isPair(pair)) continue;
          const k = pair.key as unknown;
          const keySpan = spanOf(k as YNode, span);
          if (isScalar(k) && (typeof k.value === 'symbol' || (k.value === '<<' && k.type === 'PLAIN'))) {
            const src = build(pair.value, keySpan, depth + 1);
            if (src.kind === 'seq') mergedSources.push(...src.items);
            else mergedSources.push(src);
            continue;
          }
          if (!isScalar(k)) {
            problems.push({ span: keySpan, message: 'Only plain keys are supported here' });
            continue;
          }
          const key = k.value === null ? '' : String(k.value);
          if (ownKeys.has(key)) {
            // Compose (go-yaml) rejects the file; YAML says keys must be unique.
            problems.push({ span: keySpan, message: `Duplicate key '${key}': YAML map keys must be unique` });
            continue;
          }
          ownKeys.add(key);
          own.push({
            key,
            keySpan,
            value: build(pair.value, { start: keySpan.end, end: keySpan.end }, depth + 1),
            merged: false,
          });
        }
        const pairs = [...own];
        const seen = ownKeys;
        // Explicit keys win over merged ones; among merged maps the first listed wins (YAML merge spec).
        for (const src of mergedSources) {
          if (src.kind !== 'map') {
            if (src.kind === 'seq' || src.value !== null)
              problems.push({ span: src.span, message: "A merge key '<<' needs a map or a list of maps" });
            continue;
          }
          for (const p of src.pairs) {
            if (seen.has(p.key)) continue;
            seen.add(p.key);
            pairs.push({ ...p, merged: true });
          }
        }
        return { kind: 'map', span, pairs };
      }
    } finally {
      active.delete(node);
    }
    return emptyAt(at);
  }

  const contents = doc.contents as unknown;
  if (contents === null || contents === undefined) return undefined;
  return build(contents, { start: 0, end: 0 }, 0);
}

/** Plain JS for schema validation; the tree is already bounded, so this is too. */
export function toPlain(node: RNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const p of node.pairs) out[p.key] = toPlain(p.value);
  return out;
}

/** Follow a schema-issue path through the tree; stops at the deepest node that exists. */
export function nodeAt(root: RNode, path: readonly PropertyKey[]): { node: RNode; pair?: RPair } {
  let node = root;
  let pair: RPair | undefined;
  for (const seg of path) {
    if (node.kind === 'map' && typeof seg === 'string') {
      const p = get(node, seg);
      if (!p) break;
      pair = p;
      node = p.value;
    } else if (node.kind === 'seq' && typeof seg === 'number' && node.items[seg]) {
      node = node.items[seg]!;
      pair = undefined;
    } else break;
  }
  return pair ? { node, pair } : { node };
}

/** The span of part of a scalar's value, exact when the scalar is written verbatim, else the whole scalar. */
export function subSpan(scalar: RScalar, from: number, to: number): Span {
  if (scalar.valueStart === undefined) return scalar.span;
  return { start: scalar.valueStart + from, end: scalar.valueStart + to };
}

/** A scalar as the string Compose sees (numbers as written, booleans as true/false). */
export function scalarText(node: RNode | undefined): string | undefined {
  if (!node || node.kind !== 'scalar' || node.value === null) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'number' && /^[+-]?[\d.]/.test(node.source)) return node.source;
  return String(node.value);
}
