import { releaseOfTag } from '../model/snikket/releases';
import { getVariable, validateValue } from '../model/snikket/variables';
import type { Facts } from '../model/facts';
import type { Rule, RuleContext } from './rule';

/** A value of the wrong type: the container refuses to start or falls back to a default. */
export const confInvalidValue: Rule = {
  code: 'conf-invalid-value',
  severity: 'error',
  summary: 'A value of the wrong type, out of range or not in the enum, or one the pinned image does not read yet.',
  check(ctx: RuleContext) {
    const pinned = pinnedServerRelease(ctx.facts);
    for (const s of ctx.facts.settings.all()) {
      const r = validateValue(s.name, s.value);
      if (!r.ok) {
        ctx.report({ doc: s.doc, span: s.valueSpan, message: r.message });
        continue;
      }
      const since = getVariable(s.name)?.since;
      const sinceDate = since ? releaseOfTag(since) : undefined;
      if (!pinned || !since || !sinceDate || pinned.release >= sinceDate) continue;
      ctx.report({
        doc: s.doc,
        span: s.keySpan,
        severity: 'information',
        message: `${s.name} is read from ${since} on, but the server image is pinned to '${pinned.image}', which ignores it`,
      });
    }
  },
};

/** The release date the Snikket server image's tag pins; undefined for `stable`, a digest or anything unknown. */
function pinnedServerRelease(f: Facts): { image: string; release: string } | undefined {
  const servers = f.containers.containers.filter((c) => c.role === 'server');
  if (servers.length !== 1) return undefined;
  const image = servers[0]!.image?.value;
  const m = image ? /:([^:/@]+)$/.exec(image) : undefined;
  const release = m ? releaseOfTag(m[1]!) : undefined;
  return image && release ? { image, release } : undefined;
}
