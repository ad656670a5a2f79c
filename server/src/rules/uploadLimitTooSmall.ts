import type { Location, ValueDef, VirtualHost } from '../model/facts/nginx';
import { addBinding, replaceInStringValue } from '../syntax/nix/edits';
import { findDefinitions } from '../syntax/nix/options';
import type { FixDraft, Rule, RuleContext } from './rule';
import { snikketVhosts, vhostLabel } from './shared/snikketVhosts';
import { servesHttps } from './shared/vhostServing';

/** Snikket accepts uploads of 100 MiB; its own proxy allows 100 MiB + 16 bytes of encryption overhead. */
const MIN_BODY = 104857616;
const DIRECTIVE = /client_max_body_size\s+(\d+)([kKmMgG]?)\s*;/;

export const uploadLimitTooSmall: Rule = {
  code: 'upload-limit-too-small',
  severity: 'warning',
  summary: 'client_max_body_size is below 104857616 on a Snikket virtual host.',
  check(ctx: RuleContext) {
    const global = globalLimit(ctx);
    for (const v of snikketVhosts(ctx.facts)) {
      // Uploads go over HTTPS: a plain-HTTP vhost only ever answers challenges and redirects.
      if (servesHttps(v) === false) continue;
      const root = v.locations.find((l) => l.path === '/');
      const sources = [root?.extraConfig, v.extraConfig].filter((x): x is ValueDef => !!x);
      if (sources.some((s) => s.value.kind !== 'string')) continue; // not knowable
      const found = sources
        .map((s) => ({ s, m: s.value.kind === 'string' ? DIRECTIVE.exec(s.value.value) : null }))
        .find((x) => x.m);
      if (found?.m) {
        const bytes = toBytes(Number(found.m[1]), found.m[2]!);
        if (bytes >= MIN_BODY) continue;
        const value = found.s.value;
        const numStart = found.m.index + found.m[0].indexOf(found.m[1]!);
        const edit =
          value.kind === 'string'
            ? replaceInStringValue(
                value,
                numStart,
                numStart + found.m[1]!.length + found.m[2]!.length,
                String(MIN_BODY),
              )
            : undefined;
        ctx.report({
          doc: found.s.doc,
          span: edit ? { start: edit.start, end: edit.end } : found.s.def.value,
          message: `client_max_body_size ${found.m[1]}${found.m[2]} on ${vhostLabel(v)} is below Snikket's upload limit of ${MIN_BODY} bytes (100 MiB + 16): larger uploads fail with 413`,
          fixes: edit
            ? [{ title: `Allow ${MIN_BODY} bytes`, isPreferred: true, edits: [{ doc: found.s.doc, ...edit }] }]
            : [],
        });
        continue;
      }
      // NixOS's services.nginx.clientMaxBodySize applies to every vhost that does not override it.
      if (global === undefined || global >= MIN_BODY) continue;
      ctx.report({
        doc: v.doc,
        span: v.key.node,
        message: `${vhostLabel(v)} sets no client_max_body_size, so nginx allows ${global} bytes (services.nginx.clientMaxBodySize): uploads above it fail with 413 (Snikket accepts ${MIN_BODY} bytes)`,
        fixes: addFix(v, root),
      });
    }
  },
};

/** services.nginx.clientMaxBodySize (NixOS default "10m"); undefined when not knowable. */
function globalLimit(ctx: RuleContext): number | undefined {
  let value = '10m';
  for (const doc of ctx.facts.deployment.nix) {
    for (const def of findDefinitions(doc.defs, ['services', 'nginx', 'clientMaxBodySize'])) {
      const v = doc.ev.evaluate(def.value);
      if (v.kind !== 'string') return undefined;
      value = v.value;
    }
  }
  const m = /^\s*(\d+)([kKmMgG]?)\s*$/.exec(value);
  return m ? toBytes(Number(m[1]), m[2]!) : undefined;
}

function toBytes(n: number, unit: string): number {
  const u = unit.toLowerCase();
  return u === 'k' ? n * 1024 : u === 'm' ? n * 1024 * 1024 : u === 'g' ? n * 1024 ** 3 : n;
}

function addFix(v: VirtualHost, root: Location | undefined): FixDraft[] {
  const directive = `client_max_body_size ${MIN_BODY};`;
  const target = root?.attrset ?? v.attrset;
  if (!target) return [];
  const edit = addBinding(target, v.doc.text, `extraConfig = "${directive}";`);
  if (!edit) return [];
  return [{ title: `Add ${directive}`, isPreferred: true, edits: [{ doc: v.doc, ...edit }] }];
}
