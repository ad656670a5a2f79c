#!/usr/bin/env node
'use strict';
// Node 22+ keeps V8's compiled code between runs: a CLI called once per file starts faster. The
// cache is the user's own: Node's default, a folder in the shared temp folder, would run the code
// another local user left there.
const { enableCompileCache } = require('node:module');
if (typeof enableCompileCache === 'function') {
  try {
    const path = require('node:path');
    const cacheHome = process.env.XDG_CACHE_HOME || path.join(require('node:os').homedir(), '.cache');
    enableCompileCache(path.join(cacheHome, 'snikket-nixos', 'node-compile-cache'));
  } catch {
    // A cache that cannot be written only costs speed.
  }
}
// `npm run build` bundles the entry point and `parse` into one file (scripts/bundleCli.mjs): one
// module to load instead of about thirty. Without it (tsc alone), the modules themselves.
let cli;
try {
  cli = require('../out/server/src/cli/main.bundle.js');
} catch (err) {
  if (!err || err.code !== 'MODULE_NOT_FOUND' || !String(err.message).includes('main.bundle.js')) throw err;
  cli = require('../out/server/src/cli/main.js');
}
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`snikket-nixos: internal error: ${(err && err.stack) || err}\n`);
    process.exitCode = 2;
  },
);
