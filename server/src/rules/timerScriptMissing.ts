import * as path from 'node:path';
import { nixPathLiteral } from '../syntax/nix/edits';
import { moduleBody } from '../syntax/nix/view';
import type { NixDoc } from '../model/documents';
import type { FixDraft, Rule, RuleContext } from './rule';

/** The copy service must run the copy script; a placeholder path fails every night, silently. */
export const timerScriptMissing: Rule = {
  code: 'timer-script-missing',
  severity: 'error',
  summary: "The timer's ExecStart is a placeholder or does not point at the copy script.",
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const script = f.deployment.script;
    for (const svc of f.copyServices) {
      const local = f.deployment.references.find(
        (r) =>
          r.kind === 'ExecStart' &&
          r.local &&
          r.from === svc.doc.path &&
          r.span.start >= svc.execStart.value.start &&
          r.span.end <= svc.execStart.value.end,
      );
      if (local && (!script || local.target === script.path)) continue;
      const value = svc.value.kind === 'string' ? svc.value.value : undefined;
      if (value === undefined && !local) continue; // computed elsewhere: not knowable
      const placeholder = value !== undefined && /\/path\/to\//.test(value);
      const command = value?.split(/\s+/)[0] ?? '';
      if (!placeholder && !local && script && path.basename(command) === path.basename(script.path)) continue; // an absolute path on the server
      if (!placeholder && !local && !script) continue;
      const fixes: FixDraft[] = [];
      // Only a path literal gets the script into the Nix store; a name with spaces cannot be one.
      const rel = script ? nixPathLiteral(svc.doc.path, script.path) : undefined;
      if (script && rel) {
        const text = hasPkgs(svc.doc) ? `"\${pkgs.bash}/bin/bash \${${rel}}"` : `"\${${rel}}"`;
        fixes.push({
          title: `Run ${ctx.where(script)}`,
          isPreferred: true,
          edits: [{ doc: svc.doc, start: svc.execStart.value.start, end: svc.execStart.value.end, newText: text }],
        });
      }
      ctx.report({
        doc: svc.doc,
        span: svc.execStart.value,
        message: placeholder
          ? `ExecStart of ${svc.name} is the placeholder ${value}: the certificates are never copied${script ? `; the script is ${ctx.where(script)}` : ''}`
          : `ExecStart of ${svc.name} runs ${value ?? local?.target}, not the copy script ${script ? ctx.where(script) : ''}`.trimEnd(),
        ...(script ? { related: [{ doc: script, span: { start: 0, end: 0 }, message: 'the copy script' }] } : {}),
        fixes,
      });
    }
  },
};

/** Whether the module takes `pkgs` (then bash can be named explicitly, whatever the file mode). */
function hasPkgs(doc: NixDoc): boolean {
  const first = doc.parse.root.nodes[0];
  if (first?.kind !== 'Lambda') return false;
  const pattern = first.nodes.find((n) => n.kind === 'Pattern');
  return (
    !!pattern && /\bpkgs\b/.test(doc.text.slice(pattern.start, pattern.end)) && moduleBody(doc.parse.root) !== undefined
  );
}
