#!/usr/bin/env node
/**
 * Writes the table of docs/rules/README.md from the rule registry (code, severity, summary), so a
 * new rule needs no hand-written row. Reads the compiled registry: run after `npm run build`
 * (`npm run docs:rules` does both). `--check` only says whether the table is up to date.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = path.join(repo, 'docs/rules/README.md');
const { RULES } = createRequire(import.meta.url)(path.join(repo, 'out/server/src/rules/registry.js'));

const HEADER = '| code | default severity | what it finds |\n|---|---|---|\n';
const rows = RULES.map((r) => `| [\`${r.code}\`](${r.code}.md) | ${r.severity} | ${r.summary} |\n`).join('');

const text = fs.readFileSync(readme, 'utf8');
const start = text.indexOf(HEADER);
if (start < 0) throw new Error(`${readme}: the table header is missing`);
let end = start + HEADER.length;
while (text.startsWith('|', end)) end = text.indexOf('\n', end) + 1;
const next = text.slice(0, start) + HEADER + rows + text.slice(end);

if (process.argv.includes('--check')) {
  if (next !== text) {
    console.error("docs/rules/README.md: the rule table is not the registry's; run npm run docs:rules");
    process.exit(1);
  }
} else if (next !== text) {
  fs.writeFileSync(readme, next);
  console.log('docs/rules/README.md: rule table written');
}
