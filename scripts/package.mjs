#!/usr/bin/env node
// Builds an installable .vsix: production bundles (esbuild) + @vscode/vsce run with Node 24 from the
// e2e tools folder (test/e2e/setup.sh installs both; vsce needs Node >= 22).
// Usage: node scripts/package.mjs [--out file.vsix]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const outIdx = process.argv.indexOf('--out');
const out = outIdx > 0 ? path.resolve(process.argv[outIdx + 1]) : path.join(root, `${pkg.name}-${pkg.version}.vsix`);

const tools = execFileSync('bash', [path.join(root, 'test/e2e/setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  .trim()
  .split('\n')
  .pop();
const node24 = path.join(tools, 'node/node_modules/node/bin/node');
const vsce = path.join(tools, 'tools/node_modules/@vscode/vsce/vsce');
if (!existsSync(node24) || !existsSync(vsce)) throw new Error(`e2e tools incomplete in ${tools}; rerun test/e2e/setup.sh`);

execFileSync(process.execPath, [path.join(root, 'scripts/bundle.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
if (!existsSync(path.join(root, 'dist/server.js'))) {
  console.warn('notice: dist/server.js is missing; the package will contain the client only.');
}

const flags = ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out];
execFileSync(node24, [vsce, ...flags], { cwd: root, stdio: 'inherit', env: { ...process.env, npm_config_nodedir: '' } });
const size = statSync(out).size;
console.log(`${path.relative(process.cwd(), out)}: ${(size / 1024).toFixed(1)} KiB${size >= 1024 * 1024 ? ' (over the 1 MiB target!)' : ''}`);
if (size >= 1024 * 1024) process.exitCode = 1;
