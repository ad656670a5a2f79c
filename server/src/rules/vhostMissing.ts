import type { VirtualHost } from '../model/facts/nginx';
import { appendToList, lineIndent, nixString } from '../syntax/nix/edits';
import type { FixDraft, Rule, RuleContext } from './rule';
import { misnamedVhosts, snikketNames, snikketVhosts, vhostLabel } from './shared/snikketVhosts';
import { flag, servesName, vhostNames } from './shared/vhostServing';

/**
 * Snikket's certbot asks for the domain, groups.<domain> and share.<domain> in one certificate:
 * when nginx serves one of them for nobody, the HTTP-01 challenge for it fails and no certificate
 * is issued for any (snikket-server #27, #99, #123).
 */
export const vhostMissing: Rule = {
  code: 'vhost-missing',
  severity: 'error',
  summary: 'The Snikket domain, groups.<domain> or share.<domain> has no nginx virtual host or alias.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const domain = f.settings.get('SNIKKET_DOMAIN')?.value;
    if (!domain || !/^[a-z0-9.-]+$/.test(domain)) return;
    const mine = snikketVhosts(f);
    if (mine.length === 0) return;
    // An unknown name could be the missing one; a catch-all server answers every name.
    if (f.nginx.vhosts.some((v) => vhostNames(v) === undefined)) return;
    if (f.nginx.vhosts.some((v) => flag(v.default) !== false)) return;
    // A vhost named after another domain is domain-mismatch's finding, and its fix serves the name.
    const misnamed = new Set(misnamedVhosts(f, domain).map((m) => m.expected));
    const missing = snikketNames(domain).filter(
      (n) => !misnamed.has(n) && f.nginx.vhosts.every((v) => servesName(v, n) === false),
    );
    if (missing.length === 0) return;
    const anchor = mine.find((v) => servesName(v, domain)) ?? mine[0]!;
    ctx.report({
      doc: anchor.doc,
      span: anchor.key.node,
      message: `nginx serves no virtual host for ${missing.join(' and ')}: Snikket's certbot asks for ${snikketNames(domain).join(', ')} in one certificate, so the challenge for ${missing.length === 1 ? 'it' : 'them'} fails and Snikket gets no certificate at all`,
      fixes: aliasFix(anchor, domain, missing),
    });
  },
};

/** How the new names are spelled: interpolating the binding the vhost's own name interpolates, else literally. */
function spell(v: VirtualHost, domain: string, name: string): string {
  const keyText = v.doc.text.slice(v.key.node.start, v.key.node.end);
  const m = /^"?\$\{\s*([A-Za-z_][A-Za-z0-9_'-]*)\s*\}"?$/.exec(keyText);
  const own = v.nameValue.kind === 'string' && v.nameValue.value === domain;
  return m && own && name.endsWith(`.${domain}`) ? `"${name.slice(0, -domain.length)}\${${m[1]}}"` : nixString(name);
}

/** Adds the names to the vhost's serverAliases list, or a copy of the vhost per name when it has none. */
function aliasFix(v: VirtualHost, domain: string, missing: string[]): FixDraft[] {
  const title = `Serve ${missing.join(' and ')} like ${vhostLabel(v)}`;
  if (v.aliasLists.length === 1) {
    const list = v.aliasLists[0]!;
    const node = list.def.value.kind === 'List' ? list.def.value : undefined;
    const edit = node
      ? appendToList(
          node,
          list.doc.text,
          missing.map((n) => spell(v, domain, n)),
        )
      : undefined;
    return edit ? [{ title, isPreferred: true, edits: [{ doc: list.doc, ...edit }] }] : [];
  }
  // A vhost written in one place, without aliases or serverName, is copied under each new name.
  if (v.aliasLists.length > 0 || v.serverName || v.wholeDefs.length !== 1) return [];
  const def = v.wholeDefs[0]!;
  const text = v.doc.text;
  const b = def.binding;
  const key = v.key.node;
  if (key.start < b.start || key.end > b.end) return [];
  const indent = lineIndent(text, b.start);
  const gap = /\n[ \t]*\n[ \t]*$/.test(text.slice(0, b.start)) ? '\n\n' : '\n';
  const copies = missing.map(
    (n) => `${gap}${indent}${text.slice(b.start, key.start)}${spell(v, domain, n)}${text.slice(key.end, b.end)}`,
  );
  return [{ title, isPreferred: true, edits: [{ doc: v.doc, start: b.end, end: b.end, newText: copies.join('') }] }];
}
