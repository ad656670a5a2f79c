/**
 * Constant evaluation of the part of Nix that deployment files use to repeat values: literals,
 * `let`/`rec` bindings, `inherit` (both forms), string interpolation, `toString`, `+`, `++`, `//`,
 * `if` with a known condition, attribute selection, the module-system wrappers (`mkDefault`,
 * `mkForce`, `mkIf`, `mkMerge`...), `optionalAttrs`, `genAttrs` and the file's own functions
 * applied to known arguments. Everything else is `unknown`, with a reason: the rules stay silent
 * rather than guess.
 *
 * Values remember where their text came from (segments), so a fix can edit the literal that
 * produced a value instead of the expression that merely repeats it.
 */
import type { NixNode } from './tree';
import { binop } from './evaluateOperators';
import { applyCall } from './evaluateCalls';
import { entriesOf, selectIn } from './evaluateAttrs';
import { stringValue } from './evaluateStrings';
import { isDisabled, literalValue, unknown, type AttrEntries, type Frame, type NixValue, type Thunk } from './values';
import {
  attrNames,
  attrpathOf,
  bindingValue,
  bindings,
  expressionAfter,
  expressions,
  identName,
  inheritSource,
  inheritedNames,
  isRecursive,
  lambdaBinds,
  listElements,
  operatorOf,
  staticName,
} from './view';

export type { NixValue, Segment, AttrEntries, Frame, Thunk } from './values';

const MAX_DEPTH = 64;

type BindingEntry = { type: 'value'; node: NixNode | null } | { type: 'inherit'; inherit: NixNode };

/** What a name refers to: an expression (in a call's frame), a value, or nothing knowable. */
export type Resolved = Thunk | { unknown: string } | undefined;

/** How `config.<path>` of a module is read: across the host's modules (model/options). */
export interface ConfigScope {
  /** The value the host's modules give an option; `under` when only options below it are defined. */
  lookup(path: string[], requester: Evaluator): NixValue | 'under';
  /** Two scopes over the same modules give the same values (so cached values stay valid). */
  sameAs(other: ConfigScope): boolean;
}

const FUNCTION_ARGUMENT = 'comes from a function argument';
/** The marker a module's own `config` argument resolves to. */
const CONFIG_ARGUMENT = '\u0000config';

export class Evaluator {
  private cache = new Map<NixNode, NixValue>();
  private frameCaches = new WeakMap<Frame, Map<NixNode, NixValue>>();
  private readonly tables = new Map<NixNode, Map<string, BindingEntry>>();
  private readonly recCache = new Map<NixNode, boolean>();
  private depth = 0;
  private config: ConfigScope | undefined;
  /** Changes whenever cached values are dropped: what was derived from them must be derived again. */
  generation = 0;

  constructor(readonly text: string) {}

  /** The host whose modules `config.<path>` reads; cached values are dropped when it changes. */
  setConfig(scope: ConfigScope | undefined): void {
    if (this.config === scope || (this.config && scope && this.config.sameAs(scope))) return;
    this.config = scope;
    this.cache = new Map();
    this.frameCaches = new WeakMap();
    this.generation++;
  }

  configLookup(path: string[], node: NixNode): NixValue {
    // Without the host's modules, `config.a.b` stays a path until something reads its value.
    if (!this.config) return { kind: 'attrs', node, configPath: path };
    const v = this.config.lookup(path, this);
    if (v === 'under') return { kind: 'attrs', node, configPath: path };
    // The value points at this file's `config.a.b`, not at a node of another module.
    return v.node && v.kind !== 'attrs' && v.kind !== 'list' ? { ...v, node } : v;
  }

  /** `config.<path>` read as a whole (the empty path is `config` itself). */
  attrAt(path: string[], node: NixNode): NixValue {
    return path.length === 0 ? { kind: 'attrs', node, configPath: [] } : this.configLookup(path, node);
  }

