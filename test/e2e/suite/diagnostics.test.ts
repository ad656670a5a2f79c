/** Diagnostics across the example deployment, and a quick fix that makes one go away. Needs the server. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  blog,
  codeOf,
  describeDiagnostics,
  open,
  requireServer,
  screenshot,
  waitForDiagnostics,
  withCode,
} from './helpers';

describe('diagnostics (language server)', function () {
  this.timeout(90_000);
  before(requireServer);

  const handWritten = () => vscode.Uri.file(blog('snikket.nix'));
  const copyJob = () => vscode.Uri.file(blog('snikket', 'copy-certs-job.nix'));

  it('reports acme-fallback-port in snikket.nix and timer-script-missing in copy-certs-job.nix', async () => {
    await open(copyJob().fsPath);
    const editor = await open(handWritten().fsPath);
    const [nixDiags, jobDiags] = await Promise.all([
      waitForDiagnostics(handWritten(), withCode('acme-fallback-port'), 'acme-fallback-port'),
      waitForDiagnostics(copyJob(), withCode('timer-script-missing'), 'timer-script-missing'),
    ]);
    const acme = nixDiags.filter((d) => codeOf(d) === 'acme-fallback-port');
    assert.ok(acme.length >= 1, describeDiagnostics(nixDiags));
    for (const d of acme) {
      assert.match(
        editor.document.getText(d.range) + editor.document.lineAt(d.range.start.line).text,
        /acmeFallbackHost|port/,
      );
    }
    assert.ok(jobDiags.some((d) => codeOf(d) === 'timer-script-missing' && editor.document !== undefined));

    // For the README: the squiggles and the Problems panel.
    editor.revealRange(acme[0]!.range, vscode.TextEditorRevealType.InCenter);
    editor.selection = new vscode.Selection(acme[0]!.range.start, acme[0]!.range.start);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('diagnostics');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('the preferred quick fix for acme-fallback-port removes the diagnostic', async () => {
    const uri = handWritten();
    const original = (await open(uri.fsPath)).document.getText();
    let remaining = (await waitForDiagnostics(uri, withCode('acme-fallback-port'), 'acme-fallback-port')).filter(
      (d) => codeOf(d) === 'acme-fallback-port',
    );
    // One fix may cover all three vhosts, or one each: apply until none is left (bounded).
    for (let round = 0; round < 4 && remaining.length > 0; round++) {
      const target = remaining[0]!;
      const fix = await preferredQuickFix(uri, target, 'acme-fallback-port', /^Add http_port = 5080 and use it$/);
      const before = remaining.length;
      if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the fix applies');
      if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      const after = await waitForDiagnostics(
        uri,
        (ds) => ds.filter((d) => codeOf(d) === 'acme-fallback-port').length < before,
        'fewer acme-fallback-port diagnostics',
      );
      remaining = after.filter((d) => codeOf(d) === 'acme-fallback-port');
    }
    assert.equal(remaining.length, 0, 'no acme-fallback-port left');
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    // One HTTP-port binding next to the shared `port`, and the three fallbacks read it; nothing else changes.
    const expected = original
      .replace(
        '  port = 5443; # must match SNIKKET_TWEAK_HTTPS_PORT\n',
        '  port = 5443; # must match SNIKKET_TWEAK_HTTPS_PORT\n  http_port = 5080; # must match SNIKKET_TWEAK_HTTP_PORT\n',
      )
      .replaceAll(
        'acmeFallbackHost = "localhost:${toString port}";',
        'acmeFallbackHost = "localhost:${toString http_port}";',
      );
    assert.equal(text, expected);
    assert.notEqual(text, original);
  });
});

/**
 * The preferred quick fix offered for a diagnostic. VS Code cancels a code-action request when the
 * document changes while it runs (and answers nothing), so an empty answer is asked again after the
 * next change of the file's diagnostics (or 2 s), a few times; a missing or non-preferred fix still fails.
 */
async function preferredQuickFix(
  uri: vscode.Uri,
  target: vscode.Diagnostic,
  code: string,
  title: RegExp,
): Promise<vscode.CodeAction> {
  let actions: (vscode.CodeAction | vscode.Command)[] = [];
  for (let attempt = 0; attempt < 5 && actions.length === 0; attempt++) {
    if (attempt > 0) await nextDiagnosticsChange(uri, 2_000);
    actions =
      (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        uri,
        target.range,
        vscode.CodeActionKind.QuickFix.value,
        10,
      )) ?? [];
  }
  const preferred = (a: vscode.CodeAction | vscode.Command): a is vscode.CodeAction =>
    'isPreferred' in a && a.isPreferred === true;
  // VS Code hands back the action without the diagnostics it was attached to: match by title.
  const fix = actions
    .filter(preferred)
    .find((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value && title.test(a.title));
  const doc = await vscode.workspace.openTextDocument(uri);
  assert.ok(
    fix,
    `a preferred quick fix for ${code} at line ${target.range.start.line + 1}; got: ${actions.map((a) => a.title).join(' | ') || '(none)'}` +
      ` (document version ${doc.version}, dirty ${doc.isDirty}; diagnostics: ${describeDiagnostics(vscode.languages.getDiagnostics(uri))})`,
  );
  return fix;
}

/** Resolves at the next change of the diagnostics of `uri`, or after `timeoutMs`. */
function nextDiagnosticsChange(uri: vscode.Uri, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) done();
    });
    const timer = setTimeout(done, timeoutMs);
  });
}
