/**
 * A real second client: headless Neovim (0.7, push diagnostics only) attaches the built server to
 * a temp copy of examples/blog and must receive the expected diagnostic codes, including for
 * files it never opened. Skipped, with the reason, when `nvim` is not installed.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyExample, REPO, SERVER } from './lspClient';

const INIT = path.join(REPO, 'test', 'protocol', 'neovim', 'init.lua');

const EXPECT = [
  'snikket.nix:acme-fallback-port',
  'snikket/copy-certs-job.nix:timer-script-missing',
  'snikket/snikket.conf:placeholder-value',
  'snikket/copy-certs.sh:placeholder-value',
];

function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

describe('Neovim as a client', function () {
  this.timeout(40_000);
  let ws: string | undefined;

  after(() => {
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  it('receives the expected diagnostic codes over stdio', async function () {
    const version = nvimVersion();
    if (!version) {
      console.log('      (skipped: nvim is not installed; `apt-get install neovim` runs this test)');
      this.skip();
    }
    assert.ok(fs.existsSync(SERVER), `${SERVER} is missing: run npm run build`);
    ws = copyExample();
    const outFile = path.join(ws, '..', `${path.basename(ws)}-nvim.log`);
    const env = {
      ...process.env,
      SNIKKET_SERVER: SERVER,
      SNIKKET_WS: ws,
      SNIKKET_OPEN: 'snikket/snikket.conf',
      SNIKKET_EXPECT: EXPECT.join(';'),
      SNIKKET_OUT: outFile,
      SNIKKET_TIMEOUT_MS: '20000',
      XDG_STATE_HOME: path.join(ws, '..', `${path.basename(ws)}-state`),
      XDG_DATA_HOME: path.join(ws, '..', `${path.basename(ws)}-data`),
    };
    const child = spawn('nvim', ['--headless', '--clean', '-u', INIT], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`nvim did not exit within 30 s\n${stderr}`));
      }, 30_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    const log = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : '';
    fs.rmSync(outFile, { force: true });
    for (const d of ['state', 'data'])
      fs.rmSync(path.join(ws, '..', `${path.basename(ws)}-${d}`), { recursive: true, force: true });
    assert.equal(code, 0, `nvim exit code\n${log}\n${stderr}`);
    assert.match(log, /^end all expected diagnostics received$/m, `${version}:\n${log}\n${stderr}`);
    const received = new Map<string, Set<string>>();
    for (const line of log.split('\n')) {
      const m = /^diagnostics (\S+) ?(.*)$/.exec(line);
      if (m) received.set(m[1]!, new Set(m[2] ? m[2].split(',') : []));
    }
    assert.deepEqual([...(received.get('snikket.nix') ?? [])].sort(), [
      'acme-fallback-port',
      'placeholder-value',
      'proxy-websockets',
    ]);
    assert.deepEqual([...(received.get('snikket/copy-certs-job.nix') ?? [])], ['timer-script-missing']);
    assert.deepEqual([...(received.get('snikket/snikket.conf') ?? [])], ['placeholder-value']);
  });
});
