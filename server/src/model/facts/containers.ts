/** The OCI containers a deployment's Nix modules define (compose2nix output or hand-written). */
import type { Span } from '../../text/span';
import { findDefinitions, type OptionDefinition } from '../../syntax/nix/options';
import type { NixNode } from '../../syntax/nix/tree';
import { bindings, attrpathOf, attrNames, bindingValue } from '../../syntax/nix/view';
import type { NixDoc } from '../documents';

export type ContainerRole = 'server' | 'proxy' | 'certs' | 'portal' | 'other';

export interface StringItem {
  value: string | undefined;
  node: NixNode;
}

export interface EnvEntry {
  key: string;
  value: string | undefined;
  keySpan: Span;
  valueSpan: Span;
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
  if (!image) return 'other';
  const m = /(?:^|\/)snikket\/snikket-(server|web-proxy|cert-manager|web-portal)(?::|@|$)/.exec(image);
  if (!m) return 'other';
  return ({ server: 'server', 'web-proxy': 'proxy', 'cert-manager': 'certs', 'web-portal': 'portal' } as const)[m[1] as 'server'];
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
      const attrs = doc.ev.attrsOf(def.value);
      if (name === undefined || !attrs) continue;
      containers.push(readContainer(doc, name, def, attrs));
    }
    for (const def of findDefinitions(defs, ['virtualisation', 'oci-containers', 'backend'])) {
      const v = doc.ev.evaluate(def.value);
      backend = { value: v.kind === 'string' && (v.value === 'docker' || v.value === 'podman') ? v.value : undefined, def, doc };
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

function readContainer(doc: NixDoc, name: string, def: OptionDefinition, attrs: NixNode): Container {
  const c: Container = { name, def, doc, role: 'other', environment: [], volumes: [], ports: [], extraOptions: [], environmentFiles: [] };
  for (const b of bindings(attrs)) {
    const path = attrpathOf(b);
    const value = bindingValue(b);
    if (!path || !value) continue;
    const key = attrNames(path).map((n) => doc.ev.attrName(n));
    if (key.length !== 1) continue;
    switch (key[0]) {
      case 'image': {
        const v = doc.ev.evaluate(value);
        c.image = { value: v.kind === 'string' ? v.value : undefined, node: value };
        c.role = roleOfImage(c.image.value);
        break;
      }
      case 'environment': {
        const env = doc.ev.attrsOf(value);
        if (!env) break;
        c.environmentNode = env;
        for (const eb of bindings(env)) {
          const ep = attrpathOf(eb);
          const ev = bindingValue(eb);
          const names = ep ? attrNames(ep) : [];
          const k = names.length === 1 ? doc.ev.attrName(names[0]!) : undefined;
          if (!k || !ev) continue;
          const v = doc.ev.evaluate(ev);
          c.environment.push({ key: k, value: v.kind === 'string' ? v.value : undefined, keySpan: span(names[0]!), valueSpan: span(ev) });
        }
        break;
      }
      case 'volumes':
      case 'ports':
      case 'extraOptions':
      case 'environmentFiles': {
        const list = doc.ev.listOf(value);
        const items = (list?.items ?? []).map((n) => {
          const v = doc.ev.evaluate(n);
          return { value: v.kind === 'string' ? v.value : v.kind === 'path' ? v.value : undefined, node: n };
        });
        c[key[0]].push(...items);
        break;
      }
    }
  }
  return c;
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
