/**
 * Findings leave the checker through the boundary: a fix that would edit a file the boundary
 * does not allow is dropped (the finding says why), and messages are made safe to print (no
 * control characters, no value longer than a line of a report).
 */
import type { Finding, Fix } from '../model/findings';
import type { Boundary } from './boundary';

/** A value longer than this is cut: no port, domain or path a rule needs is anywhere near it. */
const MAX_VALUE_CHARS = 120;
const MAX_MESSAGE_CHARS = 1000;

/** The findings with every fix the boundary refuses removed; a finding that lost its fixes says why. */
export function confineFindings(
  findings: readonly Finding[],
  boundary: Boundary,
  denial = new Map<string, string | undefined>(),
): Finding[] {
  const deny = (file: string): string | undefined => {
    if (!denial.has(file)) denial.set(file, boundary.editDenial(file));
    return denial.get(file);
  };
  return findings.map((f) => {
    const safe = {
      ...f,
      message: safeText(f.message),
      related: f.related.map((r) => ({ ...r, message: safeText(r.message) })),
    };
    if (f.fixes.every((x) => x.edits.length === 0)) return safe;
    const kept: Fix[] = [];
    const reasons: string[] = [];
    for (const fix of f.fixes) {
      const why = fix.edits.map((e) => deny(e.file) ?? unsafeText(e.file, e.newText)).find((r) => r !== undefined);
      if (why === undefined) kept.push(fix);
      else if (!reasons.includes(why)) reasons.push(why);
    }
    if (reasons.length === 0) return safe;
    return { ...safe, fixes: kept, message: safeText(`${f.message} (not fixed: ${reasons.join('; ')})`) };
  });
}

/**
 * Why a fix's text may not go into this file as it is. A shell script runs as root from the
 * timer: text spliced into it may hold plain words (a domain, a path, a flag), references to the
 * script's own variables (`"$SOURCE/."`), balanced double quotes and a line break at its end, never anything else a shell
 * expands or runs (`$(...)`, backquotes, `;`, `|`, globs); a value from the repository yields no fix.
 */
function unsafeText(file: string, newText: string): string | undefined {
  if (!file.endsWith('.sh')) return undefined;
  // A fix may add whole lines: one line, indented, ending in a newline.
  const words = newText.replace(/\n$/, '').replace(/\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})/g, '');
  if (/^[A-Za-z0-9_@%+=:,./\t "-]*$/.test(words) && (words.split('"').length - 1) % 2 === 0) return undefined;
  return `the new text for ${file} holds characters a shell would interpret`;
}

const LONG_RUN = new RegExp(`\\S{${MAX_VALUE_CHARS + 1},}`, 'g');

/**
 * Text from the repository made safe for a terminal, a log or a CI report: control characters
 * are shown escaped (a value cannot move the cursor or forge a summary line), and runs of
 * characters without a space are cut to MAX_VALUE_CHARS.
 */
export function safeText(s: string): string {
  // The same messages come back on every check of an unchanged deployment.
  let out = safeTexts.get(s);
  if (out === undefined) {
    if (safeTexts.size >= 10_000) safeTexts.clear();
    safeTexts.set(s, (out = makeSafe(s)));
  }
  return out;
}

const safeTexts = new Map<string, string>();

function makeSafe(s: string): string {
  let out = escapeControls(s);
  // Every finding passes here on every check: most messages are too short to hold a long run.
  if (out.length > MAX_VALUE_CHARS)
    out = out.replace(LONG_RUN, (run) => `${run.slice(0, MAX_VALUE_CHARS)}… (${run.length} characters)`);
  return out.length > MAX_MESSAGE_CHARS ? `${out.slice(0, MAX_MESSAGE_CHARS)}…` : out;
}

/** Control characters (and bidirectional overrides) shown as escapes. */
export function escapeControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, escapeChar);
}

function escapeChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
