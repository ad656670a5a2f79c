/** The OCI containers a deployment's Nix modules define (compose2nix output or hand-written). */
import type { Span } from '../../text/span';
import { findDefinitions, type OptionDefinition } from '../../syntax/nix/options';
import type { NixValue } from '../../syntax/nix/evaluate';
import type { NixNode } from '../../syntax/nix/tree';
import { isDisabled, unknownReason } from '../../syntax/nix/values';
import type { NixDoc } from '../documents';
import { definitionApplies } from '../options/hostConfig';
import { snikketImageRole } from '../snikket/images';

export type ContainerRole = 'server' | 'proxy' | 'certs' | 'portal' | 'other';

export interface StringItem {
  value: string | undefined;
  node: NixNode;
}

export interface EnvEntry {
  key: string;
  /** The string, or undefined when it is not known (see `reason`). */
  value: string | undefined;
  keySpan: Span;
  valueSpan: Span;
  /** Why the value cannot be known before run time, when it cannot. */
  reason?: string;
  /** The literals the value was built from, in this file. */
  derivation?: Span[];
}

export interface Container {
  name: string;
  def: OptionDefinition;
  doc: NixDoc;
  image?: StringItem;
  role: ContainerRole;
  environment: EnvEntry[];
  /** The `environment` attrset, when written as one. */
  environmentNode?: NixNode;
  volumes: StringItem[];
  ports: StringItem[];
  extraOptions: StringItem[];
  environmentFiles: StringItem[];
  /** When the environment may hold more than the entries listed (an unknown part), why. */
  environmentOpen?: string;
  /** Why the container may not exist (defined under a condition the checker cannot decide). */
  condition?: string;
}

export interface ContainerFacts {
  containers: Container[];
  /** `virtualisation.oci-containers.backend`, with NixOS's default (podman) when unset. */
  backend: { value: 'podman' | 'docker' | undefined; def?: OptionDefinition; doc?: NixDoc };
  /** The compose2nix output among the files, if any. */
  generated?: NixDoc;
  /** compose2nix's project name, read off its root target or volume names. */
  project?: string;
}

const COMPOSE2NIX_HEADER = /^\s*#\s*Auto-generated (using|by) compose2nix/m;

function roleOfImage(image: string | undefined): ContainerRole {
  return snikketImageRole(image) ?? 'other';
}

export function readContainers(docs: NixDoc[]): ContainerFacts {
  const containers: Container[] = [];
  let backend: ContainerFacts['backend'] = { value: undefined };
  let generated: NixDoc | undefined;
  let project: string | undefined;
  for (const doc of docs) {
    const defs = doc.defs;
    for (const def of findDefinitions(defs, ['virtualisation', 'oci-containers', 'containers', '*'])) {
      const name = def.path[3]!.name;
      const applies = definitionApplies(doc, def);
      const value = doc.ev.evaluate(def.value);
      if (name === undefined || value.kind !== 'attrs' || applies === 'no') continue;
      containers.push(withCondition(readContainer(doc, name, def, value), applies));
    }
    // `containers = lib.genAttrs [ ... ] mkContainer;` or `containers = common // { ... };`.
    const named = new Set(containers.filter((c) => c.doc === doc).map((c) => c.name));
    for (const def of findDefinitions(defs, ['virtualisation', 'oci-containers', 'containers'])) {
      const applies = definitionApplies(doc, def);
      if (def.value.kind === 'AttrSet' || applies === 'no') continue;
      const all = doc.ev.entries(doc.ev.evaluate(def.value));
      for (const [name, e] of all?.map ?? []) {
        // mkMerge items are option definitions of their own, read above.
        if (named.has(name)) continue;
        const value = doc.ev.force(e.value);
        if (value.kind === 'attrs') containers.push(withCondition(readContainer(doc, name, def, value), applies));
      }
    }
    for (const def of findDefinitions(defs, ['virtualisation', 'oci-containers', 'backend'])) {
      const v = doc.ev.evaluate(def.value);
      backend = {
        value: v.kind === 'string' && (v.value === 'docker' || v.value === 'podman') ? v.value : undefined,
        def,
        doc,
      };
    }
    for (const def of findDefinitions(defs, ['systemd', 'targets', '*'])) {
      const m = /^(?:podman|docker)-compose-(.+)-root$/.exec(def.path[2]!.name ?? '');
      if (m) project ??= m[1];
    }
    if (COMPOSE2NIX_HEADER.test(doc.text.slice(0, 2000)) || (!generated && project)) generated = doc;
  }
  if (!backend.def) backend = { value: containers.length > 0 ? 'podman' : undefined };
  return { containers, backend, ...(generated ? { generated } : {}), ...(project ? { project } : {}) };
}

