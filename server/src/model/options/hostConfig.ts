/**
 * `config.<path>` as NixOS evaluates it, from the definitions in one host's import closure:
 * plain definitions, `mkDefault`/`mkForce`/`mkOverride` priorities, `mkIf` with a condition the
 * checker can decide, and the `default` of options the modules declare. Anything else is unknown,
 * with the reason: an option nobody in the repository sets is not its NixOS default.
 */
import type { ConfigScope, Evaluator } from '../../syntax/nix/evaluate';
import { findDefinitions, type OptionDefinition } from '../../syntax/nix/options';
import type { NixNode } from '../../syntax/nix/tree';
import { onlyWhen } from '../../syntax/nix/evaluateCalls';
import { unknown, type NixValue } from '../../syntax/nix/values';
import { bindingValue, expressions, spine, unparen } from '../../syntax/nix/view';
import type { NixDoc } from '../documents';

const PLAIN = 100;
const DEFAULT = 1000;
const FORCE = 50;
const OPTION_DEFAULT = 1500;

interface Candidate {
  priority: number;
  value: NixValue;
  doc: NixDoc;
  /** Why it may not apply (an undecidable mkIf), when it may not. */
  maybe?: string;
}

export class HostConfig implements ConfigScope {
  private readonly cache = new Map<string, Candidate | 'under' | NixValue>();
  private readonly busy = new Set<string>();

  constructor(readonly docs: readonly NixDoc[]) {}

  sameAs(other: ConfigScope): boolean {
    if (!(other instanceof HostConfig) || other.docs.length !== this.docs.length) return false;
    return this.docs.every((d, i) => other.docs[i] === d);
  }

  lookup(path: string[], requester: Evaluator): NixValue | 'under' {
    const key = path.join('\u0000');
    let hit = this.cache.get(key);
    if (hit === undefined) {
      if (this.busy.has(key)) return unknown(undefined, `option ${path.join('.')} is defined in terms of itself`);
      this.busy.add(key);
      try {
        hit = this.resolve(path);
      } finally {
        this.busy.delete(key);
      }
      this.cache.set(key, hit);
    }
    if (hit === 'under') return 'under';
    if (!('priority' in hit)) return hit;
    // A set, list or text written in another module is read through that module's evaluator.
    if (hit.doc.ev === requester) return hit.value;
    const v = hit.value;
    if (v.kind === 'attrs') return 'under';
    if (v.kind === 'string')
      return { ...v, segments: v.segments.map((s) => ({ text: s.text, from: 'other' as const })) };
    if (v.kind === 'int') return { kind: 'int', value: v.value, node: v.node };
    if (v.kind === 'list') return unknown(v.node, `option ${path.join('.')} is a list written in ${hit.doc.path}`);
    return v;
  }

  private resolve(path: string[]): Candidate | 'under' | NixValue {
    const name = path.join('.');
    const candidates: Candidate[] = [];
    let under = false;
    for (const doc of this.docs) {
      for (const def of doc.defs) {
        if (!prefixOf(def, path)) continue;
        if (def.path.length > path.length) {
          under = true;
          continue;
        }
        if (def.path.length === path.length) {
          const c = candidate(doc, def);
          if (c) candidates.push(c);
          continue;
        }
        // `networking = mkSettings { ... };`: a set the collector did not walk into.
        if (unparen(def.value)?.kind === 'AttrSet') continue;
        const whole = candidate(doc, def);
        let v: NixValue | undefined = whole?.value;
        for (const n of path.slice(def.path.length)) v = v === undefined ? undefined : doc.ev.attr(v, n);
        if (whole && v !== undefined) candidates.push({ ...whole, value: v });
      }
    }
    const definite = candidates.filter((c) => c.maybe === undefined);
    const best = Math.min(...definite.map((c) => c.priority));
    const doubtful = candidates.find((c) => c.maybe !== undefined && c.priority <= best);
    if (doubtful) return unknown(undefined, `option ${name} is ${doubtful.maybe}`);
    const top = definite.filter((c) => c.priority === best);
    if (top.length === 0) return under ? 'under' : this.declaredDefault(path);
    const first = top[0]!;
    if (top.every((c) => c.value.kind === 'attrs')) return 'under';
    if (first.value.kind === 'unknown')
      return unknown(
        undefined,
        first.value.reason ?? `option ${name} is set by an expression the checker cannot follow`,
      );
    const same = top.every((c) => sameScalar(c.value, first.value));
    return same ? first : unknown(undefined, `option ${name} is defined differently in several modules`);
  }

