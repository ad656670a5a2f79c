import type { Doc } from '../model/documents';
import type { Rule, RuleContext } from './rule';

/** An `imports` entry, `env_file` or `ExecStart` that names a file which is not there. */
export const importMissing: Rule = {
  code: 'import-missing',
  severity: 'error',
  summary: 'An imports entry, env_file or ExecStart names a file that does not exist.',
  check(ctx: RuleContext) {
    const d = ctx.facts.deployment;
    const docs = new Map<string, Doc>([...d.nix, ...(d.compose ? [d.compose] : [])].map((x) => [x.path, x]));
    const store = ctx.store;
    // One missing file is one finding, however many services name it; the others are related.
    const byTarget = new Map<string, { ref: (typeof d.references)[number]; from: Doc }[]>();
    for (const ref of d.references) {
      if (!ref.local) continue;
      const from = docs.get(ref.from);
      if (!from || store.read(ref.target).ok) continue;
      const key = `${ref.kind}\u0000${ref.target}`;
      byTarget.set(key, [...(byTarget.get(key) ?? []), { ref, from }]);
    }
    for (const [first, ...rest] of byTarget.values()) {
      const { ref, from } = first!;
      const read = store.read(ref.target);
      const what = ref.kind === 'imports' ? 'imports' : ref.kind === 'env_file' ? 'env_file' : 'ExecStart';
      const exists = store.exists(ref.target);
      const others = rest.length > 0 ? ` (named ${rest.length + 1} times)` : '';
      ctx.report({
        doc: from,
        span: ref.span,
        message: exists
          ? `${what} names ${ctx.relative(ref.target)}, which cannot be read: ${read.ok ? '' : read.reason}${others}`
          : `${what} names ${ctx.relative(ref.target)}, which does not exist${others}`,
        related: rest.map((r) => ({
          doc: r.from,
          span: r.ref.span,
          message: `also names ${ctx.relative(ref.target)}`,
        })),
      });
    }
  },
};
