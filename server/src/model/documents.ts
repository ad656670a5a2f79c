/**
 * Parsed files, cached by content: a re-check after one edit re-parses only the edited file.
 * Unsaved editor text (the overlay) wins over the disk.
 */
import { parseCompose, type ComposeFile } from '../syntax/compose/parse';
import { parseDotenv, type DotenvFile } from '../syntax/dotenv/parse';
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

export class DocumentStore {
  private readonly overlay = new Map<string, string>();
  private readonly cache = new Map<string, Doc>();
  private readonly diskCache = new Map<string, ReadResult>();
  private readonly listings = new Map<string, { files: string[]; skipped: SkippedFile[] }>();
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
  }

  /** Forgets what was read from disk for a file (it changed, or was deleted). */
  invalidate(file: string): void {
    this.diskCache.delete(file);
  }

  /** Forgets folder listings: call when files are created or deleted. */
  invalidateListings(): void {
    this.listings.clear();
  }

  invalidateAll(): void {
    this.diskCache.clear();
    this.listings.clear();
  }

  /** The files under a folder whose names match, listed once until invalidateListings(). */
  list(root: string, names: RegExp): { files: string[]; skipped: SkippedFile[] } {
    const key = `${names.source}\0${root}`;
    let l = this.listings.get(key);
    if (!l) {
      l = this.host.list(root, (name) => names.test(name));
      this.listings.set(key, l);
    }
    return l;
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
  const base = { path: file, text, lines: new LineIndex(text) };
  switch (kind) {
    case 'nix': {
      const parse = parseNix(text);
      const ev = new Evaluator(text);
      let defs: OptionDefinition[] | undefined;
      return {
        ...base,
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
      return { ...base, kind, parsed: parseDotenv(text) };
    case 'compose':
      return { ...base, kind, parsed: parseCompose(text) };
    case 'shell':
      return { ...base, kind, parsed: parseShell(text) };
  }
}
