/**
 * Input validation for the commands' prompts and arguments. No vscode import: unit-tested.
 * Each validator returns an error message, or undefined when the value is fine (the shape
 * `InputBoxOptions.validateInput` wants). The rules themselves are the server's scaffold rules,
 * asked for through `snikket/validateValues` (the `check` argument), so a value the prompt
 * accepts is one the scaffold accepts.
 */
import type { ScaffoldValues } from '../../server/src/api/protocol';

/** Why the given values cannot be scaffolded, or undefined when they can (the server's answer). */
export type ValuesCheck = (values: Partial<ScaffoldValues>) => Promise<string | undefined>;

export async function validateDomain(value: string, check: ValuesCheck): Promise<string | undefined> {
  const v = value.trim().replace(/\.$/, '');
  if (v === '') return 'Enter the domain Snikket serves, for example chat.example.org.';
  return check({ domain: v });
}

export async function validateEmail(value: string, check: ValuesCheck): Promise<string | undefined> {
  const v = value.trim();
  if (v === '') return "Enter the admin's e-mail address (Let's Encrypt uses it too).";
  return check({ adminEmail: v });
}

/** Parses a whole decimal port number; undefined when it is not one. */
export function parsePort(value: string | number): number | undefined {
  const s = typeof value === 'number' ? String(value) : value.trim();
  if (!/^[0-9]{1,5}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : undefined;
}

export function validatePort(value: string | number): string | undefined {
  return parsePort(value) === undefined ? 'Enter a port number from 1 to 65535.' : undefined;
}

/** A tweak port behind the host's nginx: not a port nginx or Snikket already uses, not the other tweak port. */
export async function validateTweakPort(
  value: string | number,
  check: ValuesCheck,
  other?: number,
): Promise<string | undefined> {
  const n = parsePort(value);
  if (n === undefined) return validatePort(value);
  return check({ httpPort: n, ...(other !== undefined ? { httpsPort: other } : {}) });
}

export interface PortRange {
  min: number;
  max: number;
}

/** Parses "49152-49252" (also "49152–49252", "49152 49252", "49152:49252"). */
export function parsePortRange(value: string): PortRange | undefined {
  const m = /^\s*([0-9]{1,5})\s*(?:-|–|:|\s|\.\.)\s*([0-9]{1,5})\s*$/.exec(value);
  if (!m) return undefined;
  const min = parsePort(m[1]!);
  const max = parsePort(m[2]!);
  return min === undefined || max === undefined ? undefined : { min, max };
}

/** TURN relay range: both bounds above 1024 (coturn refuses privileged ports), min ≤ max. */
export async function validateTurnRange(
  min: number | undefined,
  max: number | undefined,
  check: ValuesCheck,
): Promise<string | undefined> {
  if (min === undefined || max === undefined) return 'Enter the TURN relay range as MIN-MAX, for example 49152-49252.';
  return check({ turnMin: min, turnMax: max });
}

export async function validateTurnRangeText(value: string, check: ValuesCheck): Promise<string | undefined> {
  const r = parsePortRange(value);
  return validateTurnRange(r?.min, r?.max, check);
}

/** compose2nix project names become part of volume names: keep them simple. */
export async function validateProject(value: string, check: ValuesCheck): Promise<string | undefined> {
  return check({ project: value.trim() });
}

export function isBackend(value: unknown): value is 'podman' | 'docker' {
  return value === 'podman' || value === 'docker';
}
