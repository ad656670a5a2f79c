import { getVariable, isKnownVariable, suggestVariable } from '../model/snikket/variables';
import type { Rule, RuleContext, SpanEdit } from './rule';

/** A name Snikket does not read is almost always a typo, and the setting silently has no effect. */
export const confUnknownVariable: Rule = {
  code: 'conf-unknown-variable',
  severity: 'warning',
  summary: 'A SNIKKET_* name Snikket does not read, with "did you mean".',
  check(ctx: RuleContext) {
    const conf = ctx.facts.deployment.conf;
    if (!conf) return;
    for (const e of conf.parsed.entries) {
      const known = getVariable(e.key);
      if (known && known.status !== 'active') {
        ctx.report({
          doc: conf,
          span: e.keySpan,
          severity: 'information',
          message: `${e.key} has no effect: ${known.note ?? 'Snikket no longer reads it'}`,
        });
        continue;
      }
      if (isKnownVariable(e.key) || !/^SNIKKET_/.test(e.key)) continue;
      const guess = suggestVariable(e.key);
      ctx.report({
        doc: conf,
        span: e.keySpan,
        message: `Snikket does not read ${e.key}, so this line has no effect${guess ? `: did you mean ${guess}?` : ''}`,
        fixes: guess
          ? [
              {
                title: `Rename to ${guess}`,
                isPreferred: true,
                edits: [
                  { doc: conf, start: e.keySpan.start, end: e.keySpan.end, newText: guess },
                  ...generatedCopies(ctx, e.key, guess),
                ],
              },
            ]
          : [],
      });
    }
  },
};

/** compose2nix inlined the env file into the generated file: the rename goes there too, or compose2nix-stale follows. */
function generatedCopies(ctx: RuleContext, from: string, to: string): SpanEdit[] {
  const generated = ctx.facts.containers.generated;
  if (!generated) return [];
  const edits: SpanEdit[] = [];
  for (const c of ctx.facts.containers.containers) {
    if (c.doc !== generated) continue;
    for (const e of c.environment) {
      if (e.key !== from) continue;
      // The key as written, `"SNIKKET_X"` or `SNIKKET_X`: only the name changes.
      const at = generated.text.indexOf(from, e.keySpan.start);
      if (at >= 0 && at + from.length <= e.keySpan.end)
        edits.push({ doc: generated, start: at, end: at + from.length, newText: to });
    }
  }
  return edits;
}
