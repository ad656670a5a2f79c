/**
 * `unused-suppression`: a `snikket-nixos-ignore` comment that silences nothing. Judged after every
 * other rule ran (check/suppressions.ts); this entry gives the code its severity, summary, settings
 * and documentation page like any rule.
 */
import type { Rule } from './rule';

export const unusedSuppression: Rule = {
  code: 'unused-suppression',
  severity: 'information',
  summary: 'A snikket-nixos-ignore comment silences nothing.',
  check() {
    // Reported by applySuppressions, which sees the other rules' findings.
  },
};
