import { appendEntry } from '../syntax/dotenv/edit';
import { findDefinitions } from '../syntax/nix/options';
import type { FixDraft, Rule, RuleContext } from './rule';
import { settingsAnchor } from './shared/settingEdits';

/** Snikket will not start without a domain and an admin address. */
export const confMissingRequired: Rule = {
  code: 'conf-missing-required',
  severity: 'error',
  summary: 'SNIKKET_DOMAIN or SNIKKET_ADMIN_EMAIL is absent.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const anchor = settingsAnchor(f);
    if (!anchor) return;
    for (const name of ['SNIKKET_DOMAIN', 'SNIKKET_ADMIN_EMAIL']) {
      const s = f.settings.get(name);
      if (s && s.value.trim() !== '') continue;
      const known = name === 'SNIKKET_DOMAIN' ? nixDomain(ctx) : acmeEmail(ctx);
      const conf = f.deployment.conf;
      const fixes: FixDraft[] = [];
      if (known && conf && !s) {
        // No fix when the value cannot be written as plain data (see formatValue).
        const e = appendEntry(conf.text, name, known);
        if (e) fixes.push({ title: `Add ${name}=${known}`, isPreferred: true, edits: [{ doc: conf, start: e.span.start, end: e.span.end, newText: e.newText }] });
      }
      ctx.report({ ...(s ? { doc: s.doc, span: s.valueSpan } : anchor), message: `${name} is ${s ? 'empty' : 'not set'}: Snikket does not start without it`, fixes });
    }
  },
};

/** The domain the Nix side already uses, when it says so plainly. */
function nixDomain(ctx: RuleContext): string | undefined {
  for (const d of ctx.facts.deployment.nix) {
    const m = /\bdomain\s*=\s*"([a-zA-Z0-9.-]+)"\s*;/.exec(d.text);
    if (m) return m[1];
  }
  return undefined;
}

function acmeEmail(ctx: RuleContext): string | undefined {
  for (const d of ctx.facts.deployment.nix) {
    for (const def of findDefinitions(d.defs, ['security', 'acme', 'defaults', 'email'])) {
      const v = d.ev.evaluate(def.value);
      if (v.kind === 'string' && v.value.includes('@')) return v.value;
    }
  }
  return undefined;
}
