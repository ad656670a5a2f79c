import assert from 'node:assert/strict';
import { describeFailure, isOfflineOutput, programOf } from '../../../client/src/compose2nix/failure';
import type { RunResult } from '../../../client/src/compose2nix/run';
import type { ResolvedTool } from '../../../client/src/compose2nix/tool';

const nixRun: ResolvedTool = {
  kind: 'nix-run',
  command: '/usr/bin/nix',
  prefix: [],
  description: 'nix run nixpkgs#compose2nix',
};
const nixShell: ResolvedTool = {
  kind: 'nix-shell',
  command: '/usr/bin/nix-shell',
  prefix: [],
  description: 'nix-shell -p compose2nix',
};
const direct: ResolvedTool = {
  kind: 'path',
  command: '/usr/bin/compose2nix',
  prefix: [],
  description: '/usr/bin/compose2nix',
};
const run = (r: Partial<RunResult>): RunResult => ({ code: 1, signal: null, output: '', cancelled: false, ...r });

describe('compose2nix failure messages', () => {
  const offline =
    "warning: error: unable to download 'https://channels.nixos.org/nixpkgs-unstable/nixexprs.tar.xz': Couldn't resolve host name (6)\nerror: cannot fetch nixpkgs";

  it('names nix, not compose2nix, when nix could not fetch it', () => {
    assert.deepEqual(describeFailure(nixRun, run({ output: offline }), 'snikket/snikket.nix'), {
      kind: 'offline',
      message:
        'nix run nixpkgs#compose2nix could not download compose2nix (no network?); snikket/snikket.nix is unchanged.',
    });
    assert.equal(describeFailure(nixShell, run({ output: offline }), 'x.nix').kind, 'offline');
  });

  it("is one line without the tool's output when the tool itself fails", () => {
    const f = describeFailure(direct, run({ code: 2, output: 'panic: boom\nat line 3' }), 'snikket/snikket.nix');
    assert.deepEqual(f, {
      kind: 'failed',
      message: '/usr/bin/compose2nix exited with code 2; snikket/snikket.nix is unchanged. Its output is in the log.',
    });
    // compose2nix's own network errors are not nix being offline.
    assert.equal(describeFailure(direct, run({ output: offline }), 'x.nix').kind, 'failed');
  });

  it('reports a program that could not start, and a killed one', () => {
    assert.equal(
      describeFailure(direct, run({ code: null, spawnError: 'spawn /usr/bin/compose2nix ENOENT' }), 'x.nix').message,
      '/usr/bin/compose2nix could not be started (spawn /usr/bin/compose2nix ENOENT); x.nix is unchanged.',
    );
    assert.equal(
      describeFailure(nixShell, run({ code: null, signal: 'SIGKILL' }), 'x.nix').message,
      'nix-shell -p compose2nix was stopped (SIGKILL); x.nix is unchanged. Its output is in the log.',
    );
  });

  it('detects nix being offline from its wording only', () => {
    assert.equal(isOfflineOutput(offline), true);
    assert.equal(
      isOfflineOutput("error: unable to download 'https://cache.nixos.org/nar/x': Timeout was reached (28)"),
      true,
    );
    assert.equal(isOfflineOutput("error: attribute 'compose2nix' missing"), false);
    assert.deepEqual([nixRun, nixShell, direct].map(programOf), [
      'nix run nixpkgs#compose2nix',
      'nix-shell -p compose2nix',
      '/usr/bin/compose2nix',
    ]);
  });
});
