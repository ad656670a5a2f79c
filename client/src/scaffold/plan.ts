/**
 * Which scaffolded files may be created: scaffolding never overwrites. No vscode import.
 */
import type { ScaffoldFile } from '../../../server/src/api/protocol';

export interface ScaffoldPlan {
  create: ScaffoldFile[];
  /** Absolute paths that already exist and are left alone. */
  skip: string[];
}

export function planScaffold(files: readonly ScaffoldFile[], exists: (path: string) => boolean): ScaffoldPlan {
  const create: ScaffoldFile[] = [];
  const skip: string[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) continue;
    seen.add(f.path);
    if (exists(f.path)) skip.push(f.path);
    else create.push(f);
  }
  return { create, skip };
}

/** The message that tells the user what was left alone. */
export function skippedMessage(skip: readonly string[], relative: (p: string) => string): string | undefined {
  if (skip.length === 0) return undefined;
  const names = skip.map(relative).join(', ');
  return skip.length === 1
    ? `Left ${names} alone: it already exists.`
    : `Left ${skip.length} existing files alone: ${names}.`;
}