  /** A value read from `config.<path>` that no host's modules resolve. */
  unresolvedConfig(v: NixValue, node: NixNode): NixValue {
    if (v.kind !== 'attrs' || !v.configPath || this.config) return v;
    return unknown(node, `option ${v.configPath.join('.')} is set by the host's configuration`);
  }

  evaluate(node: NixNode | undefined): NixValue {
    return this.evalIn(node, undefined);
  }

  evalIn(node: NixNode | undefined, frame: Frame | undefined): NixValue {
    if (!node) return unknown(undefined);
    let cache = this.cache;
    if (frame) {
      cache = this.frameCaches.get(frame) ?? new Map();
      this.frameCaches.set(frame, cache);
    }
    const cached = cache.get(node);
    if (cached) return cached;
    if (this.depth > MAX_DEPTH) return unknown(node, 'the expression nests too deeply to follow');
    this.depth++;
    // A placeholder breaks cycles such as `rec { a = b; b = a; }`.
    cache.set(node, unknown(node));
    let v: NixValue;
    try {
      v = this.compute(node, frame);
    } finally {
      this.depth--;
    }
    cache.set(node, v);
    return v;
  }

  force(t: Thunk): NixValue {
    if ('value' in t) return t.value;
    if ('get' in t) return t.get();
    return this.evalIn(t.node, t.frame);
  }

  /** The attribute set an expression evaluates to, if it is one written as `{ ... }` outside any call. */
  attrsOf(node: NixNode | undefined): NixNode | undefined {
    const v = this.evaluate(node);
    return v.kind === 'attrs' && !v.frame && !v.entries && !v.configPath && v.node.kind === 'AttrSet'
      ? v.node
      : undefined;
  }

  /** The attributes of a set value however it was built; undefined when not a known set. */
  entries(v: NixValue): AttrEntries | undefined {
    return entriesOf(this, v);
  }

  /** One attribute of a set value: absent (undefined) or its value (maybe unknown). */
  attr(v: NixValue, name: string): NixValue | undefined {
    if (v.kind === 'unknown') return v;
    if (v.kind === 'attrs' && v.configPath) return this.configLookup([...v.configPath, name], v.node);
    const e = this.entries(v);
    if (!e) return unknown(v.node);
    const hit = e.map.get(name);
    const value = hit ? this.force(hit.value) : undefined;
    // A `mkIf false` attribute is not there.
    if (value && !isDisabled(value)) return value;
    return e.open !== undefined ? unknown(v.node, e.open) : undefined;
  }

  /** The elements of a list expression, following `++` and variables. */
  listOf(node: NixNode | undefined): { items: NixNode[]; complete: boolean } | undefined {
    const v = this.evaluate(node);
    return v.kind === 'list' ? { items: v.items, complete: v.complete } : undefined;
  }

  /** The element values of a list value, each in the frame it was written in. */
  items(v: NixValue): NixValue[] | undefined {
    if (v.kind !== 'list') return undefined;
    return v.items.map((n, i) => this.evalIn(n, v.itemFrames?.[i]));
  }

  private compute(node: NixNode, frame: Frame | undefined): NixValue {
    switch (node.kind) {
      case 'Paren':
        return this.evalIn(expressions(node)[0], frame);
      case 'Literal':
        return literalValue(this.text, node);
      case 'String':
      case 'IndentedString':
        return stringValue(this, node, frame);
      case 'Ident':
        return this.variable(node, frame);
      case 'Select':
        return selectIn(this, node, frame);
      case 'Apply':
        return applyCall(this, node, frame);
      case 'BinOp':
        return binop(this, node, frame);
      case 'UnaryOp': {
        const v = this.evalIn(expressions(node)[0], frame);
        return operatorOf(node)?.kind === '!' && v.kind === 'bool'
          ? { kind: 'bool', value: !v.value, node }
          : unknown(node);
      }
      case 'IfElse': {
        const [c, a, b] = expressions(node);
        const cond = this.evalIn(c, frame);
        if (cond.kind !== 'bool') return unknown(node, cond.kind === 'unknown' ? cond.reason : undefined);
        return this.evalIn(cond.value ? a : b, frame);
      }
      case 'List': {
        const items = listElements(node);
        return { kind: 'list', node, items, complete: true, ...(frame ? { itemFrames: items.map(() => frame) } : {}) };
      }
      case 'AttrSet':
        return frame ? { kind: 'attrs', node, frame } : { kind: 'attrs', node };
      case 'LetIn':
      case 'With':
      case 'Assert': {
        const es = expressions(node);
        return this.evalIn(es[es.length - 1], frame);
      }
      default:
        return unknown(node);
    }
  }

