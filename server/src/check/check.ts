/** Runs every rule over every deployment found under some roots: what the CLI and the server share. */
import { Boundary } from '../confine/boundary';
import { confineFindings } from '../confine/findings';
import type { DocumentStore } from '../model/documents';
import { discover, type Deployment, type DeploymentPlan } from '../model/discovery';
import type { SkippedFile } from '../model/fileHost';
import { readFacts, type Facts } from '../model/facts';
import type { Finding, Severity } from '../model/findings';
import { RULES, RULE_CODES } from '../rules/registry';
import { guardSharedFixes, type CheckedDeployment } from './sharedFixes';
import { applySuppressions, UNUSED_CODE } from './suppressions';
import { RuleContext, type Rule } from '../rules/rule';

export interface CheckOptions {
  /** Rule codes not to run. */
  ignore?: readonly string[];
  /** Severity per rule code; 'off' does not run the rule. */
  severity?: Readonly<Record<string, Severity | 'off'>>;
  /** Keep results to reuse while their inputs do not change (the language server); default true. */
  reuse?: boolean;
  /**
   * Let each module go once no later deployment of this check reads it (a caller that keeps only
   * findings: the CLI). Its results' modules no longer read their host's definitions.
   */
  letGo?: boolean;
}

export interface DeploymentResult {
  deployment: Deployment;
  facts: Facts;
  findings: Finding[];
}

/** What a report needs of a check: the CLI keeps only this while it goes through deployments. */
export interface CheckSummary {
  deployments: { deployment: Pick<Deployment, 'root' | 'files'>; findings: Finding[] }[];
  findings: Finding[];
  skipped: SkippedFile[];
  internalErrors: { code: string; message: string }[];
}

export interface CheckResult {
  deployments: DeploymentResult[];
  /** Every finding once, even when deployments share a file. */
  findings: Finding[];
  skipped: SkippedFile[];
  /** Rules that failed on this input: a bug of ours, never the user's problem. */
  internalErrors: { code: string; message: string }[];
}

/**
 * The boundary of the last roots checked with a store, with what it said per file: resolving real
 * paths per fixed file on every keystroke was half of an edit's latency. A write asks a fresh
 * boundary again (the CLI's writer, the server's code actions), so a link planted after the check
 * is still refused.
 */
const boundaries = new WeakMap<
  DocumentStore,
  { key: string; boundary: Boundary; denials: Map<string, string | undefined> }
>();

function boundaryFor(
  store: DocumentStore,
  roots: string[],
): { boundary: Boundary; denials: Map<string, string | undefined> } {
  const key = roots.join('\0');
  let b = boundaries.get(store);
  if (!b || b.key !== key) boundaries.set(store, (b = { key, boundary: new Boundary(roots), denials: new Map() }));
  return b;
}

/** Results of the last check per deployment root, reused while nothing they read has changed. */
const previous = new WeakMap<DocumentStore, Map<string, { inputs: unknown[]; result: DeploymentResult }>>();

export function check(store: DocumentStore, roots: string[], options: CheckOptions = {}): CheckResult {
  const deployments: DeploymentResult[] = [];
  const { skipped, internalErrors } = checkEach(store, roots, options, (r) => deployments.push(r));
  return { deployments, findings: uniqueFindings(deployments.flatMap((d) => d.findings)), skipped, internalErrors };
}

/**
 * Checks one deployment at a time and hands each result to `visit`. A caller that keeps only the
 * findings (the CLI) lets each deployment's trees go before the next is parsed, so a repository
 * of many hosts never has all of them in memory.
 */
