/**
 * Fixing a port that reaches a string through a binding (`"localhost:${toString port}"`) the way
 * an admin would: change the one definition when only these uses read it, else point the uses at
 * a binding that holds the right port — an existing one in the same scope, or a new one written
 * next to the wrong one.
 */
import type { NixDoc } from '../../model/documents';
import type { NixValue, Segment } from '../../syntax/nix/evaluate';
import type { NixNode } from '../../syntax/nix/tree';
import { attrNames, attrpathOf, bindingValue, bindings, identName, nodesOf } from '../../syntax/nix/view';
import { lineIndent } from '../../syntax/nix/edits';
import type { SpanEdit } from '../rule';

/** The segment of a string value that produced characters [from, to), with where it starts in the value. */
export function segmentAt(value: NixValue, from: number, to: number): { seg: Segment; start: number } | undefined {
  if (value.kind !== 'string') return undefined;
  let pos = 0;
  for (const seg of value.segments) {
    const start = pos;
    pos += seg.text.length;
    if (from >= start && to <= pos) return { seg, start };
  }
  return undefined;
}

export interface PortUse {
  /** The string value's expression (e.g. the acmeFallbackHost value). */
  value: NixNode;
  /** The variable inside it whose integer gives the port. */
  ident: NixNode;
}

/** The variable in `expr` whose value is the integer literal at `origin` (`port` in `${toString port}`). */
export function portIdent(doc: NixDoc, expr: NixNode, origin: { start: number; end: number }): NixNode | undefined {
  for (const n of nodesOf(expr)) {
    if (n.kind !== 'Ident') continue;
    const name = identName(n, doc.text);
    const target = doc.ev.resolve(n, name);
    if (!target) continue;
    const v = doc.ev.evaluate(target);
    if (v.kind === 'int' && v.origin && v.origin.start === origin.start && v.origin.end === origin.end) return n;
  }
  return undefined;
}

/**
 * Edits that make every use read `wanted` instead of the integer at `origin`. Undefined when the
 * binding cannot be found or a new name would clash.
 */
export function retargetPort(
  doc: NixDoc,
  uses: PortUse[],
  origin: { start: number; end: number },
  wanted: number,
  settingName: string,
): { edits: Omit<SpanEdit, 'doc'>[]; title: string } | undefined {
  const first = uses[0];
  if (!first) return undefined;
  const name = identName(first.ident, doc.text);
  const valueNode = doc.ev.resolve(first.ident, name);
  const binding = valueNode?.parent;
  const scope = binding?.parent;
  if (
    !valueNode ||
    !binding ||
    binding.kind !== 'AttrpathValue' ||
    !scope ||
    (scope.kind !== 'LetIn' && scope.kind !== 'AttrSet')
  )
    return undefined;
  // Only these uses read the binding: change its one definition.
  const refs = [...nodesOf(scope)].filter(
    (n) =>
      n.kind === 'Ident' && !isAttrName(n) && identName(n, doc.text) === name && doc.ev.resolve(n, name) === valueNode,
  );
  if (refs.every((r) => uses.some((u) => u.ident === r))) {
    return {
      edits: [{ start: origin.start, end: origin.end, newText: String(wanted) }],
      title: `Set ${name} to ${wanted}`,
    };
  }
  // Another binding of the scope already holds the port: use it.
  for (const b of bindings(scope)) {
    if (b.kind !== 'AttrpathValue') continue;
    const keys = attrNames(attrpathOf(b)!);
    const v = doc.ev.evaluate(bindingValue(b));
    if (keys.length === 1 && keys[0]!.kind === 'Ident' && v.kind === 'int' && v.value === wanted) {
      const other = identName(keys[0]!, doc.text);
      return {
        edits: uses.map((u) => ({ start: u.ident.start, end: u.ident.end, newText: other })),
        title: `Use ${other} (${wanted})`,
      };
    }
  }
  const fresh = httpName(name, scope, doc);
  if (doc.ev.lookupBinding(scope, fresh) !== undefined) return undefined;
  const lineEnd = doc.text.indexOf('\n', binding.end);
  const rest = doc.text.slice(binding.end, lineEnd < 0 ? doc.text.length : lineEnd);
  // The neighbour's "must match SNIKKET_TWEAK_HTTPS_PORT" comment, for the new binding's setting.
  const comment = /^\s*#.*HTTPS_PORT/.test(rest) ? rest.replace(/SNIKKET_TWEAK_HTTPS_PORT/g, settingName) : '';
  const at = comment ? binding.end + rest.length : binding.end;
  const insert = {
    start: at,
    end: at,
    newText: `\n${lineIndent(doc.text, binding.start)}${fresh} = ${wanted};${comment}`,
  };
  return {
    edits: [insert, ...uses.map((u) => ({ start: u.ident.start, end: u.ident.end, newText: fresh }))],
    title: `Add ${fresh} = ${wanted} and use it`,
  };
}

/** `httpsPort` → `httpPort`, `https_port` → `http_port`; `port` → `http_port` or `httpPort` after the scope's style. */
function httpName(name: string, scope: NixNode, doc: NixDoc): string {
  if (/https/i.test(name))
    return name.replace(/https/i, (m) => (m === 'HTTPS' ? 'HTTP' : m[0] === 'H' ? 'Http' : 'http'));
  const snake = bindings(scope).some(
    (b) => b.kind === 'AttrpathValue' && doc.text.slice(b.start, b.end).split('=')[0]!.includes('_'),
  );
  return snake ? `http_${name}` : `http${name[0]!.toUpperCase()}${name.slice(1)}`;
}

/** `port` in `port = 5443;` names an attribute: it does not read the variable (`inherit port;` does). */
function isAttrName(n: NixNode): boolean {
  return n.parent?.kind === 'Attrpath';
}
