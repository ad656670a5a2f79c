import type { Doc } from '../model/documents';
import type { NixValue } from '../syntax/nix/evaluate';
import { replaceInStringValue } from '../syntax/nix/edits';
import type { Rule, RuleContext, SpanEdit } from './rule';
import { setSettingEdit } from './shared/settingEdits';
import { servedName, snikketVhosts, vhostLabel } from './shared/snikketVhosts';

/** The Nix `domain`, the vhost names and the copy script's DOMAIN must all be SNIKKET_DOMAIN. */
export const domainMismatch: Rule = {
  code: 'domain-mismatch',
  severity: 'error',
  summary: "The Nix domain, a vhost name or the copy script's DOMAIN disagrees with SNIKKET_DOMAIN.",
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const setting = f.settings.get('SNIKKET_DOMAIN');
    if (!setting || !setting.value) return;
    const domain = setting.value;
    const here = `SNIKKET_DOMAIN=${domain} in ${ctx.where(setting.doc)}`;
    const related = [{ doc: setting.doc, span: setting.valueSpan, message: `SNIKKET_DOMAIN is ${domain}` }];
    const reported = new Set<string>();

    const mismatch = (
      doc: Doc,
      value: NixValue & { kind: 'string' },
      from: number,
      what: string,
      expected: string,
      span: { start: number; end: number },
    ): void => {
      const actual = value.value.slice(from);
      const fix = replaceInStringValue(value, from, value.value.length, domain);
      // Three vhosts built from one `domain` binding are one mistake, reported where it is made.
      const key = fix ? `${doc.path}:${fix.start}` : `${doc.path}:${span.start}`;
      if (reported.has(key)) return;
      reported.add(key);
      const fixes = [];
      if (fix) fixes.push({ title: `Change ${actual} to ${domain}`, isPreferred: true, edits: [{ doc, ...fix }] });
      const other = setSettingEdit(f, 'SNIKKET_DOMAIN', actual);
      if (other)
        fixes.push({
          title: `Set SNIKKET_DOMAIN to ${actual} (only before the first start: certificates live under it)`,
          edits: [other],
        });
      ctx.report({
        doc,
        span: fix ? { start: fix.start, end: fix.end } : span,
        message: `${what} is ${value.value} in ${ctx.where(doc)}, but ${here} makes it ${expected}`,
        related,
        fixes,
      });
    };

    // Only values that reach a Snikket artefact are compared: a binding named `domain` in another
    // module (a blog's) is none of Snikket's business, whatever its name.
    for (const v of snikketVhosts(f)) {
      const served = servedName(v);
      if (served.value.kind !== 'string') continue;
      const name = served.value.value;
      const prefix =
        ['groups.', 'share.'].find(
          (p) => name.startsWith(p) && name !== `${p}${domain}` && name.slice(p.length).includes('.'),
        ) ?? '';
      const expected = prefix + domain;
      if ([domain, `groups.${domain}`, `share.${domain}`].includes(name)) continue;
      // A name built from a binding elsewhere (`"${domain}"`) is reported, and fixed, where it is written.
      const fix = replaceInStringValue(served.value, prefix.length, name.length, domain);
      const outside = fix && (fix.start < served.node.start || fix.end > served.node.end);
      // With serverName set, the attribute name is what the admin recognises the vhost by.
      const label = served.node === v.key.node ? vhostLabel(v) : (v.name ?? vhostLabel(v));
      mismatch(
        v.doc,
        served.value,
        prefix.length,
        outside ? `The domain the virtual host ${label} is built from` : `The virtual host ${label}`,
        expected,
        served.node,
      );
    }

    const script = f.script;
    const dv = script?.vars.get('DOMAIN');
    if (script && dv && dv.value !== undefined && dv.value !== domain) {
      // The script runs as root: only a plain host name is written into it, quoted or not.
      const edits: SpanEdit[] = HOST_NAME.test(domain)
        ? [{ doc: script.doc, ...innerValue(script.doc.text, dv.valueSpan), newText: domain }]
        : [];
      ctx.report({
        doc: script.doc,
        span: dv.valueSpan,
        message: `DOMAIN is ${dv.value} in ${ctx.where(script.doc)}, but ${here}: the script would copy another name's certificate`,
        related,
        fixes: [{ title: `Change DOMAIN to ${domain}`, isPreferred: true, edits }],
      });
    }
  },
};

const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/** The span inside the quotes of a shell value. */
function innerValue(text: string, span: { start: number; end: number }): { start: number; end: number } {
  const raw = text.slice(span.start, span.end);
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0])
    return { start: span.start + 1, end: span.end - 1 };
  return span;
}
