/** A deployment held in memory (path -> text), checked without touching the disk. */
import * as path from 'node:path';
import { type CheckOptions, type CheckResult, check } from '../../server/src/check/check';
import { applyTextEdits } from '../../server/src/fixes/applyEdits';
import { DocumentStore } from '../../server/src/model/documents';
import type { FileHost, ReadResult, SkippedFile } from '../../server/src/model/fileHost';
import type { Finding, Fix } from '../../server/src/model/findings';

const ROOT = '/deployment';

class MemoryFileHost implements FileHost {
  constructor(readonly files: Map<string, string>) {}

  list(root: string, wanted: (name: string) => boolean): { files: string[]; skipped: SkippedFile[] } {
    const prefix = root.endsWith('/') ? root : `${root}/`;
    const files = [...this.files.keys()].filter((f) => f.startsWith(prefix) && wanted(path.basename(f))).sort();
    return { files, skipped: [] };
  }

  read(file: string): ReadResult {
    const text = this.files.get(file);
    return text === undefined ? { ok: false, reason: 'no such file' } : { ok: true, text };
  }

  exists(file: string): boolean {
    return this.files.has(file) || [...this.files.keys()].some((f) => f.startsWith(`${file}/`));
  }
}

export class MemoryDeployment {
  readonly files: Map<string, string>;

  constructor(files: Record<string, string>) {
    this.files = new Map(Object.entries(files).map(([p, t]) => [path.join(ROOT, p), t]));
  }

  /** The whole check: deployments with their facts, and findings. */
  result(options: CheckOptions = {}): CheckResult {
    return check(new DocumentStore(new MemoryFileHost(this.files)), [ROOT], { ...options, reuse: false });
  }

  findings(code?: string): Finding[] {
    const all = this.result().findings;
    return code ? all.filter((f) => f.code === code) : all;
  }

  /** `file:line:col-line:col message` (1-based), for exact assertions. */
  summary(code: string): string[] {
    return this.findings(code).map(
      (f) =>
        `${path.relative(ROOT, f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.severity}: ${f.message}`,
    );
  }

  /** `file:line:col` (1-based) of findings, for compact exact assertions. */
  where(code: string): string[] {
    return this.findings(code).map(
      (f) => `${this.rel(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}`,
    );
  }

  /** A finding's file relative to the deployment, as tests name it. */
  rel(file: string): string {
    return path.relative(ROOT, file);
  }

  /** Applies a fix in memory; returns the new text of each file it touched. */
  apply(fix: Fix): Record<string, string> {
    const out: Record<string, string> = {};
    for (const file of new Set(fix.edits.map((e) => e.file))) {
      const next = applyTextEdits(
        this.files.get(file)!,
        fix.edits.filter((e) => e.file === file),
      );
      this.files.set(file, next);
      out[path.relative(ROOT, file)] = next;
    }
    return out;
  }

  /** The absolute path of a file of the deployment, as the checker names it. */
  path(file: string): string {
    return path.join(ROOT, file);
  }

  /** Every file's text by path relative to the deployment. */
  texts(): Record<string, string> {
    return Object.fromEntries([...this.files].map(([f, t]) => [this.rel(f), t]));
  }

  remove(file: string): void {
    this.files.delete(path.join(ROOT, file));
  }

  write(file: string, text: string): void {
    this.files.set(path.join(ROOT, file), text);
  }

  text(file: string): string {
    return this.files.get(path.join(ROOT, file))!;
  }
}
