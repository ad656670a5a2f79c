#!/usr/bin/env node
'use strict';
// Node 22+ keeps V8's compiled code between runs: a CLI called once per file starts faster.
const { enableCompileCache } = require('node:module');
if (typeof enableCompileCache === 'function') {
  try {
    enableCompileCache();
  } catch {
    // A cache that cannot be written only costs speed.
  }
}
require('../out/server/src/cli/main.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`snikket-nixos: internal error: ${err && err.stack || err}\n`); process.exitCode = 2; },
);
