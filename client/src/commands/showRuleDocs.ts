/** Snikket: Show documentation for a rule code — the page packaged with the extension, offline. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isRecord, type CommandFactory } from './types';

export const showRuleDocs: CommandFactory =
  (ctx) =>
  async (arg: unknown): Promise<void> => {
    const code =
      isRecord(arg) && typeof arg['code'] === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(arg['code'])
        ? arg['code']
        : undefined;
    const page = code ? path.join(ctx.extensionPath, 'docs', 'rules', `${code}.md`) : undefined;
    if (!page || !fs.existsSync(page)) {
      void vscode.window.showErrorMessage(`Snikket: no documentation page for ${code ?? 'this finding'}.`);
      return;
    }
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(page));
  };
