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
import { indexFor } from './discoveryIndex';
import { nixReferences } from './nixReferences';
import { isRuntimePath } from './facts/settings';
import { HostConfig } from './options/hostConfig';

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

/** Every file of a deployment: its modules, the files it read and the files it names by role. */
export function deploymentFiles(dep: Deployment): string[] {
  const out = new Set<string>(dep.nix.map((n) => n.path));
  for (const doc of [dep.conf, dep.compose, dep.script]) if (doc) out.add(doc.path);
  for (const f of Object.values(dep.files)) if (f) out.add(f);
  return [...out];
}

/** A deployment found, to be loaded (its modules parsed) when it is checked. */
export interface DeploymentPlan {
  root: string;
  /** The modules load() parses. */
  modules: readonly string[];
  load(): Deployment;
}

export interface DiscoveryResult {
  plans: DeploymentPlan[];
  skipped: SkippedFile[];
}

interface Candidates {
  conf: string[];
  compose: string[];
  script: string[];
}

/**
 * Brings what discovery knows of the roots up to date, in steps (it yields the number of files
 * looked at so far): the language server walks a large workspace between answering requests.
 */
export function prepareDiscovery(store: DocumentStore, roots: string[]): Generator<number, void> {
  return indexFor(store, roots).update();
}

/** Whether the next discovery of these roots walks them (the first one, or after listings were forgotten). */
export function discoveryNeedsWalk(store: DocumentStore, roots: string[]): boolean {
  return indexFor(store, roots).needsWalk();
}

/**
 * Whether changes of these files (already made in the store) may change what discovery finds:
 * a file that was and stays no candidate, that no module imports and that cannot be read as
 * nothing either, changes nothing. The caller still asks whether a deployment holds the file.
 */
export function changeMayMatter(store: DocumentStore, roots: string[], files: string[]): boolean {
  const index = indexFor(store, roots);
  if (index.needsWalk()) return true;
  const matters = (f: string) => index.isCandidate(f) || index.isReported(f);
  const before = files.some(matters);
  const steps = index.update();
  while (!steps.next().done);
  return before || files.some(matters);
}

export function discover(store: DocumentStore, roots: string[]): DiscoveryResult {
  const index = indexFor(store, roots);
  const steps = index.update();
  while (!steps.next().done);
  const skipped = index.skipped();
  const candidates: Candidates = {
    conf: index.listed('conf'),
    compose: index.listed('compose'),
    script: index.listed('script'),
  };
  const plans: DeploymentPlan[] = [];
  const claimed = new Set<string>();
  const cores = index.coreRoots();
  // Entry modules without Snikket matter only next to a deployment's files.
  const entryRoots = cores.length > 0 ? index.entryRoots() : [];
  const coreSet = new Set(cores);
  for (const root of cores) {
    const closure = index.closure(root);
    const members = new Set(closure);
    const dirs = new Set(closure.map((f) => path.dirname(f)));
    // A module that nothing here imports, next to this deployment's files (the seed's nginx.nix,
    // or a timer module whose import was mistyped), most likely belongs with it.
    for (const other of entryRoots) {
      if (coreSet.has(other) || !dirs.has(path.dirname(other))) continue;
      for (const f of index.closure(other)) {
        if (members.has(f)) continue;
        members.add(f);
        closure.push(f);
      }
    }
    claimFiles(store, dirs, candidates, claimed);
    plans.push({ root, modules: closure, load: () => loadDeployment(store, root, closure, candidates) });
  }
  // Compose files and env files that no Nix module leads to still make a deployment of their own.
  for (const file of [...candidates.compose, ...candidates.conf]) {
    if (claimed.has(file)) continue;
    const dir = path.dirname(file);
    claimFiles(store, new Set([dir]), candidates, claimed);
    const own = { ...candidates, compose: candidates.compose.filter((c) => path.dirname(c) === dir) };
    plans.push({ root: dir, modules: [], load: () => assemble(store, dir, [], [], own, dir) });
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
      conf = doc.parsed.services
        .flatMap((s) => s.envFiles.map((e) => path.resolve(path.dirname(compose), e.path)))
        .find((t) => store.read(t).ok);
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
            references.push({
              kind: 'env_file',
              from: composePath,
              span: e.span,
              target,
              local: !isRuntimePath(e.path),
            });
          }
        }
      }
    }
  }

  const envTargets = references.filter((r) => r.kind === 'env_file').map((r) => r.target);
  // An env_file that sets no SNIKKET_ variable may be any file (a secrets file, ~/.bashrc): its
  // lines must not reach a report, so it is not read as the deployment's env file.
  for (const t of envTargets) {
    if (store.read(t).ok && !isSnikketEnv(store, t))
      unreadable.push({
        file: t,
        reason: 'not a Snikket env file (it sets no SNIKKET_ variable): left out of the check',
      });
  }
  const confPath =
    envTargets.find((t) => isSnikketEnv(store, t)) ?? candidates.conf.find((f) => dirs.has(path.dirname(f)));
  if (confPath) {
    const doc = store.get(confPath, 'dotenv');
    if ('error' in doc) unreadable.push({ file: confPath, reason: doc.error });
    else {
      d.conf = doc;
    }
  }

  const execTargets = references.filter((r) => r.kind === 'ExecStart' && r.local).map((r) => r.target);
  const scriptPath =
    execTargets.find((t) => store.read(t).ok) ?? candidates.script.find((f) => dirs.has(path.dirname(f)));
  if (scriptPath) {
    const doc = store.get(scriptPath, 'shell');
    if ('error' in doc) unreadable.push({ file: scriptPath, reason: doc.error });
    else d.script = doc;
  }
  return d;
}
