/** Rerun compose2nix with a stand-in executable named in snikket.compose2nixPath. Needs the server. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { blog, read, requireServer, workspaceRoot } from './helpers';

interface RerunOutcome {
  ok: boolean;
  output?: string;
  changed?: boolean;
  error?: string;
  toolOutput?: string;
  actions?: string[];
}

const ACTIONS = ['Use the built-in generator', 'Set compose2nix path', 'Show log', 'How to install'];

function writeScript(name: string, body: string): string {
  const dir = path.join(workspaceRoot(), '.snikket-e2e');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

async function setTool(file: string): Promise<void> {
  await vscode.workspace
    .getConfiguration('snikket')
    .update('compose2nixPath', file, vscode.ConfigurationTarget.Workspace);
}

describe('Rerun compose2nix (language server)', () => {
  before(requireServer);
  after(() => setTool(undefined as unknown as string));

  it('runs the configured tool and applies its output to the generated file', async () => {
    const generated = blog('snikket', 'snikket.nix');
    const original = read(generated);
    const expected = original
      .replace(/compose2nix v[0-9.]+/, 'compose2nix v9.9.9-e2e')
      .replace('snikket/snikket-server:stable', 'snikket/snikket-server:beta');
    assert.notEqual(expected, original);
    const dir = path.join(workspaceRoot(), '.snikket-e2e');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'expected.nix'), expected);
    const script = writeScript(
      'fake-compose2nix.sh',
      [
        'here="$(dirname "$0")"',
        'printf "%s\\n" "$@" > "$here/args.txt"',
        'pwd > "$here/cwd.txt"',
        'out=""',
        'while [ $# -gt 0 ]; do if [ "$1" = "-output" ]; then out="$2"; shift; fi; shift; done',
        '[ -n "$out" ] || { echo "fake compose2nix: no -output" >&2; exit 2; }',
        'cat "$here/expected.nix" > "$out"',
        'echo "fake compose2nix wrote $out"',
      ].join('\n'),
    );
    await setTool(script);

    const result = (await vscode.commands.executeCommand('snikket.rerunCompose2nix', {
      file: blog('snikket.nix'),
    })) as RerunOutcome;
    assert.equal(result.error, undefined);
    assert.equal(result.ok, true);
    assert.equal(result.output, generated);
    assert.equal(result.changed, true);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(generated));
    assert.equal(doc.getText(), expected);
    assert.equal(read(generated), expected, 'saved to disk');

    const args = read(path.join(dir, 'args.txt'))
      .split('\n')
      .filter((a) => a !== '');
    const at = (flag: string) => args[args.indexOf(flag) + 1];
    assert.ok(args.includes('-project') && at('-project') === 'snikket', `-project snikket in ${args.join(' ')}`);
    assert.ok(
      args.includes('-output') && at('-output') !== generated,
      'writes to a temp file, not over the generated file',
    );
    assert.equal(read(path.join(dir, 'cwd.txt')).trim(), blog('snikket'), "runs in the compose file's folder");
  });

  it('a failing tool leaves the file untouched: one line naming it, its output in the log only', async () => {
    const generated = blog('snikket', 'snikket.nix');
    const before = read(generated);
    const tool = writeScript(
      'failing-compose2nix.sh',
      'echo "compose2nix: boom: cannot parse docker-compose.yml" >&2\nexit 1',
    );
    await setTool(tool);
    const result = (await vscode.commands.executeCommand('snikket.rerunCompose2nix', {
      file: generated,
    })) as RerunOutcome;
    assert.equal(result.ok, false);
    assert.equal(
      result.error,
      `${tool} exited with code 1; blog/snikket/snikket.nix is unchanged. Its output is in the log.`,
    );
    assert.match(result.toolOutput ?? '', /boom/);
    assert.deepEqual(result.actions, ACTIONS);
    assert.equal(read(generated), before);
  });

  it('a missing tool is a clear error with the ways out as buttons', async () => {
    await setTool(path.join(workspaceRoot(), 'no-such-compose2nix'));
    const result = (await vscode.commands.executeCommand('snikket.rerunCompose2nix', {
      file: blog('snikket.nix'),
    })) as RerunOutcome;
    assert.equal(result.ok, false);
    assert.match(result.error ?? '', /no-such-compose2nix/);
    assert.deepEqual(result.actions, ACTIONS);
  });

  it('nix offline: nix run is not blamed on compose2nix, and nix-shell is tried next', async () => {
    // The extension host is this process: a PATH holding stand-ins for nix and nix-shell only.
    const offline =
      "echo \"error: unable to download 'https://channels.nixos.org/nixexprs.tar.xz': Couldn't resolve host name (6)\" >&2\nexit 1";
    const dir = path.dirname(writeScript('nix', offline));
    writeScript('nix-shell', `echo tried >> ${JSON.stringify(path.join(dir, 'nix-shell-ran'))}\n${offline}`);
    const savedPath = process.env['PATH'];
    process.env['PATH'] = dir;
    try {
      await setTool('');
      const result = (await vscode.commands.executeCommand('snikket.rerunCompose2nix', {
        file: blog('snikket.nix'),
      })) as RerunOutcome;
      assert.equal(
        result.error,
        'nix-shell -p compose2nix could not download compose2nix (no network?); blog/snikket/snikket.nix is unchanged.',
      );
      assert.equal(read(path.join(dir, 'nix-shell-ran')), 'tried\n');
      assert.deepEqual(result.actions, ACTIONS);
    } finally {
      process.env['PATH'] = savedPath;
    }
  });
});
