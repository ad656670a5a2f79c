/**
 * The errors Nix raises right after parsing, before any evaluation (nix-instantiate --parse reports
 * them): an attribute defined twice (`{ a = 1; a = 2; }`, `{ a = 1; a.b = 2; }`; two attribute-set
 * literals for one name merge, their keys must not clash), a formal argument named twice
 * (`{ x, x }: x`, `x@{ x }: x`), and dynamic attributes in `let` and `inherit`. Each is reported at
 * the second definition, with the first as related location, as nil and nixd do. A NUL byte ends
 * the text for Nix: what follows it is not read.
 */
import type { NixNode, NixParseResult, NixSyntaxError } from './tree';
import { attrNames, attrpathOf, bindings, expressions, inheritedNames, unparen } from './view';

/** Applies what Nix does after parsing. The tree stays whole (it is lossless); only the errors change. */
export function afterParse(result: NixParseResult): NixParseResult {
  const extra = new BindingChecker(result.text).run(result.root);
  const nul = result.text.indexOf('\0');
  if (extra.length === 0 && nul < 0) return result;
  const all = extra.length === 0 ? result.errors : [...result.errors, ...extra].sort((a, b) => a.start - b.start);
  // Nix stops reading at a NUL byte: nothing from there on is an error.
  const errors = nul < 0 ? all : all.filter((e) => e.start < nul);
  return { text: result.text, root: result.root, errors };
}

interface Entry {
  first: NixNode;
  /** Made by a longer path (`a.b = ...`), or the scope of `literal` once a clash needs it. */
  attrs?: Scope;
  /** The value when it is an attribute set literal (its scope is built only when a clash needs it). */
  literal?: NixNode;
}

type Scope = Map<string, Entry>;

/** A name that is constant (Ident, plain string, `${"plain"}`), `dynamic`, or `unknown` (a constant we do not spell out). */
type Name = { kind: 'static'; name: string } | { kind: 'dynamic' } | { kind: 'unknown' };

class BindingChecker {
  private readonly errors: NixSyntaxError[] = [];
  private readonly scopes = new Map<NixNode, Scope>();

  constructor(private readonly text: string) {}

