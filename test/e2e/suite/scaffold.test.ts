/** New Snikket deployment into an empty folder, and never overwriting. Needs the server. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { read, requireServer, workspaceRoot } from './helpers';

interface Outcome {
  created: string[];
  skipped: string[];
  error?: string;
}

const SEVEN = [
  'nginx.nix',
  'snikket.nix',
  'snikket/copy-certs-job.nix',
  'snikket/copy-certs.sh',
  'snikket/docker-compose.yml',
  'snikket/snikket.conf',
  'snikket/snikket.nix',
];

describe('New Snikket deployment (language server)', () => {
  before(requireServer);
  let folder: string;
  const args = () => ({
    domain: 'chat.e2e-test.org',
    adminEmail: 'ops@e2e-test.org',
    httpPort: 6080,
    httpsPort: 6443,
    turnMin: 50000,
    turnMax: 50100,
    backend: 'docker',
    folder,
    open: false,
  });

  it('writes the seven files of the seed into an empty folder, consistent with the inputs', async () => {
    folder = path.join(workspaceRoot(), `new-deployment-${Date.now()}`);
    fs.mkdirSync(folder);
    const result = (await vscode.commands.executeCommand('snikket.newDeployment', args())) as Outcome;
    assert.equal(result.error, undefined);
    assert.deepEqual([...result.created].sort(), SEVEN.map((f) => path.join(folder, f)).sort());
    assert.deepEqual(result.skipped, []);
    for (const f of SEVEN) assert.ok(fs.existsSync(path.join(folder, f)), f);

    const conf = read(path.join(folder, 'snikket/snikket.conf'));
    assert.match(conf, /^SNIKKET_DOMAIN=chat\.e2e-test\.org$/m);
    assert.match(conf, /^SNIKKET_ADMIN_EMAIL=ops@e2e-test\.org$/m);
    assert.match(conf, /^SNIKKET_TWEAK_HTTP_PORT=6080$/m);
    assert.match(conf, /^SNIKKET_TWEAK_HTTPS_PORT=6443$/m);
    const module = read(path.join(folder, 'snikket.nix'));
    assert.ok(module.includes('6080') && module.includes('6443'));
    for (const line of module.split('\n').filter((l) => l.includes('acmeFallbackHost'))) {
      assert.ok(
        !line.includes('6443') && !/https_?port/i.test(line),
        `acmeFallbackHost on the HTTP port: ${line.trim()}`,
      );
    }
    assert.match(read(path.join(folder, 'snikket/snikket.nix')), /backend = "docker"/);
  });

  it('running it again overwrites nothing and names the existing files', async () => {
    const conf = path.join(folder, 'snikket/snikket.conf');
    fs.appendFileSync(conf, '# edited by the admin\n');
    const before = new Map(SEVEN.map((f) => [f, read(path.join(folder, f))]));
    const result = (await vscode.commands.executeCommand('snikket.newDeployment', {
      ...args(),
      domain: 'other.e2e-test.org',
    })) as Outcome;
    assert.deepEqual(result.created, []);
    assert.deepEqual([...result.skipped].sort(), SEVEN.map((f) => path.join(folder, f)).sort());
    for (const f of SEVEN) assert.equal(read(path.join(folder, f)), before.get(f), `${f} unchanged`);
  });

  it('the wizard goes Back to the previous step, keeping its answer', async () => {
    const target = path.join(workspaceRoot(), `wizard-back-${Date.now()}`);
    fs.mkdirSync(target);
    // Domain and e-mail given: the wizard asks steps 3 to 6, each prefilled with a valid default.
    let finished = false;
    const pending = Promise.resolve(
      vscode.commands.executeCommand('snikket.newDeployment', {
        domain: 'back.e2e-test.org',
        adminEmail: 'ops@e2e-test.org',
        folder: target,
        open: false,
      }) as Thenable<Outcome>,
    ).then((o) => {
      finished = true;
      return o;
    });
    const settle = () => new Promise((r) => setTimeout(r, 1500));
    const accept = async () => {
      await settle();
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    };
    await accept(); // step 3 -> 4
    await settle();
    await vscode.commands.executeCommand('workbench.action.quickInputBack'); // 4 -> 3
    await accept(); // 3 -> 4
    await accept(); // 4 -> 5
    await accept(); // 5 -> 6 (the backend)
    await settle();
    // Without Back the same keys would have finished the wizard already.
    assert.equal(finished, false, 'still at step 6: Back went back one step');
    await accept(); // podman
    const result = await pending;
    assert.equal(result.error, undefined);
    assert.equal(result.created.length, SEVEN.length);
    assert.match(read(path.join(target, 'snikket', 'snikket.conf')), /SNIKKET_TWEAK_HTTPS_PORT=5443/);
  });
});