  private variable(node: NixNode, frame: Frame | undefined): NixValue {
    const name = identName(node, this.text);
    const target = this.resolveIn(node, name, frame);
    if (target === undefined) {
      if (name === 'true' || name === 'false') return { kind: 'bool', value: name === 'true', node };
      if (name === 'null') return { kind: 'null', node };
      return unknown(node);
    }
    if ('unknown' in target) {
      // A module's `config` argument: its options are read across the host's modules.
      if (target.unknown === CONFIG_ARGUMENT) return { kind: 'attrs', node, configPath: [] };
      return unknown(node, target.unknown);
    }
    return this.force(target);
  }

  /**
   * The expression a variable is bound to, walking out through `let`, `rec` sets and function
   * parameters. A parameter or a name under `with` is unknown (undefined).
   */
  resolve(from: NixNode, name: string): NixNode | undefined {
    const r = this.resolveIn(from, name, undefined);
    return r && 'node' in r ? r.node : undefined;
  }

  /** What `name` refers to at `from`, with the arguments of the calls in `frame`. */
  resolveIn(from: NixNode, name: string, frame: Frame | undefined): Resolved {
    let child: NixNode = from;
    for (let scope = from.parent; scope; child = scope, scope = scope.parent) {
      if (scope.kind === 'LetIn' || scope.kind === 'LegacyLet' || (scope.kind === 'AttrSet' && this.isRec(scope))) {
        const hit = this.lookupIn(scope, name, frame);
        if (hit !== undefined) return hit;
      } else if (scope.kind === 'Lambda') {
        const bound = lambdaBinds(scope, name, this.text);
        if (bound) return this.argument(scope, bound, name, frame);
      } else if (scope.kind === 'With' && child !== expressions(scope)[0]) {
        // Lexical bindings outside still win over `with`; keep walking, but remember nothing.
        continue;
      }
    }
    return undefined;
  }

  private argument(lambda: NixNode, bound: 'whole' | NixNode, name: string, frame: Frame | undefined): Resolved {
    let f = frame;
    while (f && f.lambda !== lambda) f = f.parent;
    if (!f) {
      const isModule =
        lambda.parent?.kind === 'Root' || (lambda.parent?.parent?.kind === 'Root' && lambda.parent.kind === 'Paren');
      return { unknown: isModule && name === 'config' ? CONFIG_ARGUMENT : `${name} ${FUNCTION_ARGUMENT}` };
    }
    if (bound === 'whole') return f.arg;
    const arg = this.force(f.arg);
    const hit = this.attr(arg, name);
    if (hit !== undefined) return { value: hit };
    // `{ port ? 5443 }:` called without `port`: the default, in the call's frame.
    const dflt = expressionAfter(bound, '?');
    return dflt ? { node: dflt, frame: f } : { unknown: `${name} ${FUNCTION_ARGUMENT}` };
  }

