/**
 * Shared by the two runners (code-server and @vscode/test-electron): where the tools live, and a
 * throw-away workspace holding a copy of examples/blog, so the tests never modify the repository.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root (this file compiles to out/test/e2e/workspace.js). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The compiled suite entry (exports run()). */
export const suiteIndex = path.join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js');

/** Written into the workspace; the suite reads it (`suite/control.ts`). */
export interface Control {
  /** Ask the runner for screenshots (code-server only). */
  screenshots: boolean;
  /** The runner touches `<doneDir>/<name>.done` after taking a screenshot. */
  doneDir: string;
  /** Mocha grep (SNIKKET_E2E_GREP). */
  grep?: string;
}

export const CONTROL_FILE = path.join('.snikket-e2e', 'control.json');

export function toolsDir(): string {
  if (process.env['SNIKKET_E2E_TOOLS']) return process.env['SNIKKET_E2E_TOOLS'];
  const v = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'e2e', 'versions.json'), 'utf8')) as Record<
    string,
    string
  >;
  const key = `node${v['node']}-cs${v['codeServer']}-pw${v['playwrightCore']}`;
  const cache = process.env['SNIKKET_E2E_CACHE'] ?? path.join(os.homedir(), '.cache', 'snikket-nixos-e2e');
  return path.join(cache, key);
}

export interface TempWorkspace {
  /** Temp root (user data, extensions, XDG dirs live under it). */
  tmp: string;
  /** The folder VS Code opens; holds blog/ (a copy of examples/blog). */
  workspace: string;
  control: Control;
  cleanup(): void;
}

export function prepareWorkspace(opts: { screenshots: boolean }): TempWorkspace {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'snikket-e2e-'));
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.cpSync(path.join(repoRoot, 'examples', 'blog'), path.join(workspace, 'blog'), { recursive: true });
  const doneDir = path.join(tmp, 'screenshots-done');
  fs.mkdirSync(doneDir);
  const grep = process.env['SNIKKET_E2E_GREP'];
  const control: Control = { screenshots: opts.screenshots, doneDir, ...(grep ? { grep } : {}) };
  fs.mkdirSync(path.join(workspace, path.dirname(CONTROL_FILE)), { recursive: true });
  fs.writeFileSync(path.join(workspace, CONTROL_FILE), JSON.stringify(control, null, 2));
  return {
    tmp,
    workspace,
    control,
    cleanup: () => {
      if (process.env['SNIKKET_E2E_KEEP']) {
        console.log(`[e2e] kept ${tmp}`);
        return;
      }
      fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** User settings that keep the window quiet and offline. */
export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'files.exclude': { '**/.snikket-e2e': true },
  'snikket.trace.server': 'messages',
};

/** The plain summary line CI reads, even when the suite never got to print one. */
export const SUMMARY_RE = /^\d+ passed, \d+ failed/m;
