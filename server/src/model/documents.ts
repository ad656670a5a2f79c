/**
 * Parsed files, cached by content: a re-check after one edit re-parses only the edited file.
 * Unsaved editor text (the overlay) wins over the disk.
 */
import * as path from 'node:path';
import { parseCompose, type ComposeFile } from '../syntax/compose/parse';
import type { DotenvFile } from '../syntax/dotenv/file';
import { parseDotenv } from '../syntax/dotenv/parse';
import { Evaluator } from '../syntax/nix/evaluate';
import { collectDefinitions, type OptionDefinition } from '../syntax/nix/options';
import { parseNix } from '../syntax/nix/parser';
import type { NixParseResult } from '../syntax/nix/tree';
import { parseShell, type ShellScript } from '../syntax/shell/parse';
import { LineIndex } from '../text/lineIndex';
import type { FileHost, ReadResult, SkippedFile } from './fileHost';

export type DocKind = 'nix' | 'dotenv' | 'compose' | 'shell';

interface BaseDoc {
  path: string;
  text: string;
  lines: LineIndex;
}

export interface NixDoc extends BaseDoc {
  kind: 'nix';
  parse: NixParseResult;
  ev: Evaluator;
  /** Option definitions of the module, computed on first use. */
  readonly defs: OptionDefinition[];
}

export interface DotenvDoc extends BaseDoc {
  kind: 'dotenv';
  parsed: DotenvFile;
}

export interface ComposeDoc extends BaseDoc {
  kind: 'compose';
  parsed: ComposeFile;
}

export interface ShellDoc extends BaseDoc {
  kind: 'shell';
  parsed: ShellScript;
}

export type Doc = NixDoc | DotenvDoc | ComposeDoc | ShellDoc;

/**
 * A value computed once per parsed document: documents are cached by content, so a rule that
 * walks a whole tree does it once per version of the file, not once per check.
 */
export function perDocument<D extends Doc, T>(compute: (doc: D) => T): (doc: D) => T {
  const cache = new WeakMap<D, T>();
  return (doc) => {
    if (cache.has(doc)) return cache.get(doc)!;
    const value = compute(doc);
    cache.set(doc, value);
    return value;
  };
}
type DocOf<K extends DocKind> = Extract<Doc, { kind: K }>;

interface Listing {
  files: string[];
  skipped: SkippedFile[];
  root: string;
  names: RegExp;
  set: Set<string>;
}

