/** Settings from the client, kept to what they may hold. */
import type { Settings } from '../api/protocol';

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

export function sanitizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  const severity: Settings['severity'] = {};
  if (r['severity'] && typeof r['severity'] === 'object' && !Array.isArray(r['severity'])) {
    for (const [k, v] of Object.entries(r['severity'] as Record<string, unknown>)) {
      if (typeof v === 'string' && SEVERITIES.has(v)) severity[k] = v as Settings['severity'][string];
    }
  }
  return {
    ignore: strings(r['ignore']),
    severity,
    compose2nixPath: typeof r['compose2nixPath'] === 'string' ? r['compose2nixPath'] : '',
    searchPaths: strings(r['searchPaths']),
    ...(typeof r['maxFiles'] === 'number' && r['maxFiles'] >= 1 ? { maxFiles: Math.floor(r['maxFiles']) } : {}),
  };
}
