/** Test deployments: a copy of a fixture folder in a temp dir, edited by text replacement, then checked. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check, type CheckResult } from '../../server/src/check/check';
import { applyTextEdits } from '../../server/src/fixes/applyEdits';
import { DocumentStore } from '../../server/src/model/documents';
import { NodeFileHost } from '../../server/src/model/fileHost';
import type { Finding, Fix } from '../../server/src/model/findings';

export const REPO = path.resolve(__dirname, '../../..');

export function fixturePath(name: string): string {
  return name.startsWith('examples/') ? path.join(REPO, name) : path.join(REPO, 'test/fixtures', name);
}

/** Copies made while a test runs (its beforeEach hooks included): removed after it, passed or failed. */
const perTest = new Set<TestDeployment>();
let inTest = false;

/** Mocha root hooks (`.mocharc.json` requires this module). A copy made in a `before` hook is the suite's to dispose. */
export const mochaHooks = {
  beforeEach(): void {
    inTest = true;
  },
  afterEach(): void {
    inTest = false;
    for (const d of perTest) d.dispose();
    perTest.clear();
  },
};

export class TestDeployment {
  constructor(readonly dir: string) {}

  static copy(
    fixture: string,
    edits: Record<string, [string | RegExp, string][] | string | null> = {},
  ): TestDeployment {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snikket-test-'));
    const d = new TestDeployment(dir);
    if (inTest) perTest.add(d);
    fs.cpSync(fixturePath(fixture), dir, { recursive: true });
    for (const [file, change] of Object.entries(edits)) {
      if (change === null) fs.rmSync(d.path(file));
      else if (typeof change === 'string') d.write(file, change);
      else d.replace(file, ...change);
    }
    return d;
  }

  /** A deployment on disk from texts by relative path, for what only the disk reader does. */
  static of(files: Record<string, string>): TestDeployment {
    const d = new TestDeployment(fs.mkdtempSync(path.join(os.tmpdir(), 'snikket-test-')));
    if (inTest) perTest.add(d);
    for (const [file, text] of Object.entries(files)) d.write(file, text);
    return d;
  }

  path(file: string): string {
    return path.join(this.dir, file);
  }

  read(file: string): string {
    return fs.readFileSync(this.path(file), 'utf8');
  }

  /** Every file's text by relative path, to compare the deployment before and after a fix. */
  snapshot(): Map<string, string> {
    const out = new Map<string, string>();
    for (const f of fs.readdirSync(this.dir, { recursive: true }).map(String)) {
      if (fs.statSync(this.path(f)).isFile()) out.set(f, this.read(f));
    }
    return out;
  }

  write(file: string, text: string): void {
    fs.mkdirSync(path.dirname(this.path(file)), { recursive: true });
    fs.writeFileSync(this.path(file), text);
  }

  /** Replaces each `from` (which must occur) by `to`. */
  replace(file: string, ...pairs: [string | RegExp, string][]): void {
    let text = this.read(file);
    for (const [from, to] of pairs) {
      const next = text.replace(from, to);
      assert.notEqual(next, text, `fixture edit did not apply: ${String(from)} in ${file}`);
      text = next;
    }
    this.write(file, text);
  }

  check(): CheckResult {
    return check(new DocumentStore(new NodeFileHost()), [this.dir]);
  }

  findings(code?: string): Finding[] {
    const all = this.check().findings;
    return code ? all.filter((f) => f.code === code) : all;
  }

  /** `file:line:col` (1-based) of findings, for compact exact assertions. */
  where(code: string): string[] {
    return this.findings(code).map(
      (f) => `${this.rel(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}`,
    );
  }

  rel(file: string): string {
    return path.relative(this.dir, file);
  }

  /** Applies a fix to the files on disk; returns the new text of each file it touched. */
  apply(fix: Fix): Record<string, string> {
    const out: Record<string, string> = {};
    const files = [...new Set(fix.edits.map((e) => e.file))];
    for (const file of files) {
      const next = applyTextEdits(
        fs.readFileSync(file, 'utf8'),
        fix.edits.filter((e) => e.file === file),
      );
      fs.writeFileSync(file, next);
      out[this.rel(file)] = next;
    }
    return out;
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The line of `text` holding `needle`, for asserting what a fix wrote. */
export function lineWith(text: string, needle: string): string {
  const line = text.split('\n').find((l) => l.includes(needle));
  assert.ok(line !== undefined, `no line with ${needle}`);
  return line.trim();
}
