/** Runs every rule over every deployment found under some roots: what the CLI and the server share. */
import type { DocumentStore } from '../model/documents';
import { discover, type Deployment } from '../model/discovery';
import type { SkippedFile } from '../model/fileHost';
import { readFacts, type Facts } from '../model/facts';
import type { Finding, Severity } from '../model/findings';
import { RULES } from '../rules/registry';
import { RuleContext, type Rule } from '../rules/rule';

export interface CheckOptions {
  /** Rule codes not to run. */
  ignore?: readonly string[];
  /** Severity per rule code; 'off' does not run the rule. */
  severity?: Readonly<Record<string, Severity | 'off'>>;
}

export interface DeploymentResult {
  deployment: Deployment;
  facts: Facts;
  findings: Finding[];
}

export interface CheckResult {
  deployments: DeploymentResult[];
  /** Every finding once, even when deployments share a file. */
  findings: Finding[];
  skipped: SkippedFile[];
  /** Rules that failed on this input: a bug of ours, never the user's problem. */
  internalErrors: { code: string; message: string }[];
}

export function check(store: DocumentStore, roots: string[], options: CheckOptions = {}): CheckResult {
  const found = discover(store, roots);
  const rules = activeRules(options);
  const internalErrors: CheckResult['internalErrors'] = [];
  const deployments = found.deployments.map((deployment) => {
    const facts = readFacts(deployment);
    const findings: Finding[] = [];
    for (const rule of rules) {
      const ctx = new RuleContext(facts, rule, store);
      try {
        rule.check(ctx);
      } catch (e) {
        internalErrors.push({ code: rule.code, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        continue;
      }
      const override = options.severity?.[rule.code];
      for (const f of ctx.findings) findings.push(override && override !== 'off' ? { ...f, severity: override } : f);
    }
    return { deployment, facts, findings: sortFindings(findings) };
  });
  return { deployments, findings: unique(deployments.flatMap((d) => d.findings)), skipped: found.skipped, internalErrors };
}

function activeRules(options: CheckOptions): Rule[] {
  const ignore = new Set(options.ignore ?? []);
  return RULES.filter((r) => !ignore.has(r.code) && options.severity?.[r.code] !== 'off');
}

function unique(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    const key = `${f.file}:${f.range.start.line}:${f.range.start.character}:${f.range.end.line}:${f.range.end.character}:${f.code}:${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return sortFindings(out);
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
