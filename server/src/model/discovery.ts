/**
 * Finds the Snikket deployments of a configuration repository by content and by the references
 * between files (Nix `imports`, compose `env_file`, the timer's `ExecStart`), not by file names.
 *
 * A deployment is the import closure of one entry module (a Nix file no other file imports, such
 * as a host's configuration.nix) that mentions Snikket, plus the compose file, env file and copy
 * script that belong with it. Several hosts give several deployments; a file they share belongs
 * to each.
 */
import * as path from 'node:path';
import type { Span } from '../text/span';
import type { SkippedFile } from './fileHost';
import type { ComposeDoc, DocumentStore, DotenvDoc, NixDoc, ShellDoc } from './documents';
import { scanImports } from './importScan';
import { importTarget, nixReferences } from './nixReferences';
import { isRuntimePath } from './facts/settings';
import { HostConfig } from './options/hostConfig';
import { COMPOSE_SNIKKET_IMAGE, SNIKKET_IMAGE_PREFIX } from './snikket/images';

/** `generated` is compose2nix's output; `containers` a hand-written container module. */
export type Role = 'conf' | 'compose' | 'generated' | 'containers' | 'proxy' | 'nginx' | 'script' | 'timer';

export interface Reference {
  kind: 'imports' | 'env_file' | 'ExecStart';
  from: string;
  span: Span;
  /** Absolute path the reference resolves to. */
  target: string;
  /** Whether the reference is to a file inside the repository (an absolute path on the server is not). */
  local: boolean;
}

export interface Deployment {
  /** The entry module (or, for a deployment without Nix, the compose file's folder). */
  root: string;
  nix: NixDoc[];
  conf?: DotenvDoc;
  compose?: ComposeDoc;
  script?: ShellDoc;
  files: Partial<Record<Role, string>>;
  references: Reference[];
  /** Files of the deployment that could not be read, with why. */
  unreadable: SkippedFile[];
}

/** A deployment found, to be loaded (its modules parsed) when it is checked. */
export interface DeploymentPlan {
  root: string;
  load(): Deployment;
}

export interface DiscoveryResult {
  plans: DeploymentPlan[];
  skipped: SkippedFile[];
}

interface Candidates {
  nix: string[];
  conf: string[];
  compose: string[];
  script: string[];
}

const WANTED = /\.(nix|conf|env|ya?ml|sh)$/;
// Files that may hold what the rules read (nginx, ACME, firewall) even when they never say Snikket.
const NIX_WORTH_PARSING = /\bimports\b|snikket|oci-containers|services\.nginx|virtualHosts|security\.acme|firewall|copy-certs/i;
const SNIKKET_MARK = /snikket/i;
const CONF_MARK = /^\s*(export\s+)?SNIKKET_DOMAIN\s*=/m;
const KUBE_MARK = /^(apiVersion|kind):\s*\S/m;
const SCRIPT_MARK = /letsencrypt\/live|\/var\/lib\/acme|copy-certs/;

export function discover(store: DocumentStore, roots: string[]): DiscoveryResult {
  const skipped: SkippedFile[] = [];
  const candidates: Candidates = { nix: [], conf: [], compose: [], script: [] };
  for (const root of roots) {
    const listed = listRoot(store, root);
    skipped.push(...listed.skipped);
    for (const file of listed.files) classify(store, file, candidates, skipped);
  }

  const graph = new ImportGraph(store);
  for (const f of candidates.nix) graph.add(f);
  const plans: DeploymentPlan[] = [];
  const claimed = new Set<string>();
  const entryRoots = graph.roots();
  const closures = new Map(entryRoots.map((r) => [r, graph.closure(r)]));
  const isCore = (files: string[]) => files.some((f) => store.memo('core', f, graph.text(f), runsSnikket));
  const cores = new Set(entryRoots.filter((r) => isCore(closures.get(r)!)));
  for (const root of cores) {
    const closure = [...closures.get(root)!];
    const members = new Set(closure);
    const dirs = new Set(closure.map((f) => path.dirname(f)));
    // A module that nothing here imports, next to this deployment's files (the seed's nginx.nix,
    // or a timer module whose import was mistyped), most likely belongs with it.
    for (const other of entryRoots) {
      if (cores.has(other) || !dirs.has(path.dirname(other))) continue;
      for (const f of closures.get(other)!) {
        if (members.has(f)) continue;
        members.add(f);
        closure.push(f);
      }
    }
    claimFiles(store, dirs, candidates, claimed);
    plans.push({ root, load: () => loadDeployment(store, root, closure, candidates) });
  }
  // Compose files and env files that no Nix module leads to still make a deployment of their own.
  for (const file of [...candidates.compose, ...candidates.conf]) {
    if (claimed.has(file)) continue;
    const dir = path.dirname(file);
    claimFiles(store, new Set([dir]), candidates, claimed);
    const own = { ...candidates, compose: candidates.compose.filter((c) => path.dirname(c) === dir) };
    plans.push({ root: dir, load: () => assemble(store, dir, [], [], own, dir) });
  }
  return { plans, skipped };
}

