/**
 * The Snikket settings a deployment runs with: the env file when there is one, else the
 * `environment` inlined into the Snikket containers' Nix definitions.
 */
import type { Span } from '../../text/span';
import { getVariable, switchEffect } from '../snikketVariables';
import type { Doc } from '../documents';
import type { Deployment } from '../discovery';
import type { Container } from './containers';

export interface Setting {
  name: string;
  value: string;
  doc: Doc;
  keySpan: Span;
  valueSpan: Span;
  source: 'conf' | 'nix';
}

export interface Settings {
  /** Where the values come from; undefined when the deployment has neither. */
  source: Doc | undefined;
  get(name: string): Setting | undefined;
  all(): Setting[];
  /** Why a variable's value is not knowable (set at run time, ...); undefined when it is known or absent. */
  unknownReason(name: string): string | undefined;
}

export function readSettings(d: Deployment, containers: Container[]): Settings {
  const map = new Map<string, Setting>();
  let source: Doc | undefined;
  if (d.conf) {
    source = d.conf;
    for (const e of d.conf.parsed.entries) {
      map.set(e.key, { name: e.key, value: e.value, doc: d.conf, keySpan: e.keySpan, valueSpan: e.valueSpan, source: 'conf' });
    }
  } else {
    // Without an env file the server container's own environment is the configuration.
    const server = containers.find((c) => c.role === 'server') ?? containers.find((c) => c.environment.length > 0);
    if (server) {
      source = server.doc;
      for (const e of server.environment) {
        if (e.value === undefined) continue;
        map.set(e.key, { name: e.key, value: e.value, doc: server.doc, keySpan: e.keySpan, valueSpan: e.valueSpan, source: 'nix' });
      }
    }
  }
  return {
    source,
    get: (name) => map.get(name),
    all: () => [...map.values()],
    unknownReason: () => undefined,
  };
}

/** An integer setting, or its default when unset; undefined when set but not an integer. */
export function intSetting(settings: Settings, name: string, fallback: number): { value: number; setting?: Setting } | undefined {
  const s = settings.get(name);
  if (!s) return { value: fallback };
  if (!/^\s*\d+\s*$/.test(s.value)) return undefined;
  return { value: Number(s.value), setting: s };
}

/** An on/off switch read the way the containers read it (they compare strings exactly). */
export function switchSetting(settings: Settings, name: string, fallback: boolean): boolean {
  const s = settings.get(name);
  const kind = getVariable(name)?.kind;
  if (!s || kind?.type !== 'switch') return fallback;
  return switchEffect(kind.semantics, s.value);
}
