/** Helpers for the e2e tests: the temp workspace, events with timeouts, screenshots. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'snikket-nixos.snikket-nixos';

export interface SnikketApi {
  whenStarted(): Promise<boolean>;
  clientState(): string;
  serverStatus(): { state: string; deployments: number } | undefined;
  timings(): { activationMs: number; serverStartMs: number | undefined };
  overview(): Promise<{ deployments: { values: Record<string, string> }[] }> | undefined;
}

export interface Control {
  screenshots: boolean;
  doneDir: string;
  grep?: string;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e runner opens a temp workspace folder');
  const root = folder.uri.fsPath;
  // Never run against the repository itself: the tests edit files.
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (ext && (root + path.sep).startsWith(ext.extensionUri.fsPath + path.sep)) {
    throw new Error(`refusing to run: workspace ${root} is inside the repository`);
  }
  return root;
}

export function readControl(): Control | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  try {
    return JSON.parse(fs.readFileSync(path.join(folder.uri.fsPath, '.snikket-e2e', 'control.json'), 'utf8')) as Control;
  } catch {
    return undefined;
  }
}

/** examples/blog, copied into the workspace by the runner. */
export function blog(...parts: string[]): string {
  return path.join(workspaceRoot(), 'blog', ...parts);
}

export async function activate(): Promise<SnikketApi> {
  const ext = vscode.extensions.getExtension<SnikketApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
  return ext.activate();
}

/** Fails fast (in a before hook) when the language server is not there, instead of timing out test by test. */
export async function requireServer(): Promise<SnikketApi> {
  const api = await activate();
  const started = await api.whenStarted();
  assert.ok(
    started,
    `the Snikket language server is not running (client state: ${api.clientState()}); see the Snikket log`,
  );
  return api;
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

export function describeDiagnostics(ds: readonly vscode.Diagnostic[]): string {
  return ds.length === 0 ? '(none)' : ds.map((d) => `${codeOf(d) ?? '?'}@${d.range.start.line + 1}`).join(', ');
}

/** Resolves when `pred` holds for the diagnostics of `uri` (checked now and on every change); rejects after the timeout. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  pred: (ds: readonly vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    let done = false;
    const finish = () => {
      done = true;
      clearTimeout(timer);
      sub.dispose();
    };
    const check = () => {
      if (done) return;
      const ds = vscode.languages.getDiagnostics(uri);
      if (pred(ds)) {
        finish();
        resolve(ds);
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      if (done) return;
      finish();
      reject(
        new Error(
          `timed out after ${timeoutMs} ms waiting for ${what} in ${uri.fsPath}; diagnostics: ${describeDiagnostics(vscode.languages.getDiagnostics(uri))}`,
        ),
      );
    }, timeoutMs);
    check();
  });
}

export function withCode(code: string): (ds: readonly vscode.Diagnostic[]) => boolean {
  return (ds) => ds.some((d) => codeOf(d) === code);
}

export async function open(file: string, column = vscode.ViewColumn.One): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(doc, { preview: false, viewColumn: column });
}

/** Waits for a file to appear (polling the file system, which has no event for files outside the workspace). */
export async function waitForFile(file: string, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (fs.existsSync(file)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/**
 * Asks the code-server runner for a screenshot (docs/images/<name>.png) and waits until it is taken.
 * `waitForText`: the runner first waits until some frame (a webview) shows this text.
 */
export async function screenshot(name: string, waitForText?: string): Promise<void> {
  const control = readControl();
  if (!control?.screenshots) return;
  console.log(`[snikket-e2e] screenshot ${name}${waitForText ? ` wait-for=${waitForText}` : ''}`);
  const ok = await waitForFile(path.join(control.doneDir, `${name}.done`), 30_000);
  if (!ok) console.log(`[snikket-e2e] screenshot ${name} was not confirmed`);
}

export function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}
