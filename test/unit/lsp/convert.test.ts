import * as assert from 'node:assert/strict';
import {
  editsToWorkspaceEdit,
  normalizeUri,
  pathToUri,
  toDiagnostic,
  uriToPath,
} from '../../../server/src/lsp/convert';
import { sanitizeSettings } from '../../../server/src/lsp/settings';
import type { Finding } from '../../../server/src/model/findings';

const range = (l: number, c: number, l2: number, c2: number) => ({
  start: { line: l, character: c },
  end: { line: l2, character: c2 },
});

describe('lsp/convert', () => {
  const finding: Finding = {
    file: '/ws/snikket.nix',
    range: range(25, 25, 25, 53),
    severity: 'error',
    code: 'acme-fallback-port',
    message: 'm',
    related: [{ file: '/ws/snikket/snikket.conf', range: range(7, 0, 7, 23), message: 'HTTP port' }],
    fixes: [],
  };

  it('turns a finding into a diagnostic with source, code, documentation link and related files', () => {
    const d = toDiagnostic(finding);
    assert.equal(d.source, 'snikket-nixos');
    assert.equal(d.code, 'acme-fallback-port');
    assert.equal(d.severity, 1);
    assert.equal(
      d.codeDescription?.href,
      'https://github.com/snikket-nixos/snikket-nixos/blob/main/docs/rules/acme-fallback-port.md',
    );
    assert.deepEqual(d.relatedInformation, [
      { location: { uri: 'file:///ws/snikket/snikket.conf', range: range(7, 0, 7, 23) }, message: 'HTTP port' },
    ]);
    assert.equal(toDiagnostic({ ...finding, severity: 'hint', related: [] }).relatedInformation, undefined);
  });

  it('groups edits per file, versions open documents and drops duplicates', () => {
    const e = (file: string, newText: string) => ({ file, range: range(1, 0, 1, 3), newText });
    const edit = editsToWorkspaceEdit([e('/ws/a.nix', 'x'), e('/ws/b.conf', 'y'), e('/ws/a.nix', 'x')], (f) =>
      f === '/ws/a.nix' ? 7 : undefined,
    );
    assert.deepEqual(edit.documentChanges, [
      { textDocument: { uri: 'file:///ws/a.nix', version: 7 }, edits: [{ range: range(1, 0, 1, 3), newText: 'x' }] },
      {
        textDocument: { uri: 'file:///ws/b.conf', version: null },
        edits: [{ range: range(1, 0, 1, 3), newText: 'y' }],
      },
    ]);
    const plain = editsToWorkspaceEdit([e('/ws/a.nix', 'x')], () => undefined, false);
    assert.deepEqual(Object.keys(plain.changes ?? {}), ['file:///ws/a.nix']);
  });

  it('maps URIs and paths both ways, whatever the percent-encoding', () => {
    assert.equal(uriToPath('file:///ws/my%20dir/snikket.conf'), '/ws/my dir/snikket.conf');
    assert.equal(pathToUri('/ws/my dir/a.nix'), 'file:///ws/my%20dir/a.nix');
    assert.equal(uriToPath('untitled:Untitled-1'), undefined);
    assert.equal(normalizeUri('file:///ws/a%2Bb.nix'), normalizeUri('file:///ws/a+b.nix'));
  });

  it('sanitizes settings from the client', () => {
    assert.deepEqual(sanitizeSettings(undefined), { ignore: [], severity: {}, compose2nixPath: '', searchPaths: [] });
    assert.deepEqual(
      sanitizeSettings({
        ignore: ['a', 3],
        severity: { x: 'hint', y: 'loud' },
        compose2nixPath: '/bin/c2n',
        searchPaths: 'nope',
      }),
      { ignore: ['a'], severity: { x: 'hint' }, compose2nixPath: '/bin/c2n', searchPaths: [] },
    );
  });
});
