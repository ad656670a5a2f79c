/**
 * The Snikket settings a deployment runs with: the env file when there is one, else the
 * `environment` inlined into the Snikket containers' Nix definitions.
 *
 * Every setting is in one of three states: known (`get`), unknown (`unknownReason`: an env file
 * read at run time, a function argument, an option the host does not set...) or absent (neither).
 * Rules never apply Snikket's default to an unknown value.
 */
import * as path from 'node:path';
import type { Span } from '../../text/span';
import { getVariable, switchEffect } from '../snikket/variables';
import { snikketImageRole } from '../snikket/images';
import type { Doc } from '../documents';
import type { Deployment } from '../discovery';
import type { Container } from './containers';

export interface Setting {
  name: string;
  value: string;
  doc: Doc;
  keySpan: Span;
  valueSpan: Span;
  source: 'conf' | 'nix' | 'compose';
  /** The literals the value was built from (in `doc`), when it was built from several. */
  derivation?: Span[];
}

export interface Settings {
  /** Where the values come from; undefined when the deployment has neither. */
  source: Doc | undefined;
  /** A known setting; undefined when absent or unknown. */
  get(name: string): Setting | undefined;
  all(): Setting[];
  /** Why a setting cannot be known statically; undefined when it is known or absent. */
  unknownReason(name: string): string | undefined;
  /**
   * Env files of the repository the Snikket containers read that the checker leaves unread (a
   * secrets file that sets no SNIKKET_ variable): their values are unknown, and never shown.
   */
  unreadEnvFiles: { file: string; reason: string }[];
}

export function readSettings(d: Deployment, containers: Container[]): Settings {
  const map = new Map<string, Setting>();
  const unknown = new Map<string, string>();
  let source: Doc | undefined;
  // What every setting not written in the repository is, when some of them are set elsewhere.
  let rest: string | undefined;
  const snikket = containers.filter((c) => c.role !== 'other');
  const server =
    containers.find((c) => c.role === 'server') ??
    containers.find((c) => c.environment.length > 0 || c.environmentOpen !== undefined);
  const runtime = runtimeEnvFile(d, server ? [server] : snikket);
  if (d.conf) {
    source = d.conf;
    for (const e of d.conf.parsed.entries) {
      map.set(e.key, {
        name: e.key,
        value: e.value,
        doc: d.conf,
        keySpan: e.keySpan,
        valueSpan: e.valueSpan,
        source: 'conf',
      });
    }
    rest = runtime;
  } else if (server) {
    // Without an env file the server container's own environment is the configuration.
    source = server.doc;
    for (const e of server.environment) {
      // A container that may not exist carries no value the checker can vouch for.
      if (e.value === undefined || server.condition !== undefined) {
        unknown.set(e.key, server.condition ?? e.reason ?? 'the checker cannot follow the expression that sets it');
        continue;
      }
      map.set(e.key, {
        name: e.key,
        value: e.value,
        doc: server.doc,
        keySpan: e.keySpan,
        valueSpan: e.valueSpan,
        source: 'nix',
        ...(e.derivation && e.derivation.length > 1 ? { derivation: e.derivation } : {}),
      });
    }
    rest = server.condition ?? runtime ?? server.environmentOpen;
  } else {
    rest = runtime ?? composeEnvFileElsewhere(d);
    // A compose file without an env file: the server service's `environment:` is the configuration.
    const compose = d.compose;
    const service = compose?.parsed.services.find((x) => snikketImageRole(x.image?.value) === 'server');
    if (compose && service && service.environment.length > 0) {
      source = compose;
      for (const e of service.environment) {
        // `KEY` alone takes the value from the environment compose runs in.
        if (e.value === undefined) unknown.set(e.key, 'taken from the environment docker compose runs in');
        else
          map.set(e.key, {
            name: e.key,
            value: e.value,
            doc: compose,
            keySpan: e.keySpan,
            valueSpan: e.valueSpan ?? e.span,
            source: 'compose',
          });
      }
    }
  }
  return {
    source,
    get: (name) => map.get(name),
    all: () => [...map.values()],
    unknownReason: (name) => (map.has(name) ? undefined : (unknown.get(name) ?? rest)),
    unreadEnvFiles: unreadEnvFiles(d, snikket),
  };
}

function unreadEnvFiles(d: Deployment, containers: Container[]): { file: string; reason: string }[] {
  const read = new Set<string>();
  for (const c of containers) {
    for (const f of c.environmentFiles)
      if (f.value !== undefined) read.add(path.resolve(path.dirname(c.doc.path), f.value));
  }
  const compose = d.compose;
  for (const s of compose?.parsed.services ?? []) {
    if (!/(?:^|\/)snikket\/snikket-/.test(s.image?.value ?? '')) continue;
    for (const e of s.envFiles) read.add(path.resolve(path.dirname(compose!.path), e.path));
  }
  return d.unreadable.filter((u) => read.has(u.file)).map((u) => ({ file: u.file, reason: u.reason }));
}

/**
 * An env file the Snikket containers read at run time that is not the repository's env file:
 * `/run/secrets/snikket.env` from sops-nix or agenix, a path under /var/lib, or one the checker
 * cannot name.
 */
function runtimeEnvFile(d: Deployment, containers: Container[]): string | undefined {
  for (const c of containers) {
    for (const f of c.environmentFiles) {
      if (f.value === undefined) return 'set at run time by an env file the checker cannot name';
      const target = path.isAbsolute(f.value) ? f.value : path.resolve(path.dirname(c.doc.path), f.value);
      if (d.conf && target === d.conf.path) continue;
      if (isRuntimePath(f.value) || !d.conf) return `set at run time by ${f.value}`;
    }
  }
  return undefined;
}

/** A compose deployment whose env_file is not in the repository: its settings are not knowable. */
function composeEnvFileElsewhere(d: Deployment): string | undefined {
  for (const s of d.compose?.parsed.services ?? []) {
    const f = s.envFiles[0];
    if (f) return `set at run time by ${f.path}`;
  }
  return undefined;
}

/** Files that exist only on the running host: secrets managers and service state. */
export function isRuntimePath(p: string): boolean {
  return /^\/(run|var\/lib|var\/run|etc\/secrets|nix\/store)\//.test(p) || p.startsWith('%') || p.startsWith('$');
}

/** An integer setting, or its default when absent; undefined when unknown or not an integer. */
export function intSetting(
  settings: Settings,
  name: string,
  fallback: number,
): { value: number; setting?: Setting } | undefined {
  const s = settings.get(name);
  if (!s) return settings.unknownReason(name) === undefined ? { value: fallback } : undefined;
  if (!/^\s*\d+\s*$/.test(s.value)) return undefined;
  return { value: Number(s.value), setting: s };
}

/** An on/off switch read the way the containers read it (they compare strings exactly); undefined when unknown. */
export function switchSetting(settings: Settings, name: string, fallback: boolean): boolean | undefined {
  const s = settings.get(name);
  const kind = getVariable(name)?.kind;
  if (!s && settings.unknownReason(name) !== undefined) return undefined;
  if (!s || kind?.type !== 'switch') return fallback;
  return switchEffect(kind.semantics, s.value);
}
