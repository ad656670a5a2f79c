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
    for (const ref of d.references) {
      if (!ref.local) continue;
      const from = docs.get(ref.from);
      if (!from) continue;
      const read = store.read(ref.target);
      if (read.ok) continue;
      const what = ref.kind === 'imports' ? 'imports' : ref.kind === 'env_file' ? 'env_file' : 'ExecStart';
      const exists = store.exists(ref.target);
      ctx.report({
        doc: from,
        span: ref.span,
        message: exists
          ? `${what} names ${ctx.relative(ref.target)}, which cannot be read: ${read.reason}`
          : `${what} names ${ctx.relative(ref.target)}, which does not exist`,
      });
    }
  },
};
