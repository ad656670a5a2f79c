#!/usr/bin/env node
/**
 * The dependency rule of ARCHITECTURE.md, checked on the TypeScript sources (type-only imports
 * included, which compiled JavaScript no longer shows): each layer imports only the layers below
 * it, `api/` is the one server module the client may import, and lsp/ never imports
 * cli/. Prints every violation as `file:line` and exits 1 when there is one.
 * `node scripts/checkLayers.mjs [ROOT]` checks another checkout (the tests give it a scratch tree).
 *
 * A script rather than dependency-cruiser: its TypeScript parser needs the compiler API, which
 * TypeScript 7 does not ship.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Server folders by rank: a folder imports folders of a lower rank, or of its own rank when listed together. */
const RANKS = [
  ['text'],
  ['syntax'],
  ['compose2nix'],
  ['model'],
  ['rules'],
  ['check', 'confine', 'fixes'],
  ['features'],
  // The language server is started by the CLI's `lsp` command, so cli/ sits above lsp/.
  ['lsp'],
  ['cli'],
];
/** Who may import `server/src/api/` (plain protocol types, importing nothing). */
const API_USERS = new Set(['api', 'features', 'cli', 'lsp', 'client']);

const rankOf = new Map(RANKS.flatMap((names, rank) => names.map((n) => [n, rank])));

/** The layer a repository path belongs to, or undefined outside the checked sources (tests, scripts). */
export function layerOf(rel) {
  const parts = rel.split('/');
  if (parts[0] === 'client' && parts[1] === 'src') return 'client';
  if (parts[0] === 'server' && parts[1] === 'src' && parts.length > 3) return parts[2];
  return undefined;
}

/** Why `from` may not import `to` (both layers), or undefined when it may. */
export function violation(from, to) {
  if (from === to) return undefined;
  if (to === 'api') return API_USERS.has(from) ? undefined : `${from}/ may not import api/ (only ${[...API_USERS].filter((u) => u !== 'api').join(', ')} do)`;
  if (from === 'client') return 'client/ imports only server/src/api/ from the server';
  if (from === 'api') return 'api/ holds plain types and imports nothing from the server';
  if (to === 'client') return 'the server never imports client/';
  const a = rankOf.get(from);
  const b = rankOf.get(to);
  if (a === undefined) return `${from}/ is not a known layer: add it to scripts/checkLayers.mjs and ARCHITECTURE.md`;
  if (b === undefined) return `${to}/ is not a known layer: add it to scripts/checkLayers.mjs and ARCHITECTURE.md`;
  if (b > a) return `${from}/ is below ${to}/ and may not import it`;
  return undefined;
}

// `import … from '…'`, `export … from '…'`, `import '…'`, `import('…')`, `require('…')`.
const SPECIFIER = /\b(?:from|import|require)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function* sources(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.(ts|mts|cts)$/.test(e.name) && !e.name.endsWith('.d.ts')) yield p;
  }
}

export function check(root = repo) {
  const problems = [];
  for (const top of ['server/src', 'client/src']) {
    const dir = path.join(root, top);
    if (!fs.existsSync(dir)) continue;
    for (const file of sources(dir)) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      const from = layerOf(rel);
      if (from === undefined) continue;
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(SPECIFIER)) {
        const target = path.relative(root, path.resolve(path.dirname(file), m[1])).split(path.sep).join('/');
        const to = layerOf(target) ?? (target.startsWith('server/') || target.startsWith('client/') ? target : undefined);
        if (to === undefined) continue;
        const why = violation(from, to);
        if (why) {
          const line = text.slice(0, m.index).split('\n').length;
          problems.push(`${rel}:${line}: imports ${m[1]}: ${why}`);
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems = check(process.argv[2] ? path.resolve(process.argv[2]) : repo);
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(`${problems.length} import(s) break the layer rule (ARCHITECTURE.md, Layers).`);
    process.exit(1);
  }
  console.log('layers: every import goes down (ARCHITECTURE.md, Layers)');
}
