/**
 * Runs the e2e suite in a real VS Code: code-server (VS Code 1.139) in headless Chromium through
 * playwright-core (see test/e2e/README.md). `npm run test:e2e` (setup + bundle + this).
 *
 * Env: SNIKKET_E2E_SCREENSHOTS=1 writes docs/images/*.png; SNIKKET_E2E_TIMEOUT_MS (default 300000);
 * SNIKKET_E2E_TOOLS / SNIKKET_E2E_CACHE (tools folder, see setup.sh); SNIKKET_E2E_KEEP=1 keeps the temp dir;
 * SNIKKET_E2E_GREP: mocha grep.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { format } from 'node:util';
import { prepareWorkspace, repoRoot, suiteIndex, SUMMARY_RE, toolsDir, USER_SETTINGS } from './workspace';

// The few playwright-core types used here (the package lives in the tools folder, not in the repo).
interface Frame {
  content(): Promise<string>;
}
interface Page {
  frames(): Frame[];
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  goto(url: string, opts?: { timeout?: number; waitUntil?: 'load' | 'domcontentloaded' | 'commit' }): Promise<unknown>;
  screenshot(opts: { path: string; fullPage?: boolean }): Promise<unknown>;
  on(event: 'pageerror', fn: (e: Error) => void): void;
}
interface Browser {
  newPage(opts?: { viewport?: { width: number; height: number }; deviceScaleFactor?: number }): Promise<Page>;
  close(): Promise<void>;
}
interface PlaywrightCore {
  chromium: {
    launch(opts: {
      executablePath: string;
      headless: boolean;
      args: string[];
      timeout?: number;
      env?: NodeJS.ProcessEnv;
    }): Promise<Browser>;
  };
}

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
const TIMING_RE = /\[snikket-e2e\] timing activation=([\d.]+) server-start=([\d.]+|n\/a)/;
const SCREENSHOT_RE = /\[snikket-e2e\] screenshot ([a-z0-9-]+)(?: wait-for=(.+))?$/;
/** Offline noise of a workbench without internet (E2E.md: harmless); shown with SNIKKET_E2E_VERBOSE=1. */
const NOISE_RE =
  /ENOTFOUND|open-vsx|[Gg]allery|marketplace|Creating a socket|connection token|AccountPolicyGate|reconnection-grace|\[Service Worker\]|\[AgentHost|additional builtin extensions|vsda/;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

async function waitForServer(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    if (await httpOk(url)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms`);
}

async function waitForFrameText(page: Page, text: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const f of page.frames()) {
      try {
        if ((await f.content()).includes(text)) {
          await new Promise((r) => setTimeout(r, 300)); // let it paint
          return;
        }
      } catch {
        // frame went away
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  console.error(`[e2e] "${text}" did not appear in any frame within ${timeoutMs} ms`);
}

/** Stops code-server and its children; resolves once the group is gone, so its temp folder can go too. */
async function killGroup(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid) return;
  const group = -child.pid;
  const alive = (): boolean => {
    try {
      process.kill(group, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(group, 'SIGTERM');
  } catch {
    return;
  }
  // Children (the pty host) may outlive the leader a moment, writing their logs on the way out.
  for (let waited = 0; alive() && waited < 3000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (alive())
    try {
      process.kill(group, 'SIGKILL');
    } catch {
      /* gone */
    }
}

async function main(): Promise<number> {
  const tools = toolsDir();
  const node24 = path.join(tools, 'node/node_modules/node/bin/node');
  const entry = path.join(tools, 'code-server/node_modules/code-server/out/node/entry.js');
  const pwDir = path.join(tools, 'tools/node_modules/playwright-core');
  for (const f of [node24, entry, pwDir]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run test/e2e/setup.sh first`);
  }
  if (!fs.existsSync(path.join(repoRoot, 'dist/extension.js')))
    throw new Error('dist/extension.js is missing: run npm run bundle first');
  if (!fs.existsSync(suiteIndex))
    throw new Error(`${suiteIndex} is missing: compile with tsc -p test/e2e/tsconfig.json`);
  const chromium = process.env['SNIKKET_E2E_CHROMIUM'] ?? '/usr/bin/chromium';
  const screenshots = !!process.env['SNIKKET_E2E_SCREENSHOTS'] && process.env['SNIKKET_E2E_SCREENSHOTS'] !== '0';
  const timeoutMs = Number(process.env['SNIKKET_E2E_TIMEOUT_MS'] ?? 300_000);
  const imagesDir = path.join(repoRoot, 'docs', 'images');
  const verbose = !!process.env['SNIKKET_E2E_VERBOSE'];
  const logsDir = path.join(repoRoot, 'out', 'test', 'e2e', 'logs');
  fs.rmSync(logsDir, { recursive: true, force: true });

  const ws = prepareWorkspace({ screenshots });
  const dirs = Object.fromEntries(
    ['user-data', 'extensions', 'xdg-config', 'xdg-data', 'xdg-cache', 'xdg-state', 'xdg-runtime', 'tmp'].map((d) => {
      const p = path.join(ws.tmp, d);
      fs.mkdirSync(p, { recursive: true, mode: 0o700 });
      return [d, p];
    }),
  ) as Record<string, string>;
  fs.mkdirSync(path.join(dirs['user-data']!, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs['user-data']!, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const config = path.join(ws.tmp, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');

  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let sawSummary = false;
  let finished = false;
  const cleanup = async () => {
    if (finished) return;
    finished = true;
    try {
      await browser?.close();
    } catch {
      /* already closed */
    }
    await killGroup(server);
    ws.cleanup();
  };
  const onSignal = (sig: NodeJS.Signals) => {
    void cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${path.dirname(node24)}:${process.env['PATH'] ?? ''}`,
      XDG_CONFIG_HOME: dirs['xdg-config'],
      XDG_DATA_HOME: dirs['xdg-data'],
      XDG_CACHE_HOME: dirs['xdg-cache'],
      XDG_STATE_HOME: dirs['xdg-state'],
      XDG_RUNTIME_DIR: dirs['xdg-runtime'],
      TMPDIR: dirs['tmp'],
      SNIKKET_E2E: '1',
    };
    delete env['npm_config_nodedir'];
    const args = [
      entry,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir',
      dirs['user-data']!,
      '--extensions-dir',
      dirs['extensions']!,
      '--config',
      config,
      '--vscode-option',
      'enable-smoke-test-driver',
    ];
    server = spawn(node24, args, { cwd: ws.tmp, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const serverLog: string[] = [];
    const keep = (b: Buffer) => {
      serverLog.push(b.toString());
      if (serverLog.length > 400) serverLog.shift();
    };
    server.stdout!.on('data', keep);
    server.stderr!.on('data', keep);
    const base = `http://127.0.0.1:${port}`;
    await waitForServer(`${base}/healthz`, server, 60_000);

    const pw = createRequire(path.join(pwDir, 'package.json'))(pwDir) as PlaywrightCore;
    // Chromium writes crash reports and dconf state under HOME/XDG dirs: keep them in the temp folder too.
    const browserEnv: NodeJS.ProcessEnv = { ...env, HOME: path.join(ws.tmp, 'home') };
    fs.mkdirSync(browserEnv['HOME']!, { recursive: true });
    browser = await pw.chromium.launch({
      executablePath: chromium,
      headless: true,
      args: CHROMIUM_FLAGS,
      timeout: 60_000,
      env: browserEnv,
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));

    let resolve!: (code: number) => void;
    const exitCode = new Promise<number>((r) => {
      resolve = r;
    });
    const timer = setTimeout(() => {
      console.error(`[e2e] hard timeout after ${timeoutMs} ms`);
      resolve(124);
    }, timeoutMs);
    {
      let shots = Promise.resolve();
      await page.exposeFunction('codeAutomationLog', (type: string, logArgs: unknown[]) => {
        const list = Array.isArray(logArgs) ? logArgs : [logArgs];
        const text = format(...list);
        if (verbose || !NOISE_RE.test(text)) (type === 'error' ? console.error : console.log)(text);
        if (SUMMARY_RE.test(text)) sawSummary = true;
        const timing = TIMING_RE.exec(text);
        if (timing) {
          fs.mkdirSync(path.join(repoRoot, 'out'), { recursive: true });
          fs.writeFileSync(
            path.join(repoRoot, 'out', 'e2e-timings.json'),
            JSON.stringify({
              activationMs: Number(timing[1]),
              serverStartMs: Number(timing[2]),
              at: new Date().toISOString(),
            }),
          );
        }
        const m = SCREENSHOT_RE.exec(text);
        if (m && ws.control.screenshots) {
          const name = m[1]!;
          const waitFor = m[2];
          shots = shots.then(async () => {
            // Webviews render in nested iframes after the command returns: wait for their text.
            if (waitFor) await waitForFrameText(page, waitFor, 15_000);
            fs.mkdirSync(imagesDir, { recursive: true });
            const file = path.join(imagesDir, `${name}.png`);
            try {
              await page.screenshot({ path: file });
              console.log(`[e2e] screenshot ${path.relative(repoRoot, file)}`);
            } catch (e) {
              console.error(`[e2e] screenshot ${name} failed: ${String(e)}`);
            }
            fs.writeFileSync(path.join(ws.control.doneDir, `${name}.done`), '');
          });
        }
      });
      await page.exposeFunction(
        'codeAutomationExit',
        async (code: number, logs?: { relativePath: string; contents: string }[]) => {
          clearTimeout(timer);
          await shots;
          if (code !== 0 && Array.isArray(logs)) {
            const dir = logsDir;
            for (const l of logs) {
              const f = path.join(dir, l.relativePath);
              fs.mkdirSync(path.dirname(f), { recursive: true });
              fs.writeFileSync(f, l.contents);
            }
            console.error(`[e2e] VS Code logs written to ${path.relative(process.cwd(), dir)}`);
            // CI keeps only what is printed: the extension's own log, where the server's trace goes.
            for (const l of logs.filter((x) => /snikket/i.test(x.relativePath))) {
              console.error(`[e2e] last lines of ${l.relativePath}:\n${l.contents.split('\n').slice(-300).join('\n')}`);
            }
          }
          resolve(code);
        },
      );
    }

    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(suiteIndex)],
    ];
    const url = `${base}/?folder=${encodeURIComponent(ws.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    console.log(`[e2e] code-server on ${base}, workspace ${ws.workspace}`);
    await page.goto(url, { timeout: 60_000, waitUntil: 'domcontentloaded' });
    const code = await exitCode;
    clearTimeout(timer);
    if (code === 124 || (code !== 0 && !sawSummary)) {
      if (!sawSummary) console.log(`0 passed, 1 failed (the suite did not finish${code === 124 ? ': timeout' : ''})`);
      console.error(`[e2e] last code-server output:\n${serverLog.join('').split('\n').slice(-40).join('\n')}`);
    }
    return code;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`[e2e] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    console.log('0 passed, 1 failed (the runner failed)');
    process.exit(1);
  },
);
