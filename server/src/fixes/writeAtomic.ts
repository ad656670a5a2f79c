/**
 * Writing fixed files so that a crash, a kill or a full disk never leaves half of one, and a
 * batch of files is all written or none: every temp file is written first, the renames follow
 * only when all of them succeeded.
 *
 * A file is written where it really is (through a symbolic link, to its target), keeps its owner,
 * group and mode, and is left alone when it is read-only, has hard links, when its real path is
 * outside the boundary, or when someone changed it since it was read (an editor's save is never lost).
 */
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Boundary } from '../confine/boundary';

export interface FileChange {
  file: string;
  /** The text the fix was computed from: the file must still hold it when it is replaced. */
  before: string;
  after: string;
}

export interface WriteOutcome {
  written: string[];
  /** Files left as they were, with why. */
  refused: { file: string; reason: string }[];
}

/** A write that failed, naming its file; `code` is the system error's (ENOSPC, EACCES...). */
class WriteError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    const err = cause as NodeJS.ErrnoException;
    super(
      `cannot write ${file}: ${err?.code === 'ENOSPC' ? 'no space left on the device' : (err?.message ?? String(cause))}`,
    );
    this.code = err?.code;
  }
}

interface Prepared {
  change: FileChange;
  /** The real file the change goes to (the target of a symbolic link). */
  target: string;
  tmp: string;
}

/**
 * Writes a batch of changes. Throws (having changed nothing) when a temp file cannot be written;
 * files the boundary or their state refuses are reported in `refused` and left untouched.
 */
export function writeFilesAtomic(changes: readonly FileChange[], boundary?: Boundary): WriteOutcome {
  const refused: WriteOutcome['refused'] = [];
  const prepared: Prepared[] = [];
  let current = '';
  try {
    for (const change of changes) {
      const why = refusal(change, boundary);
      if (why) {
        refused.push({ file: change.file, reason: why.reason });
        continue;
      }
      current = change.file;
      const target = fs.realpathSync(change.file);
      const st = fs.statSync(target);
      prepared.push({ change, target, tmp: writeTemp(target, change.after, st) });
    }
  } catch (e) {
    for (const p of prepared) fs.rmSync(p.tmp, { force: true });
    throw new WriteError(current, e);
  }
  const written: string[] = [];
  for (const p of prepared) {
    // The last look before replacing: a file changed since it was read keeps the newer text.
    if (readOrUndefined(p.target) !== p.change.before) {
      fs.rmSync(p.tmp, { force: true });
      refused.push({ file: p.change.file, reason: 'it changed while the fixes were computed: not fixed, run again' });
      continue;
    }
    try {
      fs.renameSync(p.tmp, p.target);
    } catch (e) {
      for (const q of prepared) fs.rmSync(q.tmp, { force: true });
      throw new WriteError(p.change.file, e);
    }
    written.push(p.change.file);
  }
  return { written, refused };
}

/** One file, atomically (the batch form without a boundary or a comparison). */
export function writeFileAtomic(file: string, text: string): void {
  let before: string | undefined;
  try {
    before = fs.readFileSync(file, 'utf8');
  } catch {
    before = undefined;
  }
  if (before === undefined) {
    const tmp = writeTemp(file, text, undefined);
    try {
      fs.renameSync(tmp, file);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    return;
  }
  let out: WriteOutcome;
  try {
    out = writeFilesAtomic([{ file, before, after: text }]);
  } catch (e) {
    throw e instanceof WriteError ? e.cause : e;
  }
  if (out.refused.length > 0) throw new Error(`cannot write ${file}: ${out.refused[0]!.reason}`);
}

function refusal(change: FileChange, boundary: Boundary | undefined): { reason: string } | undefined {
  const denied = boundary?.editDenial(change.file);
  if (denied) return { reason: denied };
  let st: fs.Stats;
  try {
    st = fs.statSync(change.file);
  } catch {
    return { reason: 'it no longer exists' };
  }
  if (!st.isFile()) return { reason: 'not a regular file' };
  // A rename would cut the other names off the new text; writing in place would change them
  // too, wherever they are (maybe outside the repository).
  if (st.nlink > 1)
    return {
      reason: `the file has ${st.nlink} hard links: not fixed (a fix would break them or change the other names too)`,
    };
  if ((st.mode & 0o222) === 0)
    return { reason: 'the file is read-only: not fixed (make it writable to let --fix change it)' };
  try {
    fs.accessSync(change.file, fs.constants.W_OK);
  } catch {
    return { reason: 'no permission to write the file: not fixed' };
  }
  return undefined;
}

/**
 * Writes the new text next to the target under an unpredictable name that never replaces
 * anything (`wx`), with the original's mode, owner and group.
 */
function writeTemp(target: string, text: string, st: fs.Stats | undefined): string {
  const dir = path.dirname(target);
  removeStaleTemps(target);
  const mode = st ? st.mode & 0o7777 : 0o644;
  for (let attempt = 0; ; attempt++) {
    const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomInt(2 ** 47)}.tmp`);
    let fd: number;
    try {
      fd = fs.openSync(tmp, 'wx', mode);
    } catch (e) {
      // A name taken (even by a folder planted there): draw another.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 8) continue;
      throw e;
    }
    try {
      try {
        fs.writeFileSync(fd, text);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      // Keep the original's permissions (the copy script must stay executable) and owner.
      fs.chmodSync(tmp, mode);
      if (st && (st.uid !== process.getuid?.() || st.gid !== process.getgid?.())) keepOwner(tmp, st);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    return tmp;
  }
}

function keepOwner(tmp: string, st: fs.Stats): void {
  try {
    fs.chownSync(tmp, st.uid, st.gid);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw Object.assign(
      new Error(`cannot keep the owner ${st.uid}:${st.gid} of the file (${err.code ?? err.message})`),
      { code: err.code },
    );
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A run killed between writing its temp file and renaming it leaves the temp file: clean it up. */
function removeStaleTemps(file: string): void {
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (!m || isRunning(Number(m[1]))) continue;
    const stale = path.join(path.dirname(file), name);
    // Only a file of ours: a folder of that name is someone's, not a temp file.
    try {
      if (fs.lstatSync(stale).isFile()) fs.rmSync(stale, { force: true });
    } catch {
      // gone already
    }
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
