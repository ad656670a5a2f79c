/** The CLI's JSON output: a stable interface for scripts, paths relative to the current folder. */
import type { CheckSummary } from '../../check/check';

export function formatJson(result: CheckSummary, rel: (p: string) => string): string {
  return JSON.stringify(
    {
      deployments: result.deployments.map((d) => ({
        root: rel(d.deployment.root),
        files: Object.fromEntries(Object.entries(d.deployment.files).map(([role, p]) => [role, rel(p!)])),
      })),
      diagnostics: result.findings.map((f) => ({
        file: rel(f.file),
        range: f.range,
        severity: f.severity,
        code: f.code,
        message: f.message,
        related: f.related.map((r) => ({ file: rel(r.file), range: r.range, message: r.message })),
        fixes: f.fixes.map((x) => ({
          title: x.title,
          isPreferred: x.isPreferred,
          edits: x.edits.map((e) => ({ file: rel(e.file), range: e.range, newText: e.newText })),
          ...(x.command ? { command: { id: x.command.id, file: rel(x.command.file) } } : {}),
        })),
      })),
      skipped: result.skipped.map((s) => ({ file: rel(s.file), reason: s.reason })),
    },
    null,
    2,
  );
}
