/**
 * The confinement boundary: the one place that decides which files the checker may write.
 *
 * A repository is untrusted input. Its roots are the folders the user asked to check (CLI
 * arguments, workspace folders, search paths from trusted settings). A fix, a Fix all edit or a
 * scaffold may only touch a regular file that lies inside a root both by its name and by its real
 * path (after every symbolic link is resolved). The CLI's --fix, the server's code actions and
 * the scaffold commands all ask this module; nothing else decides.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export class Boundary {
  /** Roots as given (normalised) and as real paths: a file must be inside both views. */
  private readonly named: string[];
  private readonly real: string[];

  constructor(roots: readonly string[]) {
    // A root given as a file (`check snikket.conf`) confines to its folder.
    this.named = roots.map((r) => folderOf(path.resolve(r)));
    this.real = this.named.map(realPathOf);
  }

  get roots(): readonly string[] {
    return this.named;
  }

  /** Whether a path lies inside a root by name (no file system access). */
  containsName(file: string): boolean {
    const f = path.resolve(file);
    return this.named.some((r) => isInside(f, r));
  }

  /** Whether a path's real location (symbolic links resolved) lies inside a root. */
  containsReal(file: string): boolean {
    const real = realPathOf(path.resolve(file));
    return this.real.some((r) => isInside(real, r)) || this.named.some((r) => isInside(real, r));
  }

  /**
   * Why an existing file may not be edited, or undefined when it may. A file that does not exist
   * is judged by its name and its folder's real path (in-memory tests, and files about to be created).
   */
  editDenial(file: string): string | undefined {
    const f = path.resolve(file);
    if (!this.containsName(f)) return `${f} is outside the folders being checked`;
    if (!this.containsReal(f)) return `${f} is a link to a file outside the folders being checked`;
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(f);
    } catch {
      st = undefined;
    }
    if (st && !st.isFile()) return `${f} is not a regular file`;
    return undefined;
  }

  /** Why a new file may not be created here, or undefined when it may: inside a root, and never over an existing one. */
  createDenial(file: string): string | undefined {
    const f = path.resolve(file);
    if (!this.containsName(f) || !this.containsReal(path.dirname(f)))
      return `${f} is outside the folders being checked`;
    try {
      fs.lstatSync(f);
      return `${f} already exists: it is not overwritten`;
    } catch {
      return undefined;
    }
  }
}

function isInside(file: string, root: string): boolean {
  if (file === root) return true;
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel);
}

function folderOf(p: string): string {
  try {
    if (!fs.statSync(p).isDirectory()) return path.dirname(p);
  } catch {
    // a root that does not exist (in-memory tests) is taken as a folder
  }
  return p;
}

/**
 * The real path of a file, or of its deepest existing ancestor with the rest appended: a path
 * that does not exist yet (or only in memory) is judged by where it would be.
 */
function realPathOf(p: string): string {
  const rest: string[] = [];
  let cur = p;
  for (;;) {
    try {
      return path.join(fs.realpathSync(cur), ...rest.reverse());
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return p;
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}

/**
 * The files a scaffold proposes, checked before any is offered for writing: each must land inside
 * `folder` (by name and real path: a planted link to /etc does not count as inside). Files that
 * exist already are kept in the list; the writer leaves them alone (never overwrites).
 */
export function confineNewFiles<F extends { path: string }>(
  files: readonly F[],
  folder: string,
): { files: F[]; error?: string } {
  const boundary = new Boundary([folder]);
  for (const f of files) {
    const why = boundary.createDenial(f.path);
    if (why && !why.endsWith('it is not overwritten')) return { files: [], error: `${why}: nothing created` };
  }
  return { files: [...files] };
}
