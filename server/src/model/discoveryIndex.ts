/**
 * What discovery knows of every file of the roots, kept between checks: each file's kind, the
 * modules it imports and whether it runs Snikket, learnt once per version of its text (the text
 * itself is not kept). After an edit only the changed files are looked at again; a workspace
 * without Snikket costs one walk and one read per file, then nothing.
 */
import * as path from 'node:path';
import type { DocumentStore } from './documents';
import { walkOrder } from './documents';
import type { SkippedFile } from './fileHost';
import { scanImports } from './importScan';
import { importTarget } from './nixReferences';
import { COMPOSE_SNIKKET_IMAGE, SNIKKET_IMAGE_PREFIX } from './snikket/images';

export type Kind = 'nix' | 'conf' | 'compose' | 'script';

export interface FileFacts {
  kind: Kind | undefined;
  /** Why the file cannot be read, when it cannot. */
  unreadable?: string;
  /** Modules it imports (Nix candidates only: a module without the word `imports` imports nothing). */
  targets: string[];
  /** It runs Snikket's containers or proxies to them. */
  core: boolean;
}

const WANTED = /\.(nix|conf|env|ya?ml|sh)$/;
// Files that may hold what the rules read (nginx, ACME, firewall) even when they never say Snikket.
const NIX_WORTH_PARSING =
  /\bimports\b|snikket|oci-containers|services\.nginx|virtualHosts|security\.acme|firewall|copy-certs/i;
const SNIKKET_MARK = /snikket/i;
const CONF_MARK = /^\s*(export\s+)?SNIKKET_DOMAIN\s*=/m;
const KUBE_MARK = /^(apiVersion|kind):\s*\S/m;
const SCRIPT_MARK = /letsencrypt\/live|\/var\/lib\/acme|copy-certs/;

/** How many files are looked at between two yields of a walk in steps. */
const STEP_FILES = 200;

/** A module that runs Snikket's containers or proxies to them. */
function runsSnikket(text: string): boolean {
  return SNIKKET_IMAGE_PREFIX.test(text) || (/virtualHosts/.test(text) && SNIKKET_MARK.test(text));
}

/** What a file may be to a deployment, by its content. */
function kindOf(file: string, text: string): Kind | undefined {
  if (file.endsWith('.nix')) return NIX_WORTH_PARSING.test(text) ? 'nix' : undefined;
  // A podman `kind: Pod` (or any Kubernetes) YAML names the same images but is no compose file.
  if (/\.ya?ml$/.test(file)) return COMPOSE_SNIKKET_IMAGE.test(text) && !KUBE_MARK.test(text) ? 'compose' : undefined;
  if (file.endsWith('.sh')) return SCRIPT_MARK.test(text) ? 'script' : undefined;
  return CONF_MARK.test(text) ? 'conf' : undefined;
}

/** Most files of a large workspace are none of a deployment's: they share one record. */
const NOT_CANDIDATE: FileFacts = Object.freeze({
  kind: undefined,
  targets: Object.freeze([]) as unknown as string[],
  core: false,
});

function factsOf(store: DocumentStore, file: string): FileFacts {
  const r = store.peek(file);
  if (!r.ok) return { kind: undefined, unreadable: r.reason, targets: [], core: false };
  const kind = kindOf(file, r.text);
  if (kind === undefined) return NOT_CANDIDATE;
  if (kind !== 'nix') return { kind, targets: [], core: false };
  return {
    kind,
    targets: scanImports(r.text).map((p) => importTarget(path.dirname(file), p)),
    core: runsSnikket(r.text),
  };
}

/** Only files that would matter are worth a word when they cannot be read. */
function worthReporting(file: string): boolean {
  // Any Nix module may be a host's entry module or imported by a deployment (a 50 MB
  // configuration.nix), and unreadable ones are rare.
  return file.endsWith('.nix') || /snikket|compose|copy-certs/i.test(path.basename(file));
}

export class DiscoveryIndex {
  /** Facts of every listed file. */
  private readonly files = new Map<string, FileFacts>();
  /** Facts of files imported from outside the listing (another folder, a file no name filter takes). */
  private readonly outside = new Map<string, FileFacts>();
  /** For each imported path, the listed Nix candidates that import it. */
  private readonly importers = new Map<string, Set<string>>();
  private readonly candidates: Record<Kind, Set<string>> = {
    nix: new Set(),
    conf: new Set(),
    compose: new Set(),
    script: new Set(),
  };
  private readonly cores = new Set<string>();
  private readonly unreadable = new Map<string, string>();
  private listingSkipped: SkippedFile[] = [];
  /** Imported modules outside the listing that lead to Snikket, until a file changes. */
  private outsideCores: string[] | undefined;
  private stamp = -1;
  private epoch = -1;
  private built = false;

  constructor(
    private readonly store: DocumentStore,
    readonly roots: readonly string[],
  ) {}

  /** Whether the next update() must walk the roots again (the first time, or after the listings were forgotten). */
  needsWalk(): boolean {
    return !this.built || this.epoch !== this.store.listingEpoch;
  }

  /**
   * Brings the index up to date: walks and reads everything when it must, else looks only at the
   * files changed since the last update. Yields the number of files looked at so far.
   */
  *update(): Generator<number, void> {
    if (this.needsWalk()) {
      yield* this.rebuild();
      return;
    }
    const changed = this.store.changesSince(this.stamp);
    this.stamp = this.store.changeStamp;
    if (changed.length > 0) this.outsideCores = undefined;
    for (const file of changed) {
      this.outside.delete(file);
      if (this.files.has(file)) this.remove(file);
      if (this.store.isListed(file) || this.roots.includes(file)) this.add(file);
    }
  }

