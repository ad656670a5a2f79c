/** Attribute sets as the evaluator sees them: their attributes however written, and selection. */
import type { Evaluator } from './evaluate';
import type { NixNode } from './tree';
import {
  DISABLED,
  isDisabled,
  unknown,
  type AttrEntries,
  type AttrEntry,
  type AttrsValue,
  type Frame,
  type NixValue,
} from './values';
import { attrNames, attrpathOf, bindingValue, bindings, expressions, inheritSource, inheritedNames } from './view';

const built = new WeakMap<AttrsValue, AttrEntries>();

/** The attributes of a set value; undefined when the value is not a set the checker can list. */
export function entriesOf(ev: Evaluator, v: NixValue): AttrEntries | undefined {
  if (v.kind !== 'attrs' || v.configPath) return undefined;
  if (v.entries) return v.entries;
  if (v.node.kind !== 'AttrSet' && v.node.kind !== 'LetIn' && v.node.kind !== 'LegacyLet') return undefined;
  let e = built.get(v);
  if (!e) {
    e = bindingEntries(ev, v.node, v.frame);
    built.set(v, e);
  }
  return e;
}

interface PathItem {
  names: NixNode[];
  value: NixNode;
}

function bindingEntries(ev: Evaluator, scope: NixNode, frame: Frame | undefined): AttrEntries {
  const items: PathItem[] = [];
  const map = new Map<string, AttrEntry>();
  for (const b of bindings(scope)) {
    if (b.kind === 'Inherit') {
      const source = inheritSource(b);
      for (const n of inheritedNames(b)) {
        const name = ev.attrName(n, frame);
        if (name === undefined || map.has(name)) continue;
        if (source) {
          map.set(name, {
            name,
            key: n,
            value: {
              get: () =>
                ev.attr(ev.evalIn(source, frame), name) ?? unknown(n, `${name} is not set where it is inherited from`),
            },
          });
        } else {
          // `inherit x;` takes x from the scope around the set, not from the set itself.
          const r = ev.resolveIn(scope, name, frame);
          map.set(name, {
            name,
            key: n,
            value:
              r === undefined
                ? { value: unknown(n, `${name} is not defined in this file`) }
                : 'unknown' in r
                  ? { get: () => ev.evalIn(n, frame) }
                  : r,
          });
        }
      }
      continue;
    }
    const path = attrpathOf(b);
    const value = bindingValue(b);
    if (!path || !value) continue;
    items.push({ names: attrNames(path), value });
  }
  const nested = pathEntries(ev, items, frame);
  for (const [k, e] of nested.map) if (!map.has(k)) map.set(k, e);
  const open = nested.open;
  return open !== undefined ? { map, open } : { map };
}

/** `a.b = 1; a.c = 2;` as a set `a` holding b and c. */
function pathEntries(ev: Evaluator, items: PathItem[], frame: Frame | undefined): AttrEntries {
  const groups = new Map<string, { key: NixNode; items: PathItem[] }>();
  let open: string | undefined;
  for (const it of items) {
    const first = it.names[0];
    if (!first) continue;
    const name = ev.attrName(first, frame);
    if (name === undefined) {
      open = 'an attribute name is computed from something the checker cannot follow';
      continue;
    }
    const g = groups.get(name) ?? { key: first, items: [] };
    g.items.push({ names: it.names.slice(1), value: it.value });
    groups.set(name, g);
  }
  const map = new Map<string, AttrEntry>();
  for (const [name, g] of groups) {
    const only = g.items[0]!;
    if (g.items.length === 1 && only.names.length === 0) {
      map.set(name, { name, key: g.key, value: { node: only.value, frame } });
      continue;
    }
    map.set(name, {
      name,
      key: g.key,
      value: {
        get: () => {
          const parts: NixValue[] = g.items.map((it) =>
            it.names.length === 0
              ? ev.evalIn(it.value, frame)
              : { kind: 'attrs', node: it.value, entries: pathEntries(ev, [it], frame) },
          );
          return mergeDeep(ev, g.key, parts);
        },
      },
    });
  }
  return open !== undefined ? { map, open } : { map };
}

/** The module system's merge of set definitions: attributes of every part, sets merged recursively. */
export function mergeDeep(ev: Evaluator, node: NixNode, parts: NixValue[]): NixValue {
  if (parts.length === 1) return parts[0]!;
  const map = new Map<string, AttrEntry>();
  const sources = new Map<string, AttrEntry[]>();
  let open: string | undefined;
  for (const p of parts) {
    const e = ev.entries(p);
    if (!e) {
      open ??=
        p.kind === 'unknown'
          ? (p.reason ?? 'part of the set comes from an expression the checker cannot follow')
          : 'part of the set is not a set';
      continue;
    }
    open ??= e.open;
    for (const [k, entry] of e.map) sources.set(k, [...(sources.get(k) ?? []), entry]);
  }
  for (const [k, list] of sources) {
    if (list.length === 1) {
      map.set(k, list[0]!);
      continue;
    }
    map.set(k, {
      name: k,
      key: list[0]!.key,
      value: {
        get: () => {
          const values = list.map((x) => ev.force(x.value)).filter((x) => !isDisabled(x));
          if (values.length === 0) return unknown(node, DISABLED);
          if (values.every((x) => x.kind === 'attrs')) return mergeDeep(ev, node, values);
          const first = values[0]!;
          const same = values.every(
            (x) =>
              (x.kind === 'string' || x.kind === 'int' || x.kind === 'bool') &&
              first.kind === x.kind &&
              x.value === first.value,
          );
          // A definition that may not apply (an undecidable mkIf) says why, not "defined twice".
          const unsure = values.find((x) => x.kind === 'unknown');
          return same
            ? first
            : unknown(
                node,
                (unsure?.kind === 'unknown' ? unsure.reason : undefined) ?? `${k} is defined more than once`,
              );
        },
      },
    });
  }
  return { kind: 'attrs', node, entries: open !== undefined ? { map, open } : { map } };
}

/** `a.b.c`, `a.${x}`, `a.b or d`, in the frame of the call being evaluated. */
export function selectIn(ev: Evaluator, node: NixNode, frame: Frame | undefined): NixValue {
  const [base] = expressions(node);
  const path = attrpathOf(node);
  if (!base || !path) return unknown(node);
  let current = ev.evalIn(base, frame);
  for (const attr of attrNames(path)) {
    const name = ev.attrName(attr, frame);
    if (name === undefined) return unknown(node);
    if (current.kind !== 'attrs')
      return current.kind === 'unknown' ? unknown(node, current.reason) : selectDefault(ev, node, frame);
    if (current.configPath) {
      // `config.a.b.c` is looked up once, as a whole.
      current = { kind: 'attrs', node, configPath: [...current.configPath, name] };
      continue;
    }
    const next = ev.attr(current, name);
    if (next === undefined) return selectDefault(ev, node, frame);
    current = next;
  }
  if (current.kind === 'attrs' && current.configPath && current.node === node)
    current = ev.attrAt(current.configPath, node);
  if (current.kind === 'unknown') return unknown(node, current.reason);
  return ev.unresolvedConfig(current, node);
}

function selectDefault(ev: Evaluator, node: NixNode, frame: Frame | undefined): NixValue {
  return node.tokenSpan('or') ? ev.evalIn(expressions(node)[1], frame) : unknown(node);
}
