/**
 * compose2nix in process, for the compose features Snikket's docker-compose.yml uses: services
 * with an image, container_name, env_file (inlined, as compose2nix does by default), environment,
 * `network_mode: host`, named volumes or absolute bind mounts, and `restart: unless-stopped` or
 * `always`. Anything else is refused with a reason: a guess would be a file the admin cannot trust.
 */
import * as path from 'node:path';
import type { ComposeFile } from '../syntax/compose/model';
import type { RNode } from '../syntax/compose/tree';
import type { Compose2nixContainer, Compose2nixModel } from './render';
import { renderCompose2nix } from './render';

const SERVICE_KEYS = new Set([
  'container_name',
  'image',
  'env_file',
  'environment',
  'network_mode',
  'volumes',
  'restart',
]);
const TOP_KEYS = new Set(['version', 'name', 'services', 'volumes']);

export interface GenerateInput {
  compose: ComposeFile;
  composePath: string;
  /** The env files the generator may read (absolute path → entries in file order). */
  envFiles: ReadonlyMap<string, readonly { key: string; value: string }[]>;
  project: string;
  runtime: 'podman' | 'docker';
  /** Comment lines kept above `{ pkgs, lib, config, ... }:`. */
  header: string;
}

export type GenerateResult = { ok: true; text: string } | { ok: false; reason: string };

/**
 * A generated file made anew from its compose file, keeping the comment lines above its opening
 * brace; undefined when the file has other text there (it is not plain compose2nix output).
 */
export function regenerate(
  input: Omit<GenerateInput, 'header'> & { generatedText: string },
): GenerateResult | undefined {
  const open = input.generatedText.search(/^\{/m);
  const header = open < 0 ? '' : input.generatedText.slice(0, open);
  if (open < 0 || header.split('\n').some((l) => l.trim() !== '' && !l.trimStart().startsWith('#'))) return undefined;
  return generateCompose2nix({ ...input, header });
}

export function generateCompose2nix(input: GenerateInput): GenerateResult {
  const model = modelOf(input);
  if (typeof model === 'string') return { ok: false, reason: model };
  return { ok: true, text: renderCompose2nix(model, input.header) };
}

/** The model, or why the generator does not handle this compose file. */
function modelOf(input: GenerateInput): Compose2nixModel | string {
  const { compose } = input;
  if (compose.problems.some((p) => p.severity === 'error')) return 'the compose file has errors';
  const extra = keysOf(compose.root).find((k) => !TOP_KEYS.has(k));
  if (extra) return `the compose file uses ${extra}`;
  const declared = new Map<string, true>();
  for (const v of compose.volumes) {
    if (v.external || v.explicitName || keysOf(volumeNode(compose.root, v.name)).length > 0)
      return `volume ${v.name} has options`;
    declared.set(v.name, true);
  }
  const containers: Compose2nixContainer[] = [];
  for (const s of compose.services) {
    const key = keysOf(s.node).find((k) => !SERVICE_KEYS.has(k));
    if (key) return `service ${s.name} uses ${key}`;
    if (!s.image) return `service ${s.name} has no image`;
    if (s.networkMode?.value !== 'host') return `service ${s.name} does not use network_mode: host`;
    if (!s.restart || !['unless-stopped', 'always'].includes(s.restart.value))
      return `service ${s.name} uses restart: ${s.restart?.value ?? '(none)'}`;
    const env = new Map<string, string>();
    for (const ef of s.envFiles) {
      const entries = input.envFiles.get(path.resolve(path.dirname(input.composePath), ef.path));
      if (!entries) return `service ${s.name} reads ${ef.path}, which is not read here`;
      for (const e of entries) env.set(e.key, e.value);
    }
    for (const e of s.environment) {
      if (e.value === undefined) return `service ${s.name} takes ${e.key} from the environment compose2nix runs in`;
      env.set(e.key, e.value);
    }
    const c: Compose2nixContainer = {
      name: s.containerName?.value ?? `${input.project}-${s.name}`,
      image: s.image.value,
      environment: [...env],
      volumes: [],
      binds: [],
    };
    for (const m of s.volumes) {
      if (m.mode && !['ro', 'rw'].includes(m.mode)) return `service ${s.name} mounts with mode ${m.mode}`;
      if (m.type === 'volume' && m.source && declared.has(m.source))
        c.volumes.push({ volume: m.source, target: m.target, readOnly: m.readOnly });
      else if (m.type === 'bind' && m.source && path.posix.isAbsolute(m.source))
        c.binds.push({ source: m.source, target: m.target, readOnly: m.readOnly });
      else return `service ${s.name} mounts ${m.source ?? 'an anonymous volume'}`;
    }
    containers.push(c);
  }
  if (containers.length === 0) return 'the compose file has no services';
  return { project: input.project, runtime: input.runtime, containers, volumes: [...declared.keys()] };
}

function keysOf(node: RNode | undefined): string[] {
  return node?.kind === 'map' ? node.pairs.map((p) => p.key) : [];
}

function volumeNode(root: RNode | undefined, name: string): RNode | undefined {
  if (root?.kind !== 'map') return undefined;
  const vols = root.pairs.find((p) => p.key === 'volumes')?.value;
  return vols?.kind === 'map' ? vols.pairs.find((p) => p.key === name)?.value : undefined;
}
