/** Human output: `file:line:col severity code message`, grouped per deployment. */
import type { CheckSummary } from '../../check/check';
import { escapeControls, safeText } from '../../confine/findings';
import type { Severity } from '../../model/findings';

const COLORS: Record<Severity, string> = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  information: '\x1b[36m',
  hint: '\x1b[2m',
};
const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';

export function formatText(
  result: CheckSummary,
  relPath: (p: string) => string,
  color: boolean,
  fixed: string[] = [],
): string {
  // File names come from the repository too: escaped like messages, so no name can forge a line.
  const rel = (p: string) => escapeControls(relPath(p));
  const paint = (s: string, c: string) => (color ? `${c}${s}${RESET}` : s);
  const lines: string[] = [];
  for (const f of fixed) lines.push(`fixed ${rel(f)}`);
  const printed = new Set<string>();
  for (const d of result.deployments) {
    const roles = Object.entries(d.deployment.files)
      .map(([role, p]) => `${role}=${rel(p!)}`)
      .join(' ');
    lines.push(paint(`deployment ${rel(d.deployment.root)}`, BOLD) + (roles ? ` (${roles})` : ''));
    for (const f of d.findings) {
      const key = `${f.file}:${f.range.start.line}:${f.range.start.character}:${f.code}:${f.message}`;
      // A file shared by two deployments is reported under the first.
      if (printed.has(key)) continue;
      printed.add(key);
      lines.push(
        `${rel(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${paint(f.severity, COLORS[f.severity])} ${f.code} ${safeText(f.message)}`,
      );
    }
  }
  for (const s of result.skipped) lines.push(`skipped ${rel(s.file)}: ${safeText(s.reason)}`);
  const count = (s: Severity) => result.findings.filter((f) => f.severity === s).length;
  if (result.deployments.length === 0) lines.push('no Snikket deployment found');
  lines.push(
    `${result.deployments.length} deployment(s), ${count('error')} error(s), ${count('warning')} warning(s), ${count('information') + count('hint')} note(s)`,
  );
  return lines.join('\n') + '\n';
}
