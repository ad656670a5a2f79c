/**
 * Entry of the e2e suite inside the VS Code extension host (`extensionTestsPath`): runs mocha and
 * prints a plain `N passed, N failed` line for CI.
 */
import * as path from 'node:path';
import Mocha from 'mocha';
import { readControl } from './helpers';

/** Run order matters little, but diagnostics come before the commands that edit files. */
const FILES = [
  'activation.test.js',
  'snippets.test.js',
  'diagnostics.test.js',
  'overview.test.js',
  'compose2nix.test.js',
  'scaffold.test.js',
];

export async function run(): Promise<void> {
  const control = readControl();
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (control?.grep) mocha.grep(control.grep);
  for (const f of FILES) mocha.addFile(path.join(__dirname, f));
  await mocha.loadFilesAsync();
  await new Promise<void>((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    let pending = 0;
    const runner = mocha.run(() => {
      console.log(`${passed} passed, ${failed} failed${pending ? `, ${pending} pending` : ''}`);
      if (failed > 0) reject(new Error(`${failed} e2e test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
    runner.on('pending', () => pending++);
  });
}
