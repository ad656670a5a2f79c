/** The files a Nix module points at: its `imports`, its containers' env files, and the scripts its services run. */
import * as path from 'node:path';
import type { NixNode } from '../syntax/nix/tree';
import { findDefinitions } from '../syntax/nix/options';
import { nodesOf, spine, unparen } from '../syntax/nix/view';
import type { Reference } from './discovery';
import type { NixDoc } from './documents';
import { isRuntimePath } from './facts/settings';

/** The files a module names, with its `environmentFiles` counted as env files. */
export function nixReferences(doc: NixDoc): Reference[] {
  const out: Reference[] = [];
  const dir = path.dirname(doc.path);
  for (const def of findDefinitions(doc.defs, ['imports'])) {
    const list = doc.ev.listOf(def.value);
    for (const item of list?.items ?? []) {
      const lit = pathLiteralOf(item, doc);
      if (lit)
        out.push({
          kind: 'imports',
          from: doc.path,
          span: { start: lit.node.start, end: lit.node.end },
          ...resolveImport(dir, lit.text),
        });
    }
  }
  // A container's env file is read at run time: a missing one stops the container.
  for (const def of findDefinitions(doc.defs, [
    'virtualisation',
    'oci-containers',
    'containers',
    '*',
    'environmentFiles',
  ])) {
    for (const item of doc.ev.listOf(def.value)?.items ?? []) {
      const lit = pathLiteralOf(item, doc);
      // /run/secrets/snikket.env (sops-nix, agenix) exists only on the running host.
      if (lit)
        out.push({
          kind: 'env_file',
          from: doc.path,
          span: { start: lit.node.start, end: lit.node.end },
          target: resolvePath(dir, lit.text),
          local: !isRuntimePath(lit.text),
        });
    }
  }
  for (const def of findDefinitions(doc.defs, ['systemd', 'services', '*', 'serviceConfig', 'ExecStart'])) {
    for (const n of nodesOf(def.value)) {
      const lit = n.kind === 'Literal' ? literalPath(n, doc) : undefined;
      if (lit)
        out.push({
          kind: 'ExecStart',
          from: doc.path,
          span: { start: n.start, end: n.end },
          target: resolvePath(dir, lit),
          local: !lit.startsWith('/'),
        });
    }
    const v = doc.ev.evaluate(def.value);
    if (v.kind === 'string' && v.value.startsWith('/')) {
      const cmd = v.value.split(/\s+/)[0]!;
      out.push({
        kind: 'ExecStart',
        from: doc.path,
        span: { start: def.value.start, end: def.value.end },
        target: cmd,
        local: false,
      });
    }
  }
  return out;
}

/** `./x.nix` or `(import ./x.nix)` as an imports item. */
function pathLiteralOf(item: NixNode, doc: NixDoc): { node: NixNode; text: string } | undefined {
  let n = unparen(item);
  if (n?.kind === 'Apply') {
    const { fn, args } = spine(n);
    if (fn && doc.ev.calleeName(fn) === 'import' && args.length >= 1) n = unparen(args[0]);
  }
  if (n?.kind !== 'Literal') return undefined;
  const text = literalPath(n, doc);
  return text ? { node: n, text } : undefined;
}

function literalPath(n: NixNode, doc: NixDoc): string | undefined {
  const tok = n.children.find((c) => c.type === 'token' && c.kind === 'path');
  return tok ? doc.text.slice(tok.start, tok.end) : undefined;
}

function resolvePath(dir: string, p: string): string {
  if (p.startsWith('~/')) return p;
  return path.resolve(dir, p);
}

function resolveImport(dir: string, p: string): { target: string; local: boolean } {
  const local = !p.startsWith('/') && !p.startsWith('~');
  return { target: local ? importTarget(dir, p) : p, local };
}

/** A folder import means its default.nix. */
export function importTarget(dir: string, p: string): string {
  const target = path.resolve(dir, p);
  return path.extname(target) === '' ? path.join(target, 'default.nix') : target;
}
