/**
 * Reading a configuration repository safely: a workspace may hold binary files, huge files,
 * special files, dangling links and symlink loops. None of them may stop a check; each one that
 * matters is reported with a reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Larger files are skipped: no deployment file is anywhere near this size. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
const MAX_DEPTH = 32;
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.direnv', 'result', '.hg', '.svn', 'out', 'dist', '.cache']);

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

export interface FileHost {
  /** Files under `root` whose names `wanted` accepts, recursively, without following symlink loops. */
  list(root: string, wanted: (name: string) => boolean): { files: string[]; skipped: SkippedFile[] };
  read(file: string): ReadResult;
  exists(file: string): boolean;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export class NodeFileHost implements FileHost {
  list(root: string, wanted: (name: string) => boolean): { files: string[]; skipped: SkippedFile[] } {
    const files: string[] = [];
    const skipped: SkippedFile[] = [];
    const seenDirs = new Set<string>();
    const walk = (dir: string, depth: number): void => {
      if (depth > MAX_DEPTH) return;
      let real: string;
      try {
        real = fs.realpathSync(dir);
      } catch {
        return;
      }
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        skipped.push({ file: dir, reason: `cannot list the folder: ${errorText(e)}` });
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) walk(full, depth + 1);
        } else if (entry.isSymbolicLink()) {
          let stat: fs.Stats;
          try {
            stat = fs.statSync(full);
          } catch {
            if (wanted(entry.name)) skipped.push({ file: full, reason: 'dangling symbolic link' });
            continue;
          }
          if (stat.isDirectory()) {
            if (!SKIPPED_DIRS.has(entry.name)) walk(full, depth + 1);
          } else if (stat.isFile() && wanted(entry.name)) files.push(full);
        } else if (entry.isFile()) {
          if (wanted(entry.name)) files.push(full);
        }
      }
    };
    walk(root, 0);
    return { files, skipped };
  }

  read(file: string): ReadResult {
    let fd: number | undefined;
    try {
      const stat = fs.statSync(file);
      if (!stat.isFile()) return { ok: false, reason: 'not a regular file' };
      if (stat.size > MAX_FILE_BYTES) return { ok: false, reason: `too large (${stat.size} bytes; the limit is ${MAX_FILE_BYTES})` };
      // Read through one descriptor so a file growing under us cannot exceed the limit.
      fd = fs.openSync(file, 'r');
      const buf = Buffer.alloc(Math.min(stat.size, MAX_FILE_BYTES) + 1);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      if (n > MAX_FILE_BYTES) return { ok: false, reason: `too large (over ${MAX_FILE_BYTES} bytes)` };
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

function looksBinary(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file';
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return 'permission denied';
  if (err?.code === 'ELOOP') return 'symbolic link loop';
  return err?.message ?? String(e);
}
