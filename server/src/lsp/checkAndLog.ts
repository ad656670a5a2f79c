/**
 * One check as the server runs it: a failure of ours becomes an empty result and an error in the
 * log (never a stale one shown), each rule's internal error is logged once per session, and every
 * check leaves one line saying what it found.
 */
import type { Connection } from 'vscode-languageserver';
import { check, type CheckOptions, type CheckResult } from '../check/check';
import type { DocumentStore } from '../model/documents';
import { errorMessage } from './convert';

export const EMPTY_RESULT: CheckResult = { deployments: [], findings: [], skipped: [], internalErrors: [] };

export interface LoggedCheck {
  result: CheckResult;
  /** The check's own failure (a bug), when it threw. */
  failure?: string;
}

export function checkAndLog(
  connection: Connection,
  store: DocumentStore,
  roots: string[],
  options: CheckOptions,
  reported: Set<string>,
): LoggedCheck {
  const started = Date.now();
  let result: CheckResult;
  try {
    result = check(store, roots, options);
  } catch (e) {
    const failure = errorMessage(e);
    connection.console.error(`The check failed: ${failure}`);
    return { result: EMPTY_RESULT, failure };
  }
  for (const ie of result.internalErrors) {
    const key = `${ie.code}\0${ie.message}`;
    if (reported.has(key)) continue;
    reported.add(key);
    connection.console.error(`Rule ${ie.code} failed (an internal error, please report it): ${ie.message}`);
  }
  connection.console.log(
    `Checked ${result.deployments.length} deployment(s) in ${Date.now() - started} ms: ${result.findings.length} finding(s). Roots: ${roots.join(', ')}; deployments: ${result.deployments.map((d) => d.deployment.root).join(', ')}`,
  );
  return { result };
}
