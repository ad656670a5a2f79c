/**
 * Constant evaluation of the small part of Nix that deployment files use to repeat values:
 * literals, `let`/`rec` bindings, `inherit`, string interpolation, `toString`, `+`, `++`,
 * attribute selection and the module-system wrappers (`mkDefault`, `mkForce`, `mkIf`...).
 * Everything else is `unknown`: the rules stay silent rather than guess.
 *
 * Values remember where their text came from (segments), so a fix can edit the literal that
 * produced a value instead of the expression that merely repeats it.
 */
import type { NixNode } from './tree';
import { asSegments, mergeAdjacent, plainString, stripIndent, unescape, unknown, type NixValue, type Segment } from './values';
import {
  attrNames, attrpathOf, bindingValue, bindings, expressions, identName, inheritSource, inheritedNames,
  isRecursive, listElements, operatorOf, unparen,
} from './view';

export type { NixValue, Segment } from './values';

const MAX_DEPTH = 64;

type BindingEntry = { type: 'value'; node: NixNode | null } | { type: 'inherit'; inherit: NixNode };

/** An attribute name written without interpolation: `a`, `or`, `"a"`. */
function staticName(attr: NixNode, text: string): string | undefined {
  if (attr.kind === 'Ident') return identName(attr, text);
  if (attr.kind !== 'String') return undefined;
  let out = '';
  for (const c of attr.children) {
    if (c.type === 'node') return undefined;
    if (c.kind === 'str_content') out += text.slice(c.start, c.end);
    else if (c.kind === 'str_escape') return undefined;
  }
  return out;
}

/** Functions that return (one of) their last argument unchanged for our purposes. */
const TRANSPARENT_WRAPPERS = new Set(['mkDefault', 'mkForce', 'mkOverride', 'mkIf', 'mkBefore', 'mkAfter', 'mkOrder']);

export class Evaluator {
  private readonly cache = new Map<NixNode, NixValue>();
  private readonly tables = new Map<NixNode, Map<string, BindingEntry>>();
  private readonly recCache = new Map<NixNode, boolean>();
  private depth = 0;

  constructor(readonly text: string) {}

  evaluate(node: NixNode | undefined): NixValue {
    if (!node) return unknown(undefined);
    const cached = this.cache.get(node);
    if (cached) return cached;
    if (this.depth > MAX_DEPTH) return unknown(node);
    this.depth++;
    // A placeholder breaks cycles such as `rec { a = b; b = a; }`.
    this.cache.set(node, unknown(node));
    let v: NixValue;
    try {
      v = this.compute(node);
    } finally {
      this.depth--;
    }
    this.cache.set(node, v);
    return v;
  }

  /** The attribute set an expression evaluates to, if knowable (following variables and selections). */
  attrsOf(node: NixNode | undefined): NixNode | undefined {
    const v = this.evaluate(node);
    return v.kind === 'attrs' ? v.node : undefined;
  }

  /** The elements of a list expression, following `++` and variables. */
  listOf(node: NixNode | undefined): { items: NixNode[]; complete: boolean } | undefined {
    const v = this.evaluate(node);
    return v.kind === 'list' ? { items: v.items, complete: v.complete } : undefined;
  }

  private compute(node: NixNode): NixValue {
    switch (node.kind) {
      case 'Paren':
        return this.evaluate(expressions(node)[0]);
      case 'Literal':
        return this.literal(node);
      case 'String':
      case 'IndentedString':
        return this.string(node);
      case 'Ident':
        return this.variable(node);
      case 'Select':
        return this.select(node);
      case 'Apply':
        return this.apply(node);
      case 'BinOp':
        return this.binop(node);
      case 'List':
        return { kind: 'list', node, items: listElements(node), complete: true };
      case 'AttrSet':
        return { kind: 'attrs', node };
      case 'LetIn':
      case 'With':
      case 'Assert': {
        const es = expressions(node);
        return this.evaluate(es[es.length - 1]);
      }
      default:
        return unknown(node);
    }
  }