  /** The `default` of an option a module of the host declares with mkOption or mkEnableOption. */
  private declaredDefault(path: string[]): Candidate | NixValue {
    const name = path.join('.');
    for (const doc of this.docs) {
      for (const def of findDefinitions(doc.defs, ['options', ...path])) {
        const { fn, args } = spine(unparen(def.value) ?? def.value);
        const callee = fn ? doc.ev.calleeName(fn) : undefined;
        if (callee === 'mkEnableOption')
          return { priority: OPTION_DEFAULT, value: { kind: 'bool', value: false, node: def.value }, doc };
        if (callee !== 'mkOption' || !args[0]) continue;
        const d = doc.ev.attr(doc.ev.evaluate(args[0]), 'default');
        if (d === undefined)
          return unknown(undefined, `option ${name} has no default and is not set in this host's modules`);
        return { priority: OPTION_DEFAULT, value: d, doc };
      }
    }
    return unknown(undefined, `option ${name} is not set in this host's modules`);
  }
}

function prefixOf(def: OptionDefinition, path: string[]): boolean {
  const n = Math.min(def.path.length, path.length);
  for (let i = 0; i < n; i++) if (def.path[i]!.name !== path[i]) return false;
  return true;
}

function sameScalar(a: NixValue, b: NixValue): boolean {
  if ((a.kind === 'string' || a.kind === 'int' || a.kind === 'bool') && a.kind === b.kind)
    return a.value === (b as typeof a).value;
  return a.kind === 'null' && b.kind === 'null';
}

/** Whether a definition applies: `no` under a false mkIf/if, else the reason it may not, if any. */
export function definitionApplies(doc: NixDoc, def: OptionDefinition): 'yes' | 'no' | { maybe: string } {
  const c = candidate(doc, def);
  if (!c) return 'no';
  return c.maybe === undefined ? 'yes' : { maybe: c.maybe };
}

/** One definition with its priority and the conditions it sits under. */
function candidate(doc: NixDoc, def: OptionDefinition): Candidate | undefined {
  const ev = doc.ev;
  let priority = PLAIN;
  let maybe: string | undefined;
  const decide = (cond: NixNode | undefined, wanted: boolean): boolean => {
    const v = ev.evaluate(cond);
    if (v.kind === 'bool') return v.value === wanted;
    maybe ??= cond ? onlyWhen(ev, cond, wanted) : 'set only when a condition the checker cannot read holds';
    return true;
  };
  // Conditions around the binding: `config = mkIf cfg.enable { ... }`, `if x then { ... }`.
  for (let child: NixNode = def.binding, n = def.binding.parent; n; child = n, n = n.parent) {
    if (n.kind === 'Apply') {
      const { fn, args } = spine(n);
      if (fn && ev.calleeName(fn) === 'mkIf' && args.length === 2 && within(child, args[1]!) && !decide(args[0], true))
        return undefined;
    } else if (n.kind === 'IfElse') {
      const [c, a] = expressions(n);
      if (child !== c && !decide(c, child === a)) return undefined;
    }
  }
  // Wrappers on the value itself.
  let value = bindingValue(def.binding);
  for (let guard = 0; guard < 10; guard++) {
    const n = unparen(value);
    if (n?.kind !== 'Apply') break;
    const { fn, args } = spine(n);
    const name = fn ? ev.calleeName(fn) : undefined;
    const last = args[args.length - 1];
    if (!last) break;
    if (name === 'mkDefault') priority = DEFAULT;
    else if (name === 'mkForce') priority = FORCE;
    else if (name === 'mkOptionDefault') priority = OPTION_DEFAULT;
    else if (name === 'mkOverride' && args.length === 2) {
      const p = ev.evaluate(args[0]);
      if (p.kind !== 'int')
        return { priority, value: unknown(n), doc, maybe: 'set with a priority the checker cannot read' };
      priority = p.value;
    } else if (name === 'mkIf' && args.length === 2) {
      if (!decide(args[0], true)) return undefined;
    } else if (!(name === 'mkBefore' || name === 'mkAfter' || name === 'mkOrder')) break;
    value = last;
  }
  return { priority, value: ev.evaluate(value), doc, ...(maybe !== undefined ? { maybe } : {}) };
}

function within(n: NixNode, outer: NixNode): boolean {
  return outer.start <= n.start && n.end <= outer.end;
}
