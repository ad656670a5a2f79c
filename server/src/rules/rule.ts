/** The interface every rule implements, and the context that turns spans into findings. */
import type { Doc, DocumentStore } from '../model/documents';
import type { Facts } from '../model/facts';
import type { Finding, Fix, Severity } from '../model/findings';
import * as path from 'node:path';
import type { Span } from '../text/span';

export interface Rule {
  /** Stable: tests, CLI output, settings and the editor refer to rules by code. */
  code: string;
  severity: Severity;
  /** One line for documentation and listings. */
  summary: string;
  check(ctx: RuleContext): void;
}

export interface SpanEdit {
  doc: Doc;
  start: number;
  end: number;
  newText: string;
}

export interface FixDraft {
  title: string;
  isPreferred?: boolean;
  edits?: SpanEdit[];
  command?: Fix['command'];
}

export interface Report {
  doc: Doc;
  span: Span;
  message: string;
  /** Overrides the rule's severity for this finding (consequence differs case by case). */
  severity?: Severity;
  related?: { doc: Doc; span: Span; message: string }[];
  fixes?: FixDraft[];
}

export class RuleContext {
  readonly findings: Finding[] = [];

  constructor(
    readonly facts: Facts,
    private readonly rule: Rule,
    readonly store: DocumentStore,
  ) {}

  /** How messages name a file: relative to the deployment's folder. */
  where(doc: Doc): string {
    return this.relative(doc.path);
  }

  relative(file: string): string {
    const root = this.facts.deployment.root;
    const base = root.endsWith('.nix') ? path.dirname(root) : root;
    const rel = path.relative(base, file);
    return rel.startsWith('..') ? file : rel;
  }

  report(r: Report): void {
    this.findings.push({
      file: r.doc.path,
      range: r.doc.lines.range(r.span.start, r.span.end),
      severity: r.severity ?? this.rule.severity,
      code: this.rule.code,
      message: r.message,
      related: (r.related ?? []).map((x) => ({
        file: x.doc.path,
        range: x.doc.lines.range(x.span.start, x.span.end),
        message: x.message,
      })),
      fixes: (r.fixes ?? [])
        .filter((f) => (f.edits?.length ?? 0) > 0 || f.command)
        .map((f) => ({
          title: f.title,
          // A fix without edits is a command the user runs: never what "fix all" applies.
          isPreferred: (f.isPreferred ?? false) && (f.edits?.length ?? 0) > 0,
          edits: (f.edits ?? []).map((e) => ({
            file: e.doc.path,
            range: e.doc.lines.range(e.start, e.end),
            newText: e.newText,
          })),
          ...(f.command ? { command: f.command } : {}),
        })),
    });
  }
}