  run(root: NixNode): NixSyntaxError[] {
    // An explicit stack: deeply nested files must not exhaust the call stack. The order does not
    // matter: a literal's scope is built once, by whichever needs it first.
    const stack: NixNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      switch (node.kind) {
        case 'AttrSet':
          // A set with one binding cannot clash by itself; a parent builds its scope if a merge needs it.
          if (hasTwoBindings(node) && !this.plainAndDistinct(node)) this.scopeOf(node);
          break;
        case 'LetIn':
        case 'LegacyLet':
          if (!this.plainAndDistinct(node)) this.scopeOf(node);
          this.dynamicInLet(node);
          break;
        case 'Inherit':
          this.dynamicInInherit(node);
          break;
        case 'Pattern':
          this.formals(node);
          break;
      }
      const nodes = node.nodes;
      for (let i = nodes.length - 1; i >= 0; i--) stack.push(nodes[i]!);
    }
    return this.errors;
  }

  /**
   * The common case, checked without building a scope: every binding starts with a plain name and
   * no two start with the same one (then no two can clash). Anything else takes the full check.
   */
  private plainAndDistinct(node: NixNode): boolean {
    // Compared in place, without slicing names: this runs for nearly every set of a large file.
    const firsts: NixNode[] = [];
    for (const b of node.nodes) {
      if (b.kind === 'Inherit') return false;
      if (b.kind !== 'AttrpathValue') continue;
      const path = b.nodes[0];
      const names = path?.kind === 'Attrpath' ? path.nodes : undefined;
      if (!names || names.length === 0 || names[0]!.kind !== 'Ident') return false;
      firsts.push(names[0]!);
    }
    if (firsts.length > 32) {
      const seen = new Set<string>();
      for (const n of firsts) {
        const name = this.text.slice(n.start, n.end);
        if (seen.has(name)) return false;
        seen.add(name);
      }
      return true;
    }
    for (let i = 1; i < firsts.length; i++) {
      for (let j = 0; j < i; j++) if (sameText(this.text, firsts[i]!, firsts[j]!)) return false;
    }
    return true;
  }

  /** The names a set, `rec` set or `let` defines, built once; duplicates are reported while building. */
  private scopeOf(node: NixNode): Scope {
    const known = this.scopes.get(node);
    if (known) return known;
    const scope: Scope = new Map();
    this.scopes.set(node, scope);
    for (const b of bindings(node)) {
      if (b.kind === 'Inherit') {
        for (const n of inheritedNames(b)) {
          const name = this.nameOf(n);
          if (name.kind !== 'static') continue;
          const e = scope.get(name.name);
          if (e) this.duplicate(name.name, n, e.first);
          else scope.set(name.name, { first: n });
        }
        continue;
      }
      const path = b.nodes[0];
      if (path?.kind !== 'Attrpath') continue;
      const names = attrNames(path);
      // `path = value;`: the value is the node after the path (read off `nodes`, not the tokens).
      const value = b.nodes.length > 1 ? b.nodes[b.nodes.length - 1] : undefined;
      if (names.length > 0) this.insert(scope, names, 0, value);
    }
    return scope;
  }

  private insert(scope: Scope, names: NixNode[], i: number, value: NixNode | undefined): void {
    const name = this.nameOf(names[i]!);
    // A dynamic name is checked when the set is evaluated, not here.
    if (name.kind !== 'static') return;
    const e = scope.get(name.name);
    if (i < names.length - 1) {
      if (!e) {
        const nested: Scope = new Map();
        scope.set(name.name, { first: names[i]!, attrs: nested });
        this.insert(nested, names, i + 1, value);
      } else {
        const inner = this.attrsOf(e);
        if (inner) this.insert(inner, names, i + 1, value);
        else this.duplicate(this.pathText(names), names[i]!, e.first);
      }
      return;
    }
    const literal = unparen(value);
    const isSet = literal?.kind === 'AttrSet';
    if (!e) {
      scope.set(name.name, { first: names[i]!, ...(isSet ? { literal } : {}) });
      return;
    }
    const existing = this.attrsOf(e);
    const attrs = isSet ? this.scopeOf(literal) : undefined;
    if (!existing || !attrs) {
      this.duplicate(this.pathText(names), names[i]!, e.first);
      return;
    }
    // Two attribute-set definitions of one name merge, one level deep.
    for (const [k, inner] of attrs) {
      const clash = existing.get(k);
      if (clash) this.duplicate(k, inner.first, clash.first);
      else existing.set(k, inner);
    }
  }

  private attrsOf(e: Entry): Scope | undefined {
    if (!e.attrs && e.literal) e.attrs = this.scopeOf(e.literal);
    return e.attrs;
  }

  private dynamicInLet(node: NixNode): void {
    for (const b of bindings(node)) {
      if (b.kind !== 'AttrpathValue') continue;
      const path = attrpathOf(b);
      const first = path ? attrNames(path)[0] : undefined;
      if (first && this.nameOf(first).kind === 'dynamic') this.error(first, 'dynamic attributes not allowed in let');
    }
  }

  private dynamicInInherit(node: NixNode): void {
    for (const n of inheritedNames(node)) {
      if (this.nameOf(n).kind === 'dynamic') this.error(n, 'dynamic attributes not allowed in inherit');
    }
  }

  private formals(pattern: NixNode): void {
    const seen = new Map<string, NixNode>();
    const names: NixNode[] = [];
    for (const c of pattern.nodes) {
      if (c.kind === 'PatEntry' || c.kind === 'PatBind') {
        const ident = c.nodes.find((x) => x.kind === 'Ident');
        if (ident) names.push(ident);
      }
    }
    // Nix names the later one in text order; the `@` name before the braces counts too.
    names.sort((a, b) => a.start - b.start);
    for (const n of names) {
      const name = this.text.slice(n.start, n.end);
      const first = seen.get(name);
      if (first) this.error(n, `duplicate formal function argument '${name}'`, first, `'${name}' is first named here`);
      else seen.set(name, n);
    }
  }

  private nameOf(n: NixNode): Name {
    if (n.kind === 'Ident') return { kind: 'static', name: this.text.slice(n.start, n.end) };
    if (n.kind === 'String') return this.stringName(n);
    if (n.kind === 'Dynamic') {
      const inner = unparen(expressions(n)[0]);
      // `${"a"}` is the constant a for Nix; `${''a''}` too, but we do not strip its indentation.
      if (inner?.kind === 'String') return this.stringName(inner);
      if (inner?.kind === 'IndentedString' && !inner.nodes.some((x) => x.kind === 'Interpolation'))
        return { kind: 'unknown' };
      return { kind: 'dynamic' };
    }
    return { kind: 'unknown' };
  }

  private stringName(s: NixNode): Name {
    if (s.nodes.some((x) => x.kind === 'Interpolation')) return { kind: 'dynamic' };
    const raw = this.text.slice(s.start + 1, s.end - 1);
    // Escapes could spell one name two ways: such a name is left out rather than misread.
    return raw.includes('\\') || !this.text.startsWith('"', s.start)
      ? { kind: 'unknown' }
      : { kind: 'static', name: raw };
  }

  private pathText(names: NixNode[]): string {
    return names
      .map((n) => {
        const name = this.nameOf(n);
        return name.kind === 'static' ? name.name : this.text.slice(n.start, n.end);
      })
      .join('.');
  }

  /** At the whole attribute path of each definition (`a.b` of `a.b = 2;`), or the inherited name. */
  private duplicate(path: string, second: NixNode, first: NixNode): void {
    const whole = (n: NixNode): NixNode => (n.parent?.kind === 'Attrpath' ? n.parent : n);
    this.error(whole(second), `attribute '${path}' already defined`, whole(first), 'first defined here');
  }

  private error(at: NixNode, message: string, related?: NixNode, relatedMessage?: string): void {
    this.errors.push({
      start: at.start,
      end: at.end,
      message: related ? `${message} (first on line ${lineOf(this.text, related.start)})` : message,
      ...(related ? { related: { start: related.start, end: related.end, message: relatedMessage ?? '' } } : {}),
    });
  }
}

function sameText(text: string, a: NixNode, b: NixNode): boolean {
  const len = a.end - a.start;
  if (len !== b.end - b.start) return false;
  for (let k = 0; k < len; k++) if (text.charCodeAt(a.start + k) !== text.charCodeAt(b.start + k)) return false;
  return true;
}

function hasTwoBindings(node: NixNode): boolean {
  let n = 0;
  for (const c of node.nodes) if ((c.kind === 'AttrpathValue' || c.kind === 'Inherit') && ++n === 2) return true;
  return false;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
