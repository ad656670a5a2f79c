import type { Rule, RuleContext } from './rule';

/** A key set twice: the later value wins, and whoever edits the earlier one changes nothing. */
export const confDuplicateKey: Rule = {
  code: 'conf-duplicate-key',
  severity: 'warning',
  summary: 'A key is set twice (the later one wins).',
  check(ctx: RuleContext) {
    const conf = ctx.facts.deployment.conf;
    if (!conf) return;
    for (const { key, entries } of conf.parsed.duplicates()) {
      const winner = entries[entries.length - 1]!;
      for (const e of entries.slice(0, -1)) {
        // Removing the earlier line changes nothing the containers see: safe to apply.
        let end = e.lineSpan.end;
        if (conf.text[end] === '\r') end++;
        if (conf.text[end] === '\n') end++;
        ctx.report({
          doc: conf,
          span: e.keySpan,
          message: `${key} is set again on line ${winner.line + 1} (${winner.value}), which wins: this value (${e.value}) has no effect`,
          related: [{ doc: conf, span: winner.keySpan, message: `${key}=${winner.value} wins` }],
          fixes: [
            {
              title: `Remove this ${key} line`,
              isPreferred: true,
              edits: [{ doc: conf, start: e.lineSpan.start, end, newText: '' }],
            },
          ],
        });
      }
    }
  },
};