export function checkEach(
  store: DocumentStore,
  roots: string[],
  options: CheckOptions,
  visit: (r: DeploymentResult) => void,
): Pick<CheckResult, 'skipped' | 'internalErrors'> {
  const found = discover(store, roots);
  // Fixes may only edit files inside the roots (see confine/boundary.ts).
  const { boundary, denials } = boundaryFor(store, roots);
  const rules = activeRules(options);
  const internalErrors: CheckResult['internalErrors'] = [];
  let cache = previous.get(store);
  if (!cache) previous.set(store, (cache = new Map()));
  const optionsKey = JSON.stringify([options.ignore ?? [], options.severity ?? {}]);
  const checked: CheckedDeployment[] = [];
  const lastReader = options.letGo ? lastReaders(found.plans) : undefined;
  for (const [i, plan] of found.plans.entries()) {
    const deployment = plan.load();
    const files = [...deployment.nix, deployment.conf, deployment.compose, deployment.script].flatMap((doc) =>
      doc ? [doc.path] : [],
    );
    // Documents are cached by content, so the same objects mean the same text.
    const inputs = [optionsKey, ...inputsOf(deployment, store)];
    const hit = options.reuse === false ? undefined : cache.get(deployment.root);
    if (hit && sameInputs(hit.inputs, inputs)) {
      checked.push({ root: deployment.root, files, findings: hit.result.findings });
      visit(hit.result);
      continue;
    }
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
    const result = {
      deployment,
      facts,
      findings: sortFindings(confineFindings(suppress(deployment, findings, options), boundary, denials)),
    };
    if (options.reuse !== false) cache.set(deployment.root, { inputs, result });
    checked.push({ root: deployment.root, files, findings: result.findings });
    visit(result);
    if (lastReader) letGo(store, deployment, i, lastReader);
  }
  // Visitors keep the findings themselves, so what this decides reaches them too.
  guardSharedFixes(checked);
  return { skipped: found.skipped, internalErrors };
}

/** For each module, the index of the last plan that parses it. */
function lastReaders(plans: readonly DeploymentPlan[]): Map<string, number> {
  const last = new Map<string, number>();
  for (const [i, plan] of plans.entries()) for (const f of plan.modules) last.set(f, i);
  return last;
}

/**
 * After deployment i: its modules no later deployment reads leave the store, and the modules it
 * shares stop pointing at its host's definitions, which would hold every one of its trees while
 * the next deployment is parsed.
 */
function letGo(store: DocumentStore, d: Deployment, i: number, lastReader: Map<string, number>): void {
  for (const doc of d.nix) {
    doc.ev.setConfig(undefined);
    if ((lastReader.get(doc.path) ?? -1) <= i) store.release(doc.path, 'nix');
  }
}

/** Findings minus those a suppression comment covers, plus each suppression that covers nothing. */
function suppress(d: Deployment, findings: Finding[], options: CheckOptions): Finding[] {
  const texts = new Map<string, string>();
  for (const doc of [...d.nix, d.conf, d.compose, d.script]) if (doc) texts.set(doc.path, doc.text);
  const ignored = new Set(options.ignore ?? []);
  const active = (code: string) => !ignored.has(code) && options.severity?.[code] !== 'off';
  const { kept, unused } = applySuppressions(findings, texts, active, (code) => RULE_CODES.includes(code));
  if (!active(UNUSED_CODE)) return kept;
  const severity = options.severity?.[UNUSED_CODE];
  return [...kept, ...unused.map((f) => (severity && severity !== 'off' ? { ...f, severity } : f))];
}

/** What a deployment's findings depend on: its documents, and whether the files it references can be read. */
function inputsOf(d: Deployment, store: DocumentStore): unknown[] {
  return [
    ...d.nix,
    d.conf,
    d.compose,
    d.script,
    ...d.unreadable.map((u) => `${u.file}:${u.reason}`),
    ...d.references.map((r) => `${r.target}:${r.local && store.read(r.target).ok}`),
  ];
}

function sameInputs(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function activeRules(options: CheckOptions): Rule[] {
  const ignore = new Set(options.ignore ?? []);
  return RULES.filter((r) => !ignore.has(r.code) && options.severity?.[r.code] !== 'off');
}

/** Every finding once, even when deployments share a file. */
export function uniqueFindings(findings: Finding[]): Finding[] {
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

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
