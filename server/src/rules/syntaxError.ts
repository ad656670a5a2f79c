import type { Doc } from '../model/documents';
import type { Rule, RuleContext } from './rule';

/** A file that does not parse; the other rules still read what recovery kept of it. */
export const syntaxError: Rule = {
  code: 'syntax-error',
  severity: 'error',
  summary: 'A file of the deployment does not parse.',
  check(ctx: RuleContext) {
    const d = ctx.facts.deployment;
    const docs: Doc[] = [
      ...d.nix,
      ...(d.conf ? [d.conf] : []),
      ...(d.compose ? [d.compose] : []),
      ...(d.script ? [d.script] : []),
    ];
    for (const doc of docs) {
      for (const p of problemsOf(doc)) {
        const related = p.related ? [{ doc, span: p.related, message: p.related.message }] : [];
        ctx.report({
          doc,
          span: p.span,
          message: p.message,
          severity: p.fatal === false ? 'warning' : 'error',
          related,
        });
      }
    }
  },
};

function problemsOf(doc: Doc): {
  span: { start: number; end: number };
  message: string;
  fatal?: boolean;
  related?: { start: number; end: number; message: string };
}[] {
  switch (doc.kind) {
    case 'nix':
      return doc.parse.errors.map((e) => ({
        span: { start: e.start, end: e.end },
        message: e.message,
        ...(e.related ? { related: e.related } : {}),
      }));
    case 'dotenv':
      return doc.parsed.problems;
    case 'compose':
      return doc.parsed.problems;
    case 'shell':
      return doc.parsed.problems;
  }
}
