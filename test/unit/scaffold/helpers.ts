/** Scaffolded files on disk, checked with the real checker. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check, type CheckResult } from '../../../server/src/check/check';
import type { ScaffoldFile } from '../../../server/src/api/protocol';
import { DocumentStore } from '../../../server/src/model/documents';
import { NodeFileHost } from '../../../server/src/model/fileHost';
import { parseCompose } from '../../../server/src/syntax/compose/parse';
import { parseDotenv } from '../../../server/src/syntax/dotenv/parse';
import { parseNix } from '../../../server/src/syntax/nix/parser';
import { parseShell } from '../../../server/src/syntax/shell/parse';

export const EMPTY: CheckResult = { deployments: [], findings: [], skipped: [], internalErrors: [] };

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'snikket-scaffold-'));
}

export function writeFiles(files: ScaffoldFile[]): void {
  for (const f of files) {
    fs.mkdirSync(path.dirname(f.path), { recursive: true });
    fs.writeFileSync(f.path, f.text, { flag: 'wx' });
  }
}

export function checkDir(dir: string): CheckResult {
  return check(new DocumentStore(new NodeFileHost()), [dir]);
}

/** The parse problems of a file, by its kind (empty when it parses cleanly). */
export function parseProblems(file: string, text: string): string[] {
  if (file.endsWith('.nix')) return parseNix(text).errors.map((e) => e.message);
  if (file.endsWith('.conf')) return parseDotenv(text).problems.map((p) => p.message);
  if (/\.ya?ml$/.test(file)) return parseCompose(text).problems.map((p) => p.message);
  if (file.endsWith('.sh')) return parseShell(text).problems.map((p) => p.message);
  throw new Error(`no parser for ${file}`);
}

/** Lines of `text`, trimmed, without comments-only lines. */
export function codeLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export function describeFindings(r: CheckResult): string {
  return r.findings.map((f) => `${f.code} ${f.file}:${f.range.start.line + 1} ${f.message}`).join('\n');
}
