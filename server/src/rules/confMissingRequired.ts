import { appendEntry } from '../syntax/dotenv/edit';
import { findDefinitions } from '../syntax/nix/options';
import type { FixDraft, Rule, RuleContext } from './rule';
import { settingsAnchor } from './shared/settingEdits';
import { snikketVhosts } from './shared/snikketVhosts';

/** Snikket will not start without a domain and an admin address. */
export const confMissingRequired: Rule = {
  code: 'conf-missing-required',
  severity: 'error',
  summary: 'SNIKKET_DOMAIN or SNIKKET_ADMIN_EMAIL is absent.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const compose = f.deployment.compose;
    // A Snikket service given no settings at all cannot start, whatever the other services have.
    for (const s of compose?.parsed.services ?? []) {
      if (!/(?:^|\/)snikket\/snikket-/.test(s.image?.value ?? '') || s.envFiles.length > 0 || s.environment.length > 0)
        continue;
      ctx.report({
        doc: compose!,
        span: s.nameSpan,
        message: `Service ${s.name} has neither env_file nor environment: it gets no SNIKKET_DOMAIN and does not start`,
      });
    }
    const anchor = settingsAnchor(f);
    if (!anchor) return;
    for (const name of ['SNIKKET_DOMAIN', 'SNIKKET_ADMIN_EMAIL']) {
      const s = f.settings.get(name);
      if (s && s.value.trim() !== '') continue;
      // Set where the checker cannot read it (a secrets file at run time...): not missing.
      if (!s && f.settings.unknownReason(name) !== undefined) continue;
      const known = name === 'SNIKKET_DOMAIN' ? nixDomain(ctx) : acmeEmail(ctx);
      const conf = f.deployment.conf;
      const fixes: FixDraft[] = [];
      if (known && conf && !s) {
        // No fix when the value cannot be written as plain data (see formatValue).
        const e = appendEntry(conf.text, name, known);
        if (e)
          fixes.push({
            title: `Add ${name}=${known}`,
            isPreferred: true,
            edits: [{ doc: conf, start: e.span.start, end: e.span.end, newText: e.newText }],
          });
      }
      ctx.report({
        ...(s ? { doc: s.doc, span: s.valueSpan } : anchor),
        message: `${name} is ${s ? 'empty' : 'not set'}: Snikket does not start without it`,
        fixes,
      });
    }
  },
};

/**
 * The domain the deployment's Snikket vhost already serves: the one vhost proxying to Snikket
 * whose name is not groups./share. of another. Names of other modules' bindings never decide.
 */
function nixDomain(ctx: RuleContext): string | undefined {
  const names = snikketVhosts(ctx.facts).flatMap((v) => (v.nameValue.kind === 'string' ? [v.nameValue.value] : []));
  const bare = [
    ...new Set(names.filter((n) => !/^(groups|share)\./.test(n) && /^[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/.test(n))),
  ];
  return bare.length === 1 ? bare[0] : undefined;
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
