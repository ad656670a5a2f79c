/**
 * Input validation for the commands' prompts and arguments. No vscode import: unit-tested.
 * Each validator returns an error message, or undefined when the value is fine (the shape
 * `InputBoxOptions.validateInput` wants).
 */

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

export function validateDomain(value: string): string | undefined {
  const v = value.trim().replace(/\.$/, '');
  if (v === '') return 'Enter the domain Snikket serves, for example chat.example.org.';
  if (/^[a-z]+:\/\//i.test(v)) return 'Enter only the domain name, without http:// or https://.';
  if (/[/:@\s]/.test(v)) return 'A domain has no spaces, slashes, colons or @.';
  if (v.length > 253) return 'A domain is at most 253 characters long.';
  const labels = v.split('.');
  if (labels.length < 2) return 'Enter a fully qualified domain name (at least one dot), for example chat.example.org.';
  // Unicode names are fine: certificates use their punycode form, which the server computes.
  const ascii = labels.every((l) => /^[\x00-\x7f]*$/.test(l));
  if (ascii && !labels.every((l) => LABEL.test(l))) {
    return 'Each part of a domain is 1–63 letters, digits or hyphens, and does not start or end with a hyphen.';
  }
  if (ascii && /^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return 'Enter a domain name, not an IP address.';
  return undefined;
}

export function validateEmail(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'Enter the admin\'s e-mail address (Let\'s Encrypt uses it too).';
  const at = v.lastIndexOf('@');
  if (at <= 0 || at === v.length - 1) return 'Enter an e-mail address such as admin@example.org.';
  if (/\s/.test(v)) return 'An e-mail address has no spaces.';
  const local = v.slice(0, at);
  if (local.length > 64 || /["(),:;<>[\\\]]/.test(local)) return 'The part before @ is not a valid mailbox name.';
  return validateDomain(v.slice(at + 1)) === undefined ? undefined : 'The part after @ is not a valid domain.';
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

/** A tweak port behind the host's nginx: any port, but not 80/443, which nginx itself takes. */
export function validateTweakPort(value: string | number, other?: number): string | undefined {
  const err = validatePort(value);
  if (err) return err;
  const n = parsePort(value)!;
  if (n === 80 || n === 443) return `Port ${n} is taken by the host's nginx; use another port (for example 5080 or 5443).`;
  if (other !== undefined && n === other) return 'The HTTP and HTTPS tweak ports must differ.';
  return undefined;
}

export interface PortRange { min: number; max: number }

/** Parses "49152-49252" (also "49152–49252", "49152 49252", "49152:49252"). */
export function parsePortRange(value: string): PortRange | undefined {
  const m = /^\s*([0-9]{1,5})\s*(?:-|–|:|\s|\.\.)\s*([0-9]{1,5})\s*$/.exec(value);
  if (!m) return undefined;
  const min = parsePort(m[1]!);
  const max = parsePort(m[2]!);
  return min === undefined || max === undefined ? undefined : { min, max };
}

/** TURN relay range: both bounds 1025–65535 (coturn refuses privileged ports), min ≤ max. */
export function validateTurnRange(min: number | undefined, max: number | undefined): string | undefined {
  if (min === undefined || max === undefined) return 'Enter the TURN relay range as MIN-MAX, for example 49152-49252.';
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max > 65535) return 'Ports go from 1 to 65535.';
  if (min <= 1024 || max <= 1024) return 'Both bounds of the TURN relay range must be above 1024.';
  if (min > max) return 'The lower bound must not be greater than the upper bound.';
  return undefined;
}

export function validateTurnRangeText(value: string): string | undefined {
  const r = parsePortRange(value);
  return r ? validateTurnRange(r.min, r.max) : validateTurnRange(undefined, undefined);
}

/** compose2nix project names become part of volume names: keep them simple. */
export function validateProject(value: string): string | undefined {
  return /^[a-z0-9][a-z0-9_-]*$/.test(value.trim()) ? undefined : 'A project name is lowercase letters, digits, - and _.';
}

export function isBackend(value: unknown): value is 'podman' | 'docker' {
  return value === 'podman' || value === 'docker';
}
