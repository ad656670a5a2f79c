/**
 * Reading a configuration repository safely: a workspace may hold binary files, huge files,
 * special files, dangling links and symlink loops. None of them may stop a check; each one that
 * matters is reported with a reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSystemDir } from './systemPaths';

/** Larger files are skipped: no deployment file is anywhere near this size. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
const MAX_DEPTH = 32;
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.direnv', 'result', '.hg', '.svn', 'out', 'dist', '.cache']);

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

export interface FileHost {
  /** Files under `root` whose names `wanted` accepts, recursively, without following symlink loops. */
  list(root: string, wanted: (name: string) => boolean): { files: string[]; skipped: SkippedFile[] };
  /** The same walk in steps: it yields the number of folder entries looked at so far (the language server walks between requests). */
  listSteps?(
    root: string,
    wanted: (name: string) => boolean,
  ): Generator<number, { files: string[]; skipped: SkippedFile[] }>;
  read(file: string): ReadResult;
  exists(file: string): boolean;
  /** Whether a walk of `root` would list this file (a file created since the walk: folders the walk skips, links out of the root). */
  wouldList?(root: string, file: string): boolean;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

/**
 * How much one walk may take on: a repository (or a symbolic link in it) can point at a tree of
 * millions of files. Past a limit the walk stops and says so.
 */
export interface WalkBudget {
  /** Folder entries looked at, per root. */
  maxEntries: number;
  /** Total size of the files listed, per root. */
  maxBytes: number;
}

export const DEFAULT_BUDGET: WalkBudget = { maxEntries: 200_000, maxBytes: 256 * 1024 * 1024 };

export class NodeFileHost implements FileHost {
  /**
   * Sizes of the regular files a walk just listed, until each is first read: discovery reads
   * every listed file right after the walk, and a second stat of each was a tenth of its time.
   */
  private readonly walkedSizes = new Map<string, number>();

  constructor(public budget: WalkBudget = DEFAULT_BUDGET) {}

