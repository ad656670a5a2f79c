/**
 * Function calls the evaluator follows: the module-system helpers, `toString`, `optionalAttrs`,
 * `genAttrs`, and the file's own functions applied to arguments (`container = image: { ... };`).
 */
import type { Evaluator } from './evaluate';
import { mergeDeep } from './evaluateAttrs';
import type { NixNode } from './tree';
import { DISABLED, plainString, unknown, type AttrEntry, type Frame, type NixValue, type Thunk } from './values';
import { expressions, lastExpression, spine, unparen } from './view';

/** Functions that return their last argument unchanged for our purposes. */
const TRANSPARENT_WRAPPERS = new Set([
  'mkDefault',
  'mkForce',
  'mkOverride',
  'mkBefore',
  'mkAfter',
  'mkOrder',
  'mkOptionDefault',
]);

const MAX_CALL_DEPTH = 32;

export function applyCall(ev: Evaluator, node: NixNode, frame: Frame | undefined): NixValue {
  const { fn, args } = spine(node);
  if (!fn) return unknown(node);
  const name = ev.calleeName(fn);
  const last = args[args.length - 1];
  const arg = (i: number) => ev.evalIn(args[i], frame);
  if ((name === 'toString' || name === 'toJSON') && args.length === 1)
    return toStringOf(arg(0), node, name === 'toJSON');
  if (name && TRANSPARENT_WRAPPERS.has(name) && last) return ev.evalIn(last, frame);
  if (
    (name === 'mkIf' || name === 'optionalAttrs' || name === 'optionalString' || name === 'optional') &&
    args.length === 2
  ) {
    const cond = arg(0);
    if (cond.kind === 'bool' && cond.value) return arg(1);
    if (cond.kind === 'bool') {
      if (name === 'mkIf') return unknown(node, DISABLED);
      if (name === 'optionalAttrs') return { kind: 'attrs', node, entries: { map: new Map() } };
      if (name === 'optionalString') return plainString('', node);
      return { kind: 'list', node, items: [], complete: true };
    }
    // Under a condition the checker cannot decide, a value may or may not be there: what the
    // body sets is unknown, what it does not set stays as it would be without it.
    const reason = onlyWhen(ev, args[0]!);
    return name === 'mkIf' || name === 'optionalAttrs'
      ? conditionalValue(ev, node, arg(1), reason)
      : unknown(node, reason);
  }
  if (name === 'mkMerge' && args.length === 1) {
    const items = ev.items(arg(0));
    if (!items) return unknown(node);
    const parts = items.filter((v) => !(v.kind === 'unknown' && v.reason === DISABLED));
    if (parts.length === 0) return { kind: 'attrs', node, entries: { map: new Map() } };
    return mergeDeep(ev, node, parts);
  }
  if (name === 'genAttrs' && args.length === 2) return genAttrs(ev, node, frame, args[0]!, args[1]!);
  if (name === 'readFile') return unknown(node, 'read from a file by builtins.readFile');
  if (name === 'import') return unknown(node, 'comes from another file through import');
  if (ev.text.slice(fn.start, fn.end) === 'builtins.getEnv')
    return unknown(node, 'read from the environment at evaluation time');
  return applyFunction(
    ev,
    node,
    fn,
    frame,
    args.map((a) => ({ node: a, frame })),
  );
}

/** The reason a value under an undecidable condition gives: the condition as written. */
export function onlyWhen(ev: Evaluator, cond: NixNode, holds = true): string {
  const text = ev.text.slice(cond.start, cond.end).replace(/\s+/g, ' ').trim();
  return `set only when ${text.length > 60 ? `${text.slice(0, 57)}...` : text} ${holds ? 'holds' : 'does not hold'}`;
}

/**
 * A set under an undecidable condition keeps its names (with every value unknown, sets walked
 * into), so a merge with it knows which names it may change and which it leaves alone.
 */
function conditionalValue(ev: Evaluator, node: NixNode, body: NixValue, reason: string): NixValue {
  const entries = ev.entries(body);
  if (!entries) return unknown(node, reason);
  const map = new Map<string, AttrEntry>();
  for (const [k, e] of entries.map) {
    map.set(k, {
      ...e,
      value: {
        get: () => {
          const v = ev.force(e.value);
          return v.kind === 'attrs' && !v.configPath
            ? conditionalValue(ev, v.node, v, reason)
            : unknown(v.node ?? node, reason);
        },
      },
    });
  }
  return { kind: 'attrs', node, entries: entries.open !== undefined ? { map, open: entries.open } : { map } };
}

