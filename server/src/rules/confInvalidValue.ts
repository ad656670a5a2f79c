import { validateValue } from '../model/snikketVariables';
import type { Rule, RuleContext } from './rule';

/** A value of the wrong type: the container refuses to start or falls back to a default. */
export const confInvalidValue: Rule = {
  code: 'conf-invalid-value',
  severity: 'error',
  summary: 'A value of the wrong type, out of range or not in the enum.',
  check(ctx: RuleContext) {
    for (const s of ctx.facts.settings.all()) {
      const r = validateValue(s.name, s.value);
      if (!r.ok) ctx.report({ doc: s.doc, span: s.valueSpan, message: r.message });
    }
  },
};
