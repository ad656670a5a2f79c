/** The folders a check reads: the workspace's, the trusted search paths, else around the open files. */
import * as path from 'node:path';

export function workspaceRoots(folders: string[], searchPaths: readonly string[], openFiles: string[]): string[] {
  const base = folders[0];
  const roots = [...folders];
  for (const p of searchPaths) {
    if (typeof p !== 'string' || p.trim() === '') continue;
    if (path.isAbsolute(p)) roots.push(path.normalize(p));
    else if (base) roots.push(path.resolve(base, p));
  }
  // Without a workspace (a single file opened), look around the open files.
  if (roots.length === 0) for (const f of openFiles) roots.push(path.dirname(f));
  const unique = [...new Set(roots.map((r) => path.normalize(r)))].sort((a, b) => a.length - b.length);
  // A root inside another one would list its files twice.
  return unique.filter(
    (r, i) => !unique.slice(0, i).some((o) => r === o || r.startsWith(o.endsWith(path.sep) ? o : o + path.sep)),
  );
}
