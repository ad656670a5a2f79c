#!/usr/bin/env node
// Builds an installable .vsix: production bundles (esbuild) + @vscode/vsce from the devDependencies
// (3.9, the last line that runs on Node 20), with the Node running this script.
// Usage: node scripts/package.mjs [--out file.vsix]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const outIdx = process.argv.indexOf('--out');
const out = outIdx > 0 ? path.resolve(process.argv[outIdx + 1]) : path.join(root, `${pkg.name}-${pkg.version}.vsix`);

const require = createRequire(import.meta.url);
const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
if (!existsSync(vsce)) throw new Error(`${vsce} is missing: run npm ci first`);

execFileSync(process.execPath, [path.join(root, 'scripts/bundle.mjs'), '--production'], {
  cwd: root,
  stdio: 'inherit',
});
if (!existsSync(path.join(root, 'dist/server.js'))) {
  console.warn('notice: dist/server.js is missing; the package will contain the client only.');
}

// The package's README is the user-facing one (README.vscode.md), not the developer README; its
// relative links stay relative: the images and rule pages are shipped in the package.
const flags = [
  'package',
  '--no-dependencies',
  '--skip-license',
  '--allow-missing-repository',
  '--readme-path',
  'README.vscode.md',
  '--no-rewrite-relative-links',
  '--out',
  out,
];
execFileSync(process.execPath, [vsce, ...flags], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, npm_config_nodedir: '' },
});
const size = statSync(out).size;
console.log(
  `${path.relative(process.cwd(), out)}: ${(size / 1024).toFixed(1)} KiB${size >= 1024 * 1024 ? ' (over the 1 MiB target!)' : ''}`,
);
if (size >= 1024 * 1024) process.exitCode = 1;