  list(root: string, wanted: (name: string) => boolean): { files: string[]; skipped: SkippedFile[] } {
    const steps = this.listSteps(root, wanted);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  *listSteps(
    root: string,
    wanted: (name: string) => boolean,
  ): Generator<number, { files: string[]; skipped: SkippedFile[] }> {
    const files: string[] = [];
    const skipped: SkippedFile[] = [];
    const seenDirs = new Set<string>();
    let entriesLeft = this.budget.maxEntries;
    let bytesLeft = this.budget.maxBytes;
    let stopped = false;
    const budget = this.budget;
    const stop = (why: string): void => {
      if (!stopped)
        skipped.push({ file: root, reason: `${why}: the walk stopped there, later files were not checked` });
      stopped = true;
    };
    let rootReal: string;
    try {
      rootReal = fs.realpathSync(root);
    } catch {
      return { files, skipped };
    }
    // A link may lead anywhere; the walk stays inside the root's real folder.
    const insideRoot = (real: string) =>
      real === rootReal || real.startsWith(rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep);
    const take = (full: string, name: string, size: number | undefined): void => {
      if (!wanted(name)) return;
      if ((size ?? 0) > bytesLeft) return stop(`more than ${budget.maxBytes} bytes of candidate files`);
      bytesLeft -= size ?? 0;
      files.push(full);
      if (size !== undefined) this.walkedSizes.set(full, size);
    };
    let looked = 0;
    const walk = function* (this: void, dir: string, depth: number): Generator<number, void> {
      if (depth > MAX_DEPTH || stopped) return;
      let real: string;
      try {
        real = fs.realpathSync(dir);
      } catch {
        return;
      }
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
      if (isSystemDir(real)) {
        skipped.push({ file: dir, reason: 'a system folder (/proc, /sys, /dev): not walked' });
        return;
      }
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        skipped.push({ file: dir, reason: `cannot list the folder: ${errorText(e)}` });
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (stopped) return;
        if (--entriesLeft < 0) return stop(`more than ${budget.maxEntries} folder entries`);
        if (++looked % 256 === 0) yield looked;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) yield* walk(full, depth + 1);
        } else if (entry.isSymbolicLink()) {
          let stat: fs.Stats;
          let target: string;
          try {
            stat = fs.statSync(full);
            target = fs.realpathSync(full);
          } catch {
            if (wanted(entry.name)) skipped.push({ file: full, reason: 'dangling symbolic link' });
            continue;
          }
          if (!insideRoot(target)) {
            if (stat.isDirectory() || wanted(entry.name))
              skipped.push({
                file: full,
                reason: `a symbolic link out of the checked folder (to ${target}): not followed`,
              });
            continue;
          }
          if (stat.isDirectory()) {
            if (!SKIPPED_DIRS.has(entry.name)) yield* walk(full, depth + 1);
          } else if (stat.isFile()) take(full, entry.name, stat.size);
        } else if (entry.isFile()) {
          if (wanted(entry.name)) take(full, entry.name, fileSize(full));
        }
      }
    };
    yield* walk(root, 0);
    return { files, skipped };
  }

  wouldList(root: string, file: string): boolean {
    const rel = path.relative(root, file);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    const dirs = rel.split(path.sep).slice(0, -1);
    if (dirs.length > MAX_DEPTH || dirs.some((d) => SKIPPED_DIRS.has(d))) return false;
    try {
      const rootReal = fs.realpathSync.native(root);
      const real = fs.realpathSync.native(file);
      return real === rootReal || real.startsWith(rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep);
    } catch {
      return false;
    }
  }

  read(file: string): ReadResult {
    const walked = this.walkedSizes.get(file);
    if (walked !== undefined) {
      this.walkedSizes.delete(file);
      const r = this.readSized(file, walked);
      if (r) return r;
    }
    return this.readSized(file, undefined)!;
  }

  /**
   * The file's text, its size known from the walk or (undefined) asked now; undefined when it
   * grew since the walk, to be read again.
   */
  private readSized(file: string, walked: number | undefined): ReadResult | undefined {
    let fd: number | undefined;
    try {
      let size = walked;
      if (size === undefined) {
        const stat = fs.statSync(file);
        if (!stat.isFile()) return { ok: false, reason: 'not a regular file' };
        size = stat.size;
      }
      if (size > MAX_FILE_BYTES)
        return { ok: false, reason: `too large (${size} bytes; the limit is ${MAX_FILE_BYTES})` };
      // Read through one descriptor so a file growing under us cannot exceed the limit. A file that
      // was regular when walked is opened without waiting, should it have become a pipe since.
      fd = fs.openSync(file, walked === undefined ? 'r' : fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      const buf = scratch(Math.min(size, MAX_FILE_BYTES) + 1);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      if (n > MAX_FILE_BYTES) return { ok: false, reason: `too large (over ${MAX_FILE_BYTES} bytes)` };
      if (walked !== undefined && n === buf.length) return undefined;
      const bytes = buf.subarray(0, n);
      if (looksBinary(bytes)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
      return { ok: true, text: bytes.toString('utf8') };
    } catch (e) {
      return { ok: false, reason: errorText(e) };
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  exists(file: string): boolean {
    try {
      fs.statSync(file);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * One buffer for every read: each file's bytes are decoded into a string at once, and a new buffer
 * per file of a workspace was one more allocation outside the heap for the collector to account.
 * Only the n bytes read are looked at, so it is never zeroed.
 */
let scratchBuffer = Buffer.allocUnsafeSlow(64 * 1024);
/** A larger file gets a buffer of its own, not kept: one 8 MB file must not hold 8 MB for the rest of the run. */
const MAX_SCRATCH_BYTES = 1024 * 1024;

function scratch(size: number): Buffer {
  if (size > MAX_SCRATCH_BYTES) return Buffer.allocUnsafeSlow(size);
  if (scratchBuffer.length < size)
    scratchBuffer = Buffer.allocUnsafeSlow(Math.min(MAX_SCRATCH_BYTES, Math.max(size, scratchBuffer.length * 2)));
  return scratchBuffer.subarray(0, size);
}

function fileSize(file: string): number | undefined {
  try {
    return fs.statSync(file).size;
  } catch {
    return undefined;
  }
}

function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8192).indexOf(0) !== -1;
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file';
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return 'permission denied';
  if (err?.code === 'ELOOP') return 'symbolic link loop';
  return err?.message ?? String(e);
}