/**
 * The compose file and env file a deployment in these folders takes, decided before any module
 * is parsed so that what is left over can form deployments of its own.
 */
function claimFiles(store: DocumentStore, dirs: Set<string>, candidates: Candidates, claimed: Set<string>): void {
  const compose = candidates.compose.find((f) => dirs.has(path.dirname(f)));
  let conf: string | undefined;
  if (compose) {
    claimed.add(compose);
    const doc = store.get(compose, 'compose');
    if (!('error' in doc)) {
      conf = doc.parsed.services.flatMap((s) => s.envFiles.map((e) => path.resolve(path.dirname(compose), e.path))).find((t) => store.read(t).ok);
    }
  }
  conf ??= candidates.conf.find((f) => dirs.has(path.dirname(f)));
  if (conf) claimed.add(conf);
}

/** Only now are modules parsed: those of one Snikket deployment, not the whole repository. */
function loadDeployment(store: DocumentStore, root: string, closure: string[], candidates: Candidates): Deployment {
  const docs: NixDoc[] = [];
  const unreadable: SkippedFile[] = [];
  for (const f of closure) {
    const doc = store.get(f, 'nix');
    if ('error' in doc) unreadable.push({ file: f, reason: doc.error });
    else docs.push(doc);
  }
  // Option definitions are read once per module: `virtualHosts.${config.networking.domain}` must
  // already see the host's definitions when the references below first read them.
  const host = new HostConfig(docs);
  for (const doc of docs) doc.ev.setConfig(host);
  return assemble(store, root, docs, unreadable, candidates);
}

const SNIKKET_ENV_MARK = /^[ \t]*(export[ \t]+)?SNIKKET_\w*[ \t]*=/m;

/** Whether a file is readable and sets a Snikket variable: only such a file is read as an env file. */
function isSnikketEnv(store: DocumentStore, file: string): boolean {
  const r = store.read(file);
  return r.ok && SNIKKET_ENV_MARK.test(r.text);
}

/** A module that runs Snikket's containers or proxies to them. */
function runsSnikket(text: string): boolean {
  return SNIKKET_IMAGE_PREFIX.test(text) || (/virtualHosts/.test(text) && SNIKKET_MARK.test(text));
}

/** What a file may be to a deployment, by its content. */
function kindOf(file: string, text: string): 'nix' | 'conf' | 'compose' | 'script' | undefined {
  if (file.endsWith('.nix')) return NIX_WORTH_PARSING.test(text) ? 'nix' : undefined;
  // A podman `kind: Pod` (or any Kubernetes) YAML names the same images but is no compose file.
  if (/\.ya?ml$/.test(file)) return COMPOSE_SNIKKET_IMAGE.test(text) && !KUBE_MARK.test(text) ? 'compose' : undefined;
  if (file.endsWith('.sh')) return SCRIPT_MARK.test(text) ? 'script' : undefined;
  return CONF_MARK.test(text) ? 'conf' : undefined;
}

function listRoot(store: DocumentStore, root: string): { files: string[]; skipped: SkippedFile[] } {
  if (WANTED.test(root) && store.read(root).ok) return { files: [root], skipped: [] };
  return store.list(root, WANTED);
}