function withCondition(c: Container, applies: 'yes' | { maybe: string }): Container {
  if (applies !== 'yes') c.condition = applies.maybe;
  return c;
}

function readContainer(doc: NixDoc, name: string, def: OptionDefinition, attrs: NixValue): Container {
  const c: Container = {
    name,
    def,
    doc,
    role: 'other',
    environment: [],
    volumes: [],
    ports: [],
    extraOptions: [],
    environmentFiles: [],
  };
  const ev = doc.ev;
  const entries = ev.entries(attrs);
  if (!entries) return c;
  for (const [key, entry] of entries.map) {
    switch (key) {
      case 'image': {
        const v = ev.force(entry.value);
        c.image = { value: v.kind === 'string' ? v.value : undefined, node: nodeOf(v, entry.key, def) };
        c.role = roleOfImage(c.image.value);
        break;
      }
      case 'environment': {
        const v = ev.force(entry.value);
        const env = ev.entries(v);
        if (!env) {
          c.environmentOpen = unknownReason(v) ?? 'the environment is not a set the checker can read';
          break;
        }
        if (v.kind === 'attrs' && v.node.kind === 'AttrSet' && !v.frame) c.environmentNode = v.node;
        if (env.open !== undefined) c.environmentOpen = env.open;
        for (const [k, e] of env.map) {
          const ev2 = ev.force(e.value);
          if (isDisabled(ev2)) continue;
          const at = nodeOf(ev2, e.key, def);
          const keyNode = e.key ?? at;
          c.environment.push({
            key: k,
            value: ev2.kind === 'string' ? ev2.value : ev2.kind === 'int' ? String(ev2.value) : undefined,
            keySpan: span(keyNode),
            valueSpan: span(at),
            ...(ev2.kind === 'unknown' ? { reason: unknownReason(ev2)! } : {}),
            ...(ev2.kind === 'string' ? { derivation: ev2.segments.flatMap((s) => (s.origin ? [s.origin] : [])) } : {}),
          });
        }
        break;
      }
      case 'volumes':
      case 'ports':
      case 'extraOptions':
      case 'environmentFiles': {
        const list = ev.force(entry.value);
        const values = ev.items(list) ?? [];
        const items = values.map((v) => ({
          value: v.kind === 'string' ? v.value : v.kind === 'path' ? v.value : undefined,
          node: nodeOf(v, entry.key, def),
        }));
        // An environmentFiles list the checker cannot read still means settings come from a file.
        if (key === 'environmentFiles' && (list.kind !== 'list' || !list.complete))
          items.push({ value: undefined, node: nodeOf(list, entry.key, def) });
        c[key].push(...items);
        break;
      }
    }
  }
  return c;
}

/** A node of this file to point at for a value: its own, else the attribute that set it. */
function nodeOf(v: NixValue, key: NixNode | undefined, def: OptionDefinition): NixNode {
  return v.node ?? key ?? def.value;
}

function span(n: NixNode): Span {
  return { start: n.start, end: n.end };
}

/** Whether a container shares the host's network (compose's `network_mode: host`). */
export function usesHostNetwork(c: Container): boolean {
  return c.extraOptions.some((o) => o.value === '--network=host' || o.value === '--net=host');
}

/** Where each backend keeps named volumes (rootful), per FACTS.md. */
export function volumeRoot(backend: 'podman' | 'docker'): string {
  return backend === 'podman' ? '/var/lib/containers/storage/volumes' : '/var/lib/docker/volumes';
}