  private *rebuild(): Generator<number, void> {
    const epoch = this.store.listingEpoch;
    this.stamp = this.store.changeStamp;
    for (const m of [this.files, this.outside, this.importers, this.cores, this.unreadable]) m.clear();
    for (const s of Object.values(this.candidates)) s.clear();
    this.listingSkipped = [];
    this.outsideCores = undefined;
    let looked = 0;
    for (const root of this.roots) {
      let files: string[];
      if (WANTED.test(root) && this.store.read(root).ok) files = [root];
      else {
        const listing = yield* this.store.listSteps(root, WANTED);
        this.listingSkipped.push(...listing.skipped);
        files = listing.files;
      }
      for (const file of files) {
        this.add(file);
        if (++looked % STEP_FILES === 0) yield looked;
      }
    }
    // Changes that came while the walk ran are looked at by the next update.
    this.epoch = epoch;
    this.built = true;
  }

  private add(file: string): void {
    const f = factsOf(this.store, file);
    this.files.set(file, f);
    if (f.unreadable !== undefined) {
      if (worthReporting(file)) this.unreadable.set(file, f.unreadable);
      return;
    }
    if (!f.kind) return;
    this.candidates[f.kind].add(file);
    if (f.core) this.cores.add(file);
    for (const t of f.targets) {
      let s = this.importers.get(t);
      if (!s) this.importers.set(t, (s = new Set()));
      s.add(file);
    }
  }

  private remove(file: string): void {
    const f = this.files.get(file)!;
    this.files.delete(file);
    this.unreadable.delete(file);
    if (f.kind) this.candidates[f.kind].delete(file);
    this.cores.delete(file);
    for (const t of f.targets) {
      const s = this.importers.get(t);
      s?.delete(file);
      if (s?.size === 0) this.importers.delete(t);
    }
  }

  /** What discovery learnt of any file, listed or imported from elsewhere. */
  facts(file: string): FileFacts {
    let f = this.files.get(file) ?? this.outside.get(file);
    if (!f) this.outside.set(file, (f = factsOf(this.store, file)));
    return f;
  }

  /** Whether a file may matter to a deployment: a candidate, or a file some module imports. */
  isCandidate(file: string): boolean {
    return !!this.files.get(file)?.kind || this.importers.has(file);
  }

  /** Whether a file is reported as unreadable (it is listed in the check's skipped files). */
  isReported(file: string): boolean {
    return this.unreadable.has(file);
  }

  /** Listed candidates of a kind, in the walk's order. */
  listed(kind: Kind): string[] {
    return [...this.candidates[kind]].sort((a, b) => this.order(a, b));
  }

  skipped(): SkippedFile[] {
    const files = [...this.unreadable.keys()].sort((a, b) => this.order(a, b));
    return [...this.listingSkipped, ...files.map((file) => ({ file, reason: this.unreadable.get(file)! }))];
  }

  /** Entry modules (no listed module imports them) whose import closure holds a module that runs Snikket, sorted. */
  coreRoots(): string[] {
    // A module outside the listing may run Snikket too (`imports = [ ../shared/snikket.nix ]`).
    this.outsideCores ??= [...this.importers.keys()].filter((t) => !this.files.has(t) && this.reachesCore(t));
    const seeds = [...this.cores, ...this.outsideCores];
    const seen = new Set<string>();
    const roots: string[] = [];
    const stack = seeds;
    while (stack.length > 0) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      const by = this.importers.get(f);
      if (!by || by.size === 0) {
        if (this.candidates.nix.has(f)) roots.push(f);
      } else stack.push(...by);
    }
    return roots.sort();
  }

  /** Whether a module or one it imports runs Snikket (by what is known of each: no file system access for missing ones). */
  private reachesCore(file: string): boolean {
    const seen = new Set<string>();
    const stack = [file];
    while (stack.length > 0) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      const facts = this.facts(f);
      if (facts.core) return true;
      stack.push(...facts.targets);
    }
    return false;
  }

  /** Every entry module of the listing, sorted. */
  entryRoots(): string[] {
    return [...this.candidates.nix].filter((f) => !this.importers.has(f)).sort();
  }

  /** The root and everything it imports, transitively; unreadable files are kept when they exist (reported later). */
  closure(root: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const stack = [root];
    while (stack.length > 0) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      const facts = this.facts(f);
      if (facts.unreadable !== undefined) {
        if (this.store.exists(f)) out.push(f);
        continue;
      }
      out.push(f);
      stack.push(...facts.targets);
    }
    return out;
  }

  private order(a: string, b: string): number {
    const ra = this.roots.findIndex((r) => a === r || a.startsWith(r + path.sep));
    const rb = this.roots.findIndex((r) => b === r || b.startsWith(r + path.sep));
    return ra - rb || walkOrder(a, b);
  }
}

const indexes = new WeakMap<DocumentStore, Map<string, DiscoveryIndex>>();

/** The index of these roots for this store, kept for the next check (a few root sets per store). */
export function indexFor(store: DocumentStore, roots: readonly string[]): DiscoveryIndex {
  let byRoots = indexes.get(store);
  if (!byRoots) indexes.set(store, (byRoots = new Map()));
  const key = roots.join('\0');
  let index = byRoots.get(key);
  if (!index) {
    // A one-off check of other folders must not keep a whole walk alive.
    if (byRoots.size >= 4) byRoots.clear();
    byRoots.set(key, (index = new DiscoveryIndex(store, roots)));
  }
  return index;
}