function classify(store: DocumentStore, file: string, c: Candidates, skipped: SkippedFile[]): void {
  const r = store.read(file);
  if (!r.ok) {
    // Only files that would matter are worth a word. Any Nix module may be a host's entry module
    // or imported by a deployment (a 50 MB configuration.nix), and unreadable ones are rare.
    if (file.endsWith('.nix') || /snikket|compose|copy-certs/i.test(path.basename(file))) skipped.push({ file, reason: r.reason });
    return;
  }
  const kind = store.memo('kind', file, r.text, (text) => kindOf(file, text));
  if (kind) c[kind].push(file);
}

/** Nix files linked by `imports`, read off their text (see importScan.ts). */
class ImportGraph {
  private readonly texts = new Map<string, string>();
  private readonly targets = new Map<string, string[]>();
  private readonly importedBy = new Set<string>();

  constructor(private readonly store: DocumentStore) {}

  add(file: string): boolean {
    if (this.texts.has(file)) return true;
    const r = this.store.read(file);
    if (!r.ok) return false;
    this.texts.set(file, r.text);
    const targets = this.store.memo('imports', file, r.text, (text) => scanImports(text).map((p) => importTarget(path.dirname(file), p)));
    this.targets.set(file, targets);
    for (const t of targets) this.importedBy.add(t);
    return true;
  }

  text(file: string): string {
    return this.texts.get(file) ?? '';
  }

  /** Files that no other file imports: the entry modules. */
  roots(): string[] {
    return [...this.texts.keys()].filter((f) => !this.importedBy.has(f)).sort();
  }

  /** The root and everything it imports, transitively; unreadable files are kept (reported later). */
  closure(root: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const stack = [root];
    while (stack.length > 0) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      if (!this.add(f)) {
        if (this.store.exists(f)) out.push(f);
        continue;
      }
      out.push(f);
      stack.push(...this.targets.get(f)!);
    }
    return out;
  }
}

function assemble(
  store: DocumentStore,
  root: string,
  nix: NixDoc[],
  unreadable: SkippedFile[],
  candidates: Candidates,
  standaloneDir?: string,
): Deployment {
  const dirs = new Set(nix.map((d) => path.dirname(d.path)));
  if (standaloneDir) dirs.add(standaloneDir);
  const references: Reference[] = nix.flatMap((d) => store.memo('references', d.path, d.text, () => nixReferences(d)));
  const d: Deployment = { root, nix, files: {}, references, unreadable };

  const composePath = candidates.compose.find((f) => dirs.has(path.dirname(f)));
  if (composePath) {
    const doc = store.get(composePath, 'compose');
    if ('error' in doc) unreadable.push({ file: composePath, reason: doc.error });
    else {
      d.compose = doc;
      for (const s of doc.parsed.services) {
        for (const e of s.envFiles) {
          const target = path.resolve(path.dirname(composePath), e.path);
          if (!references.some((r) => r.kind === 'env_file' && r.target === target && r.span.start === e.span.start)) {
            references.push({ kind: 'env_file', from: composePath, span: e.span, target, local: !isRuntimePath(e.path) });
          }
        }
      }
    }
  }

  const envTargets = references.filter((r) => r.kind === 'env_file').map((r) => r.target);
  // An env_file that sets no SNIKKET_ variable may be any file (a secrets file, ~/.bashrc): its
  // lines must not reach a report, so it is not read as the deployment's env file.
  for (const t of envTargets) {
    if (store.read(t).ok && !isSnikketEnv(store, t)) unreadable.push({ file: t, reason: 'not a Snikket env file (it sets no SNIKKET_ variable): left out of the check' });
  }
  const confPath = envTargets.find((t) => isSnikketEnv(store, t)) ?? candidates.conf.find((f) => dirs.has(path.dirname(f)));
  if (confPath) {
    const doc = store.get(confPath, 'dotenv');
    if ('error' in doc) unreadable.push({ file: confPath, reason: doc.error });
    else {
      d.conf = doc;
    }
  }

  const execTargets = references.filter((r) => r.kind === 'ExecStart' && r.local).map((r) => r.target);
  const scriptPath = execTargets.find((t) => store.read(t).ok) ?? candidates.script.find((f) => dirs.has(path.dirname(f)));
  if (scriptPath) {
    const doc = store.get(scriptPath, 'shell');
    if ('error' in doc) unreadable.push({ file: scriptPath, reason: doc.error });
    else d.script = doc;
  }
  return d;
}