function toStringOf(v: NixValue, node: NixNode, json: boolean): NixValue {
  if (v.kind === 'int') {
    const text = String(v.value);
    return {
      kind: 'string',
      value: text,
      segments: [{ text, ...(v.origin ? { origin: v.origin } : {}), from: 'int' }],
      node,
    };
  }
  if (v.kind === 'string') return json ? unknown(node) : { ...v, node };
  if (v.kind === 'path') return plainString(v.value, node);
  if (v.kind === 'bool' && !json) return plainString(v.value ? '1' : '', node);
  if (v.kind === 'null' && !json) return plainString('', node);
  return unknown(node, v.kind === 'unknown' ? v.reason : undefined);
}

function genAttrs(
  ev: Evaluator,
  node: NixNode,
  frame: Frame | undefined,
  namesNode: NixNode,
  fnNode: NixNode,
): NixValue {
  const names = ev.items(ev.evalIn(namesNode, frame));
  const list = ev.evalIn(namesNode, frame);
  if (!names || (list.kind === 'list' && !list.complete)) return unknown(node);
  const map = new Map<string, AttrEntry>();
  for (const n of names) {
    if (n.kind !== 'string') return unknown(node, n.kind === 'unknown' ? n.reason : undefined);
    map.set(n.value, { name: n.value, value: { get: () => applyFunction(ev, node, fnNode, frame, [{ value: n }]) } });
  }
  return { kind: 'attrs', node, entries: { map } };
}

/** Calls a function of the file with arguments, one lambda per argument (curried). */
function applyFunction(ev: Evaluator, node: NixNode, fn: NixNode, frame: Frame | undefined, args: Thunk[]): NixValue {
  let target = lambdaOf(ev, fn, frame, 0);
  for (let i = 0; i < args.length; i++) {
    if (!target)
      return unknown(node, i === 0 ? undefined : 'the function returns a function the checker cannot follow');
    const callFrame: Frame = { lambda: target.lambda, arg: args[i]!, parent: target.frame };
    const body = lastExpression(target.lambda);
    if (i === args.length - 1) return ev.evalIn(body, callFrame);
    target = body ? lambdaOf(ev, body, callFrame, 0) : undefined;
  }
  return unknown(node);
}

/** The lambda an expression names, with the frame it was defined in. */
function lambdaOf(
  ev: Evaluator,
  expr: NixNode | undefined,
  frame: Frame | undefined,
  depth: number,
): { lambda: NixNode; frame: Frame | undefined } | undefined {
  const n = unparen(expr);
  if (!n || depth > MAX_CALL_DEPTH) return undefined;
  if (n.kind === 'Lambda') return { lambda: n, frame };
  if (n.kind === 'LetIn') return lambdaOf(ev, lastExpression(n), frame, depth + 1);
  if (n.kind === 'Ident') {
    const r = ev.resolveIn(n, ev.text.slice(n.start, n.end), frame);
    return r && 'node' in r ? lambdaOf(ev, r.node, r.frame, depth + 1) : undefined;
  }
  if (n.kind === 'Select') {
    // `helpers.mkContainer`: the attribute's expression, in the frame of the set that holds it.
    const [base] = expressions(n);
    const v = ev.evalIn(base, frame);
    const names = n.nodes.find((c) => c.kind === 'Attrpath');
    if (!names || v.kind !== 'attrs') return undefined;
    let current: NixValue = v;
    let hit: Thunk | undefined;
    const attrs = names.nodes.filter((c) => c.kind === 'Ident' || c.kind === 'String' || c.kind === 'Dynamic');
    for (const [i, a] of attrs.entries()) {
      const name = ev.attrName(a, frame);
      const e = name === undefined ? undefined : ev.entries(current)?.map.get(name);
      if (!e) return undefined;
      hit = e.value;
      if (i < attrs.length - 1) current = ev.force(e.value);
    }
    return hit && 'node' in hit ? lambdaOf(ev, hit.node, hit.frame, depth + 1) : undefined;
  }
  return undefined;
}