  private literal(node: NixNode): NixValue {
    const tok = node.children.find((c) => c.type === 'token' && c.kind !== 'whitespace' && c.kind !== 'comment');
    if (!tok || tok.type !== 'token') return unknown(node);
    const raw = this.text.slice(tok.start, tok.end);
    switch (tok.kind) {
      case 'int': {
        const value = Number(raw);
        return Number.isSafeInteger(value) ? { kind: 'int', value, origin: { start: tok.start, end: tok.end }, node } : unknown(node);
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

  private string(node: NixNode): NixValue {
    const indented = node.kind === 'IndentedString';
    const segments: Segment[] = [];
    for (const c of node.children) {
      if (c.type === 'token') {
        if (c.kind === 'str_content') {
          segments.push({ text: this.text.slice(c.start, c.end).replace(/\r\n?/g, '\n'), origin: { start: c.start, end: c.end }, from: 'string' });
        } else if (c.kind === 'str_escape') {
          segments.push({ text: unescape(this.text.slice(c.start, c.end), indented), from: 'other' });
        }
      } else if (c.kind === 'Interpolation') {
        const inner = this.evaluate(expressions(c)[0]);
        const segs = asSegments(inner);
        if (!segs) return unknown(node);
        segments.push(...segs);
      }
    }
    const value = segments.map((s) => s.text).join('');
    if (indented) return { kind: 'string', value: stripIndent(value), segments: [{ text: stripIndent(value), from: 'other' }], node };
    return { kind: 'string', value, segments: mergeAdjacent(segments), node };
  }

  private variable(node: NixNode): NixValue {
    const name = identName(node, this.text);
    if (name === 'true' || name === 'false') {
      if (!this.resolve(node, name)) return { kind: 'bool', value: name === 'true', node };
    }
    if (name === 'null' && !this.resolve(node, name)) return { kind: 'null', node };
    const target = this.resolve(node, name);
    return target ? this.evaluate(target) : unknown(node);
  }

  /**
   * The expression a variable is bound to, walking out through `let`, `rec` sets and function
   * parameters. A parameter or a name under `with` is unknown (undefined).
   */
  resolve(from: NixNode, name: string): NixNode | undefined {
    let child: NixNode = from;
    for (let scope = from.parent; scope; child = scope, scope = scope.parent) {
      if (scope.kind === 'LetIn' || scope.kind === 'LegacyLet' || (scope.kind === 'AttrSet' && this.isRec(scope))) {
        const hit = this.lookupBinding(scope, name);
        if (hit !== undefined) return hit ?? undefined;
      } else if (scope.kind === 'Lambda') {
        if (lambdaBinds(scope, name, this.text)) return undefined;
      } else if (scope.kind === 'With' && child !== expressions(scope)[0]) {
        // Lexical bindings outside still win over `with`; keep walking, but remember nothing.
        continue;
      }
    }
    return undefined;
  }

  /**
   * Looks `name` up among the bindings of an attrset/let. Returns the value node, `null` when the
   * name is bound but its value is not knowable, or undefined when the name is not bound here.
   */
  lookupBinding(scope: NixNode, name: string): NixNode | null | undefined {
    let table = this.tables.get(scope);
    if (!table) {
      table = this.bindingTable(scope);
      this.tables.set(scope, table);
    }
    const entry = table.get(name);
    if (entry === undefined || entry.type === 'value') return entry?.node;
    const source = inheritSource(entry.inherit);
    if (!source) {
      // `inherit x;` in a let refers to the enclosing scope's x.
      return scope.kind === 'AttrSet' && !this.isRec(scope) ? null : (this.resolve(scope, name) ?? null);
    }
    const attrs = this.attrsOf(source);
    return attrs ? (this.lookupBinding(attrs, name) ?? null) : null;
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

  private isRec(attrset: NixNode): boolean {
    let rec = this.recCache.get(attrset);
    if (rec === undefined) {
      rec = isRecursive(attrset);
      this.recCache.set(attrset, rec);
    }
    return rec;
  }

  /** The name of an attribute node (Ident, String or Dynamic), when it is constant. */
  attrName(attr: NixNode): string | undefined {
    if (attr.kind === 'Ident') return identName(attr, this.text);
    const v = attr.kind === 'Dynamic' ? this.evaluate(expressions(attr)[0]) : this.evaluate(attr);
    return v.kind === 'string' ? v.value : undefined;
  }

  private select(node: NixNode): NixValue {
    const [base] = expressions(node);
    const path = attrpathOf(node);
    if (!base || !path) return unknown(node);
    // `builtins.toString` and `lib.mkForce` are reached through a Select; handled by apply().
    let current = this.attrsOf(base);
    let value: NixNode | undefined;
    for (const attr of attrNames(path)) {
      const name = this.attrName(attr);
      if (!current || name === undefined) return this.selectDefault(node);
      const hit = this.lookupBinding(current, name);
      if (!hit) return this.selectDefault(node);
      value = hit;
      current = this.attrsOf(hit);
    }
    return value ? this.evaluate(value) : unknown(node);
  }

  private selectDefault(node: NixNode): NixValue {
    return node.tokenSpan('or') ? this.evaluate(expressions(node)[1]) : unknown(node);
  }

  private apply(node: NixNode): NixValue {
    const { fn, args } = this.spine(node);
    const name = fn ? this.calleeName(fn) : undefined;
    const last = args[args.length - 1];
    if (name === 'toString' && args.length === 1) {
      const v = this.evaluate(last);
      if (v.kind === 'int') return { kind: 'string', value: String(v.value), segments: [{ text: String(v.value), ...(v.origin ? { origin: v.origin } : {}), from: 'int' }], node };
      if (v.kind === 'string') return { ...v, node };
      if (v.kind === 'path') return plainString(v.value, node);
      return unknown(node);
    }
    if (name && TRANSPARENT_WRAPPERS.has(name)) return this.evaluate(last);
    return unknown(node);
  }

  /** `f a b` as the function and its arguments in order. */
  spine(node: NixNode): { fn: NixNode | undefined; args: NixNode[] } {
    const args: NixNode[] = [];
    let n: NixNode | undefined = node;
    while (n && n.kind === 'Apply') {
      const [f, a] = expressions(n);
      if (a) args.unshift(a);
      n = unparen(f);
    }
    return { fn: n, args };
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

  private binop(node: NixNode): NixValue {
    const op = operatorOf(node);
    const [l, r] = expressions(node);
    const opText = op ? op.kind : '';
    if (opText === '+') {
      const a = this.evaluate(l);
      const b = this.evaluate(r);
      if (a.kind === 'int' && b.kind === 'int') return { kind: 'int', value: a.value + b.value, node };
      const sa = asSegments(a);
      const sb = asSegments(b);
      if (a.kind === 'string' && sa && sb) {
        const segments = mergeAdjacent([...sa, ...sb]);
        return { kind: 'string', value: segments.map((s) => s.text).join(''), segments, node };
      }
      return unknown(node);
    }
    if (opText === '++') {
      const a = this.evaluate(l);
      const b = this.evaluate(r);
      const items: NixNode[] = [];
      let complete = true;
      for (const side of [a, b]) {
        if (side.kind === 'list') {
          items.push(...side.items);
          complete &&= side.complete;
        } else complete = false;
      }
      return { kind: 'list', node, items, complete };
    }
    return unknown(node);
  }
}

function lambdaBinds(lambda: NixNode, name: string, text: string): boolean {
  for (const c of lambda.nodes) {
    if (c.kind === 'Ident') return identName(c, text) === name;
    if (c.kind === 'Pattern') {
      for (const p of c.nodes) {
        if (p.kind === 'PatEntry' || p.kind === 'PatBind') {
          const id = p.nodes.find((x) => x.kind === 'Ident');
          if (id && identName(id, text) === name) return true;
        }
      }
      return false;
    }
  }
  return false;
}