function isUnder(file: string, root: string): boolean {
  return file.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** The order of a walk that sorts each folder's entries by name: folder by folder, name by name. */
export function walkOrder(a: string, b: string): number {
  const x = a.split(path.sep);
  const y = b.split(path.sep);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length - y.length;
}

export class DocumentStore {
  private readonly overlay = new Map<string, string>();
  private readonly cache = new Map<string, Doc>();
  private readonly diskCache = new Map<string, ReadResult>();
  private readonly listings = new Map<string, Listing>();
  /** Files whose text may have changed, with the change count at their last change (see changesSince). */
  private readonly changes = new Map<string, number>();
  private changeCount = 0;
  private listingEpochCount = 0;
  private readonly memos = new Map<string, Map<string, { text: string; value: unknown }>>();

  private cachedBytes = 0;
  private readonly maxDocumentBytes: number;

  constructor(
    readonly host: FileHost,
    options: { maxDocumentBytes?: number } = {},
  ) {
    this.maxDocumentBytes = options.maxDocumentBytes ?? Infinity;
  }

  /** Sets (or, with undefined, clears) the editor's unsaved text of a file. */
  setOverlay(file: string, text: string | undefined): void {
    if (text === undefined) this.overlay.delete(file);
    else this.overlay.set(file, text);
    this.noteChange(file);
  }

  /** Forgets what was read from disk for a file (it changed, or was deleted). */
  invalidate(file: string): void {
    this.diskCache.delete(file);
    this.noteChange(file);
  }

  /** Forgets folder listings: call when files are created or deleted. */
  invalidateListings(): void {
    this.listings.clear();
    this.listingEpochCount++;
  }

  invalidateAll(): void {
    this.diskCache.clear();
    this.invalidateListings();
  }

  /** Changes when listings are forgotten: what was learnt from them must be learnt again. */
  get listingEpoch(): number {
    return this.listingEpochCount;
  }

  /** A count that grows with every change of a file's text (overlay or disk). */
  get changeStamp(): number {
    return this.changeCount;
  }

  /** Files changed after `stamp` (a changeStamp read earlier). */
  changesSince(stamp: number): string[] {
    const out: string[] = [];
    for (const [file, at] of this.changes) if (at > stamp) out.push(file);
    return out;
  }

  private noteChange(file: string): void {
    this.changes.delete(file);
    this.changes.set(file, ++this.changeCount);
  }

  /**
   * A file appeared on disk (or was removed): the listings that take it are patched in place,
   * so one new file does not mean walking the whole workspace again.
   */
  fileCreated(file: string): void {
    for (const l of this.listings.values()) {
      if (l.set.has(file) || !l.names.test(path.basename(file)) || !isUnder(file, l.root)) continue;
      if (this.host.wouldList && !this.host.wouldList(l.root, file)) continue;
      l.set.add(file);
      // The listing is in walk order: binary search for the place.
      let lo = 0;
      let hi = l.files.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (walkOrder(l.files[mid]!, file) < 0) lo = mid + 1;
        else hi = mid;
      }
      l.files.splice(lo, 0, file);
    }
    this.invalidate(file);
  }

  fileDeleted(file: string): void {
    for (const l of this.listings.values()) {
      if (!l.set.delete(file)) continue;
      l.files.splice(l.files.indexOf(file), 1);
    }
    this.invalidate(file);
  }

  /** Whether a listing already made holds the file. */
  isListed(file: string): boolean {
    for (const l of this.listings.values()) if (l.set.has(file)) return true;
    return false;
  }

  /** The files under a folder whose names match, listed once until invalidateListings(). */
  list(root: string, names: RegExp): { files: string[]; skipped: SkippedFile[] } {
    const steps = this.listSteps(root, names);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** list() in steps, for hosts that can walk in steps (it yields the entries looked at so far). */
  *listSteps(root: string, names: RegExp): Generator<number, { files: string[]; skipped: SkippedFile[] }> {
    const key = `${names.source}\0${root}`;
    const cached = this.listings.get(key);
    if (cached) return cached;
    const wanted = (name: string) => names.test(name);
    const epoch = this.listingEpochCount;
    const l = this.host.listSteps ? yield* this.host.listSteps(root, wanted) : this.host.list(root, wanted);
    const listing: Listing = { ...l, root, names, set: new Set(l.files) };
    // Listings forgotten while this walk ran may have missed a file: this one is not kept either.
    if (epoch === this.listingEpochCount) this.listings.set(key, listing);
    return listing;
  }

  /**
   * The file's text without keeping it: discovery looks at every file of a workspace once and
   * keeps what it learnt, not the text (a 40,000-file repository is 60 MB of it).
   */
  peek(file: string): ReadResult {
    const o = this.overlay.get(file);
    if (o !== undefined) return { ok: true, text: o };
    return this.diskCache.get(file) ?? this.host.read(file);
  }

  read(file: string): ReadResult {
    const o = this.overlay.get(file);
    if (o !== undefined) return { ok: true, text: o };
    let r = this.diskCache.get(file);
    if (!r) {
      r = this.host.read(file);
      this.diskCache.set(file, r);
    }
    return r;
  }

  exists(file: string): boolean {
    return this.overlay.has(file) || this.read(file).ok || this.host.exists(file);
  }

  /**
   * A value derived from a file's text, recomputed only when the text changes: what discovery
   * learns of every file of a large repository must not be relearned on each keystroke.
   */
  memo<T>(key: string, file: string, text: string, compute: (text: string) => T): T {
    let byFile = this.memos.get(key);
    if (!byFile) this.memos.set(key, (byFile = new Map()));
    const hit = byFile.get(file);
    if (hit && hit.text === text) return hit.value as T;
    const value = compute(text);
    byFile.set(file, { text, value });
    return value;
  }

  /** Drops a parsed document from the cache (nothing will ask for it again); its text stays read. */
  release(file: string, kind: DocKind): void {
    const key = `${kind}\0${file}`;
    const cached = this.cache.get(key);
    if (!cached) return;
    this.cache.delete(key);
    this.cachedBytes -= cached.text.length;
  }

  get<K extends DocKind>(file: string, kind: K): DocOf<K> | { error: string } {
    const r = this.read(file);
    if (!r.ok) return { error: r.reason };
    const key = `${kind}\0${file}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      if (cached.text === r.text) {
        this.cache.set(key, cached); // most recently used last
        return cached as DocOf<K>;
      }
      this.cachedBytes -= cached.text.length;
    }
    const doc = makeDoc(file, r.text, kind);
    this.cache.set(key, doc);
    this.cachedBytes += r.text.length;
    for (const [k, old] of this.cache) {
      if (this.cachedBytes <= this.maxDocumentBytes || old === doc) break;
      this.cache.delete(k);
      this.cachedBytes -= old.text.length;
    }
    return doc as DocOf<K>;
  }
}

function makeDoc(file: string, text: string, kind: DocKind): Doc {
  const base = () => ({ path: file, text, lines: new LineIndex(text) });
  switch (kind) {
    case 'nix': {
      const parse = parseNix(text);
      const ev = new Evaluator(text);
      let defs: OptionDefinition[] | undefined;
      let lines: LineIndex | undefined;
      return {
        path: file,
        text,
        // Most modules of a host never have a finding: their lines are counted when one does.
        get lines() {
          lines ??= new LineIndex(text);
          return lines;
        },
        kind,
        parse,
        ev,
        get defs() {
          defs ??= collectDefinitions(parse.root, ev);
          return defs;
        },
      };
    }
    case 'dotenv':
      return { ...base(), kind, parsed: parseDotenv(text) };
    case 'compose':
      return { ...base(), kind, parsed: parseCompose(text) };
    case 'shell':
      return { ...base(), kind, parsed: parseShell(text) };
  }
}
