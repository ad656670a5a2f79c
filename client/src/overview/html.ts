/**
 * Renders `snikket/overview` as a self-contained HTML page: no scripts, no remote content, every
 * value escaped, styles under a nonce. No vscode import: unit-tested.
 */
import type { OverviewDeployment, OverviewPort, OverviewResult } from '../../../server/src/api/protocol';

export interface RenderOptions {
  /** Nonce for the one <style> element. */
  nonce: string;
  /** The webview's cspSource (allowed for images/fonts only). */
  cspSource: string;
  /** An href that opens a file at a 1-based line (a command: URI in the webview). */
  link: (file: string, line?: number) => string;
  /** Shortens absolute paths for display. */
  relative?: (file: string) => string;
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function contentSecurityPolicy(nonce: string, cspSource: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "script-src 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1.5em 2em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
h3 { font-size: 1.05em; margin-top: 1.2em; }
table { border-collapse: collapse; margin: .4em 0; }
th, td { text-align: left; padding: .2em .8em .2em 0; vertical-align: top; }
th { color: var(--vscode-descriptionForeground); font-weight: 600; }
code { font-family: var(--vscode-editor-font-family); }
a { color: var(--vscode-textLink-foreground); text-decoration: none; } a:hover { text-decoration: underline; }
.ok { color: var(--vscode-testing-iconPassed, #3a3); } .bad { color: var(--vscode-errorForeground, #e33); }
.warn { color: var(--vscode-editorWarning-foreground, #c90); } .muted { color: var(--vscode-descriptionForeground); }
.sev-error { color: var(--vscode-errorForeground, #e33); } .sev-warning { color: var(--vscode-editorWarning-foreground, #c90); }
.sev-information, .sev-info, .sev-hint { color: var(--vscode-editorInfo-foreground, #39f); }
`;

export function renderOverview(result: OverviewResult, opts: RenderOptions): string {
  const rel = opts.relative ?? ((p: string) => p);
  const body =
    result.deployments.length === 0
      ? '<p>No Snikket deployment was found in this workspace. Run <b>Snikket: New Snikket deployment…</b> to create one.</p>'
      : result.deployments.map((d, i) => renderDeployment(d, i, result.deployments.length, opts, rel)).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(opts.nonce, opts.cspSource))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Snikket deployment overview</title>
<style nonce="${escapeHtml(opts.nonce)}">${STYLE}</style>
</head>
<body>
<h1>Snikket deployment overview</h1>
${body}
</body>
</html>`;
}

function renderDeployment(
  d: OverviewDeployment,
  index: number,
  count: number,
  opts: RenderOptions,
  rel: (p: string) => string,
): string {
  const title = count > 1 ? `Deployment ${index + 1}: ` : 'Deployment: ';
  const domain = d.values['SNIKKET_DOMAIN'] ?? d.values['domain'];
  const parts = [
    `<h2>${escapeHtml(title)}${domain ? `<code>${escapeHtml(domain)}</code> ` : ''}<span class="muted">${escapeHtml(rel(d.root))}</span></h2>`,
    renderFindingsSummary(d),
    '<h3>Files</h3>',
    table(
      ['Role', 'File'],
      Object.entries(d.files).map(([role, file]) => [
        escapeHtml(role),
        `<a href="${escapeHtml(opts.link(file))}">${escapeHtml(rel(file))}</a>`,
      ]),
    ),
    '<h3>Values</h3>',
    Object.keys(d.values).length === 0
      ? '<p class="muted">No values found.</p>'
      : table(
          ['Name', 'Value'],
          Object.entries(d.values).map(([k, v]) => [`<code>${escapeHtml(k)}</code>`, `<code>${escapeHtml(v)}</code>`]),
        ),
    '<h3>DNS records needed</h3>',
    d.dnsRecords.length === 0
      ? '<p class="muted">None listed.</p>'
      : `<ul>${d.dnsRecords.map((r) => `<li><code>${escapeHtml(r)}</code></li>`).join('')}</ul>`,
    '<h3>Ports</h3>',
    renderPorts(d.ports),
    '<h3>Findings</h3>',
    renderFindings(d, opts, rel),
  ];
  return `<section>${parts.join('\n')}</section>`;
}

function renderFindingsSummary(d: OverviewDeployment): string {
  const by = new Map<string, number>();
  for (const f of d.findings) by.set(f.severity, (by.get(f.severity) ?? 0) + 1);
  const badPorts = d.ports.filter((p) => portState(p) !== 'ok').length;
  const items = [...by.entries()].map(
    ([s, n]) => `<span class="sev-${escapeHtml(s)}">${escapeHtml(countOf(n, s))}</span>`,
  );
  if (badPorts > 0)
    items.push(`<span class="bad">${badPorts} port ${badPorts === 1 ? 'entry' : 'entries'} not as expected</span>`);
  return `<p>${items.length === 0 ? '<span class="ok">No findings.</span>' : items.join(' · ')}</p>`;
}

const NOUNS: Record<string, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  information: ['note', 'notes'],
  info: ['note', 'notes'],
  hint: ['hint', 'hints'],
};

/** "1 error", "6 errors", "2 notes" (information findings are notes, as in the command line). */
export function countOf(n: number, severity: string): string {
  const [one, many] = NOUNS[severity] ?? [severity, severity];
  return `${n} ${n === 1 ? one : many}`;
}

export function portState(p: OverviewPort): 'ok' | 'closed-but-needed' | 'open-but-internal' {
  if (p.expected === 'open') return p.open ? 'ok' : 'closed-but-needed';
  return p.open ? 'open-but-internal' : 'ok';
}

function renderPorts(ports: readonly OverviewPort[]): string {
  if (ports.length === 0) return '<p class="muted">No ports listed.</p>';
  const rows = [...ports]
    .sort((a, b) => a.from - b.from || a.protocol.localeCompare(b.protocol))
    .map((p) => {
      const state = portState(p);
      const status =
        state === 'ok'
          ? `<span class="ok">✓ ${p.open ? 'open' : 'closed'}</span>`
          : state === 'closed-but-needed'
            ? '<span class="bad">✗ closed, must be open</span>'
            : '<span class="bad">✗ open, must stay closed</span>';
      const range = p.from === p.to ? String(p.from) : `${p.from}–${p.to}`;
      return [
        escapeHtml(p.protocol.toUpperCase()),
        `<code>${escapeHtml(range)}</code>`,
        escapeHtml(p.purpose),
        escapeHtml(p.expected),
        status,
      ];
    });
  return table(['Protocol', 'Port', 'Purpose', 'Expected', 'Firewall'], rows);
}

function renderFindings(d: OverviewDeployment, opts: RenderOptions, rel: (p: string) => string): string {
  if (d.findings.length === 0) return '<p class="ok">No findings.</p>';
  const rows = d.findings.map((f) => [
    `<span class="sev-${escapeHtml(f.severity)}">${escapeHtml(f.severity)}</span>`,
    `<code>${escapeHtml(f.code)}</code>`,
    `<a href="${escapeHtml(opts.link(f.file, f.line))}">${escapeHtml(rel(f.file))}:${escapeHtml(f.line)}</a>`,
    escapeHtml(f.message),
  ]);
  return table(['Severity', 'Rule', 'Where', 'Message'], rows);
}

/** Cells are already-escaped HTML. */
function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}
