/**
 * Runs the same e2e suite through @vscode/test-electron (a desktop VS Code): `npm run test:electron`.
 * Uses VSCODE_EXECUTABLE_PATH when set, otherwise downloads VS Code (VSCODE_VERSION, default stable),
 * which needs internet access to update.code.visualstudio.com (not available on the build machines;
 * there use `npm run test:e2e`, the code-server runner).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { prepareWorkspace, repoRoot, suiteIndex, USER_SETTINGS } from './workspace';

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(repoRoot, 'dist/extension.js')))
    throw new Error('dist/extension.js is missing: run npm run bundle first');
  const ws = prepareWorkspace({ screenshots: false });
  const userData = path.join(ws.tmp, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const executable = process.env['VSCODE_EXECUTABLE_PATH'];
  try {
    return await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suiteIndex,
      ...(executable ? { vscodeExecutablePath: executable } : { version: process.env['VSCODE_VERSION'] ?? 'stable' }),
      launchArgs: [
        ws.workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
        '--no-sandbox',
        `--user-data-dir=${userData}`,
        `--extensions-dir=${path.join(ws.tmp, 'extensions')}`,
      ],
      extensionTestsEnv: { SNIKKET_E2E: '1' },
    });
  } finally {
    ws.cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    console.error(`[e2e:electron] ${msg}`);
    if (/ENOTFOUND|getaddrinfo|EAI_AGAIN/.test(msg)) {
      console.error(
        '[e2e:electron] VS Code could not be downloaded here: set VSCODE_EXECUTABLE_PATH, or use npm run test:e2e (code-server).',
      );
    }
    console.log('0 passed, 1 failed (the electron runner failed)');
    process.exit(1);
  },
);
