/**
 * Go to definition from a synced value (Nix, script, inlined environment) to its snikket.conf
 * entry; find references from a conf entry (or any synced value) to every linked place.
 */
import type { DefinitionParams, Location, ReferenceParams } from 'vscode-languageserver';
import type { Link } from '../../model/links';
import type { Span } from '../../text/span';
import { location } from '../convert';
import type { Session } from '../session';
import { confEntryAt, fileContext, linksAtPosition, uniqueUses } from './context';
import { guard } from './guard';

export function registerNavigation(session: Session): void {
  const { connection } = session;
  const loc = (file: string, span: Span): Location | undefined => {
    const lines = session.lines(file);
    if (!lines) return undefined;
    return { ...location(file, lines.range(span.start, span.end)), uri: session.uriOf(file) };
  };

  connection.onDefinition(
    guard(
      connection,
      'textDocument/definition',
      async (params: DefinitionParams) => {
        const ctx = await fileContext(session, params.textDocument.uri);
        if (!ctx) return null;
        const out: Location[] = [];
        for (const { link, onDefinition } of linksAtPosition(ctx, params.position)) {
          if (onDefinition || !link.definition) continue;
          const l = loc(link.definition.file, link.definition.span);
          if (l && !out.some((o) => o.uri === l.uri && o.range.start.line === l.range.start.line)) out.push(l);
        }
        return out.length > 0 ? out : null;
      },
      () => null,
    ),
  );

  connection.onReferences(
    guard(
      connection,
      'textDocument/references',
      async (params: ReferenceParams) => {
        const ctx = await fileContext(session, params.textDocument.uri);
        if (!ctx) return null;
        let links: Link[] = linksAtPosition(ctx, params.position).map((h) => h.link);
        if (links.length === 0 && ctx.isConf) {
          const entry = confEntryAt(ctx, params.position);
          if (entry) links = ctx.links.filter((l) => l.setting === entry.key);
        }
        const out: Location[] = [];
        for (const link of links) {
          if (params.context.includeDeclaration && link.definition) {
            const l = loc(link.definition.file, link.definition.span);
            if (l) out.push(l);
          }
          for (const u of uniqueUses(link.uses)) {
            const l = loc(u.file, u.span);
            if (l) out.push(l);
          }
        }
        return out;
      },
      () => null,
    ),
  );
}
