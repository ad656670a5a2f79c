/** Binary operators the evaluator follows: `&&`, `||`, `==`, `!=`, `+`, `++` and `//` on known values. */
import type { Evaluator } from './evaluate';
import type { NixNode } from './tree';
import { asSegments, mergeAdjacent, unknown, type Frame, type NixValue } from './values';
import { expressions, operatorOf } from './view';

export function binop(ev: Evaluator, node: NixNode, frame: Frame | undefined): NixValue {
  const op = operatorOf(node)?.kind ?? '';
  const [l, r] = expressions(node);
  const a = ev.evalIn(l, frame);
  if (op === '&&' || op === '||') {
    if (a.kind === 'bool' && a.value === (op === '||')) return { kind: 'bool', value: a.value, node };
    const b = ev.evalIn(r, frame);
    return a.kind === 'bool' && b.kind === 'bool' ? { kind: 'bool', value: b.value, node } : unknown(node);
  }
  const b = ev.evalIn(r, frame);
  if (op === '==' || op === '!=') {
    const scalar = (v: NixValue) =>
      v.kind === 'string' || v.kind === 'int' || v.kind === 'bool' ? v.value : v.kind === 'null' ? null : undefined;
    const x = scalar(a);
    const y = scalar(b);
    if (x === undefined || y === undefined) return unknown(node);
    return { kind: 'bool', value: (x === y) === (op === '=='), node };
  }
  if (op === '+') {
    if (a.kind === 'int' && b.kind === 'int') return { kind: 'int', value: a.value + b.value, node };
    const sa = asSegments(a);
    const sb = asSegments(b);
    if (a.kind === 'string' && sa && sb) {
      const segments = mergeAdjacent([...sa, ...sb]);
      return { kind: 'string', value: segments.map((s) => s.text).join(''), segments, node };
    }
    return unknown(node, a.kind === 'unknown' ? a.reason : b.kind === 'unknown' ? b.reason : undefined);
  }
  if (op === '++') {
    const items: NixNode[] = [];
    const itemFrames: (Frame | undefined)[] = [];
    let complete = true;
    for (const side of [a, b]) {
      if (side.kind === 'list') {
        items.push(...side.items);
        itemFrames.push(...side.items.map((_, i) => side.itemFrames?.[i]));
        complete &&= side.complete;
      } else complete = false;
    }
    return { kind: 'list', node, items, complete, ...(itemFrames.some((f) => f) ? { itemFrames } : {}) };
  }
  if (op === '//') return mergeShallow(ev, node, a, b);
  return unknown(node);
}

/** `a // b`: b's attributes win; an unknown b hides everything, an unknown a leaves b's known. */
function mergeShallow(ev: Evaluator, node: NixNode, a: NixValue, b: NixValue): NixValue {
  const eb = ev.entries(b);
  if (!eb) return unknown(node, b.kind === 'unknown' ? b.reason : undefined);
  const ea = ev.entries(a);
  const map = new Map(ea?.map ?? []);
  for (const [k, e] of eb.map) map.set(k, e);
  const open = ea
    ? (ea.open ?? eb.open)
    : ((a.kind === 'unknown' ? a.reason : undefined) ??
      'part of the set comes from an expression the checker cannot follow');
  return { kind: 'attrs', node, entries: open !== undefined ? { map, open } : { map } };
}
