#!/usr/bin/env node
// Bundles the VS Code client (dist/extension.js) and the language server (dist/server.js) with esbuild.
// Usage: node scripts/bundle.mjs [--production] [--watch]
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  absWorkingDir: root,
};

const entries = [{ name: 'client', entry: 'client/src/extension.ts', outfile: 'dist/extension.js' }];
const serverEntry = 'server/src/lsp/serverMain.ts';
if (existsSync(path.join(root, serverEntry))) {
  entries.push({ name: 'server', entry: serverEntry, outfile: 'dist/server.js' });
} else {
  console.warn(
    `notice: ${serverEntry} does not exist yet; bundling the client only (the extension will report the missing server).`,
  );
}

const started = Date.now();
if (production) for (const e of entries) rmSync(path.join(root, `${e.outfile}.map`), { force: true });
const contexts = await Promise.all(
  entries.map((e) => esbuild.context({ ...common, entryPoints: [e.entry], outfile: e.outfile, metafile: true })),
);
try {
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    console.log(`watching ${entries.map((e) => e.entry).join(', ')}`);
  } else {
    const results = await Promise.all(contexts.map((c) => c.rebuild()));
    for (const [i, r] of results.entries()) {
      const out = Object.entries(r.metafile.outputs).find(([f]) => f.endsWith('.js'));
      console.log(`${entries[i].outfile}: ${out ? (out[1].bytes / 1024).toFixed(0) : '?'} KiB`);
    }
    console.log(`bundled in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
  }
} finally {
  if (!watch) await Promise.all(contexts.map((c) => c.dispose()));
}
