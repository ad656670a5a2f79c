/**
 * A fix in a file that several deployments read (a module shared by two hosts) changes every one
 * of them. It is applied by "fix all" and `--fix` only when each deployment reading the file wants
 * an edit at the same place: the same edit (applied once), or another one (then
 * fixes/applyEdits.ts's conflictingFixes says they disagree and applies neither). A deployment that
 * wants nothing there is served by the text as it is, so the fix stays offered but not preferred.
 */
import type { Finding, Fix } from '../model/findings';

export interface CheckedDeployment {
  root: string;
  /** Every file the deployment read. */
  files: readonly string[];
  findings: readonly Finding[];
}

/** Whether each fix was preferred as its rule made it, before this pass changed it. */
const asMade = new WeakMap<Fix, boolean>();

export function guardSharedFixes(deployments: readonly CheckedDeployment[]): void {
  const readers = new Map<string, string[]>();
  for (const d of deployments) for (const f of d.files) readers.set(f, [...(readers.get(f) ?? []), d.root]);
  const preferred = (fix: Fix) => {
    if (!asMade.has(fix)) asMade.set(fix, fix.isPreferred);
    return asMade.get(fix)!;
  };
  // Where each deployment wants a preferred edit: file and range, whatever the text.
  const wants = new Set<string>();
  for (const d of deployments) {
    for (const f of d.findings)
      for (const fix of f.fixes) if (preferred(fix)) for (const e of fix.edits) wants.add(`${d.root}\0${place(e)}`);
  }
  for (const d of deployments) {
    for (const f of d.findings) {
      for (const fix of f.fixes) {
        if (!preferred(fix)) continue;
        fix.isPreferred = fix.edits.every((e) =>
          (readers.get(e.file) ?? []).every((r) => r === d.root || wants.has(`${r}\0${place(e)}`)),
        );
      }
    }
  }
}

function place(e: Fix['edits'][number]): string {
  return `${e.file}\0${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}`;
}