  private lookupIn(scope: NixNode, name: string, frame: Frame | undefined): Resolved {
    const table = this.table(scope);
    const entry = table.get(name);
    if (entry === undefined) return undefined;
    if (entry.type === 'value') {
      if (entry.node) return { node: entry.node, frame };
      // `x.y = 1;` in a let: the set the paths build.
      const v = this.entries(frame ? { kind: 'attrs', node: scope, frame } : { kind: 'attrs', node: scope });
      const hit = v?.map.get(name);
      return hit ? hit.value : { unknown: 'the checker cannot follow the expression that sets it' };
    }
    const source = inheritSource(entry.inherit);
    if (!source) return this.resolveIn(scope, name, frame) ?? { unknown: `${name} is not defined in this file` };
    const hit = this.attr(this.evalIn(source, frame), name);
    return hit ? { value: hit } : { unknown: `${name} is not set where it is inherited from` };
  }

  /**
   * Looks `name` up among the bindings of an attrset/let. Returns the value node, `null` when the
   * name is bound but its value is not knowable, or undefined when the name is not bound here.
   */
  lookupBinding(scope: NixNode, name: string): NixNode | null | undefined {
    const entry = this.table(scope).get(name);
    if (entry === undefined || entry.type === 'value') return entry?.node;
    const source = inheritSource(entry.inherit);
    if (!source) return this.resolve(scope, name) ?? null;
    const attrs = this.attrsOf(source);
    return attrs ? (this.lookupBinding(attrs, name) ?? null) : null;
  }

  private table(scope: NixNode): Map<string, BindingEntry> {
    let table = this.tables.get(scope);
    if (!table) {
      table = this.bindingTable(scope);
      this.tables.set(scope, table);
    }
    return table;
  }

  /**
   * Every statically named binding of a scope, built once: a module with thousands of bindings
   * must not be scanned once per variable. Dynamic names (`${a} = ...`) are not in scope as
   * variables, and skipping them keeps building the table from evaluating anything.
   */
  private bindingTable(scope: NixNode): Map<string, BindingEntry> {
    const table = new Map<string, BindingEntry>();
    for (const b of bindings(scope)) {
      if (b.kind === 'Inherit') {
        for (const n of inheritedNames(b)) {
          const name = staticName(n, this.text);
          if (name !== undefined && !table.has(name)) table.set(name, { type: 'inherit', inherit: b });
        }
        continue;
      }
      const path = attrpathOf(b);
      const first = path ? attrNames(path)[0] : undefined;
      const name = first ? staticName(first, this.text) : undefined;
      if (name === undefined || table.has(name)) continue;
      // `x.y = 1;` makes x an attrset we cannot hand back as one node.
      table.set(name, { type: 'value', node: attrNames(path!).length === 1 ? (bindingValue(b) ?? null) : null });
    }
    return table;
  }

  isRec(attrset: NixNode): boolean {
    let rec = this.recCache.get(attrset);
    if (rec === undefined) {
      rec = isRecursive(attrset);
      this.recCache.set(attrset, rec);
    }
    return rec;
  }

  /** The name of an attribute node (Ident, String or Dynamic), when it is constant. */
  attrName(attr: NixNode, frame?: Frame): string | undefined {
    if (attr.kind === 'Ident') return identName(attr, this.text);
    const v = attr.kind === 'Dynamic' ? this.evalIn(expressions(attr)[0], frame) : this.evalIn(attr, frame);
    return v.kind === 'string' ? v.value : undefined;
  }

  /** `toString`, `builtins.toString`, `lib.mkForce`, `lib.modules.mkForce` → the last name. */
  calleeName(fn: NixNode): string | undefined {
    if (fn.kind === 'Ident') {
      const name = identName(fn, this.text);
      // A let-bound helper of the same name is the user's own function: not the builtin.
      return this.resolve(fn, name) ? undefined : name;
    }
    if (fn.kind === 'Select') {
      const path = attrpathOf(fn);
      const names = path ? attrNames(path) : [];
      const lastName = names[names.length - 1];
      return lastName ? this.attrName(lastName) : undefined;
    }
    return undefined;
  }
}
