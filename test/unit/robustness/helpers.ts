/** Shared by the robustness tests: temp copies of the example, running check() and the CLI, and asking where a file was reported. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check, type CheckResult } from '../../../server/src/check/check';
import { main } from '../../../server/src/cli/main';
import { DocumentStore } from '../../../server/src/model/documents';
import { NodeFileHost, type FileHost } from '../../../server/src/model/fileHost';

export const REPO = path.resolve(__dirname, '..', '..', '..', '..');
export const BLOG = path.join(REPO, 'examples', 'blog');

/** A temp copy of examples/blog (realpath'd: the checker reports real paths). */
export function copyBlog(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'snikket-robust-')));
  fs.cpSync(BLOG, dir, { recursive: true });
  return dir;
}

export function removeDir(dir: string): void {
  // A test may have made a folder unreadable; give it back before removing. Walked by hand with
  // lstat: a recursive readdir would follow the symlink loops some tests make.
  const walk = (d: string): void => {
    try {
      fs.chmodSync(d, 0o755);
      for (const e of fs.readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(path.join(d, e.name));
    } catch {
      // gone already
    }
  };
  walk(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

export function runCheck(dir: string, host: FileHost = new NodeFileHost()): CheckResult {
  return check(new DocumentStore(host), [dir]);
}

export async function runCli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, color: false });
  return { code, stdout, stderr };
}

/** Every way the checker can tell the user about a file it could not use, with the reason. */
export function reasonsFor(result: CheckResult, file: string): string[] {
  const out: string[] = [];
  for (const s of result.skipped) if (s.file === file) out.push(`skipped: ${s.reason}`);
  for (const d of result.deployments)
    for (const u of d.deployment.unreadable) if (u.file === file) out.push(`unreadable: ${u.reason}`);
  for (const f of result.findings)
    if (f.file === file || f.related.some((r) => r.file === file)) out.push(`${f.code}: ${f.message}`);
  return out;
}

export function assertReported(result: CheckResult, file: string, reason: RegExp): void {
  const reasons = reasonsFor(result, file);
  assert.ok(
    reasons.some((r) => reason.test(r)),
    `${path.basename(file)} should be reported matching ${reason}; got ${JSON.stringify(reasons)}`,
  );
}

export function assertNoInternalErrors(result: CheckResult): void {
  assert.deepEqual(result.internalErrors, [], 'rules threw on this input');
}

/** The CLI ran to the end: a report (exit 0 or 1), never a crash (exit 2) or an internal error. */
export function assertCliCompleted(r: { code: number; stdout: string; stderr: string }): void {
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error/);
  const json = JSON.parse(r.stdout) as { deployments: unknown[] };
  assert.ok(Array.isArray(json.deployments));
}

/** Deterministic pseudo-random bytes. */
export function randomBytes(seed: number, n: number, printable: boolean): Buffer {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = printable ? 9 + (next() % 118) : next() & 0xff;
  return b;
}
