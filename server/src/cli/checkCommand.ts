/** `snikket-nixos check`: report (and with --fix, repair) every deployment under some paths. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { checkEach, uniqueFindings, type CheckSummary } from '../check/check';
import { DocumentStore } from '../model/documents';
import { NodeFileHost } from '../model/fileHost';
import { applyTextEdits, compatiblePreferredFixes, editsByFile } from '../fixes/applyEdits';
import { writeFileAtomic } from '../fixes/writeAtomic';
import { RULE_CODES } from '../rules/registry';
import { FixLog } from './fixLog';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import type { Io } from './io';

const MAX_FIX_PASSES = 5;

export async function checkCommand(argv: string[], io: Io): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { format: { type: 'string', default: 'text' }, fix: { type: 'boolean', default: false }, ignore: { type: 'string', multiple: true }, diff: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false } },
    });
  } catch (e) {
    io.stderr(`snikket-nixos check: ${(e as Error).message}\n`);
    return 2;
  }
  const format = args.values.format!;
  if (!['text', 'json', 'sarif'].includes(format)) {
    io.stderr(`snikket-nixos check: unknown format '${format}' (text, json or sarif)\n`);
    return 2;
  }
  const dryRun = args.values['dry-run']!;
  if ((dryRun || args.values.diff) && !args.values.fix) {
    io.stderr(`snikket-nixos check: --${dryRun ? 'dry-run' : 'diff'} goes with --fix\n`);
    return 2;
  }
  const ignore = (args.values.ignore ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const unknown = ignore.find((c) => !RULE_CODES.includes(c));
  if (unknown) {
    io.stderr(`snikket-nixos check: unknown rule code '${unknown}'\n`);
    return 2;
  }
  const roots = (args.positionals.length > 0 ? args.positionals : ['.']).map((p) => path.resolve(io.cwd, p));
  for (const r of roots) {
    if (!fs.existsSync(r)) {
      io.stderr(`snikket-nixos check: ${path.relative(io.cwd, r) || r}: no such file or folder\n`);
      return 2;
    }
  }

  // Parsed modules are dropped least recently used first: shared modules stay, each host's go.
  const store = new DocumentStore(new NodeFileHost(), { maxDocumentBytes: 4 * 1024 * 1024 });
  const run = (): CheckSummary => summarize(store, roots, ignore);
  let result = run();
  const changes = new FixLog();
  if (args.values.fix) {
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      let changed: string[];
      try {
        changed = applyPreferredFixes(result, store, changes, dryRun);
      } catch (e) {
        // Each file is replaced atomically: the one that failed is intact, earlier ones are fixed.
        io.stderr(`snikket-nixos check: ${(e as Error).message}\n`);
        return 2;
      }
      if (changed.length === 0) break;
      result = run();
    }
  }
  for (const e of result.internalErrors) io.stderr(`snikket-nixos: internal error in rule ${e.code}: ${e.message}\n`);
  const rel = (p: string) => path.relative(io.cwd, p) || '.';
  if (format === 'json') io.stdout(formatJson(result, rel) + '\n');
  else if (format === 'sarif') io.stdout(formatSarif(result, rel) + '\n');
  else io.stdout(changes.describe(rel, dryRun) + formatText(result, rel, io.color));
  // A diff on stdout would break JSON and SARIF: there it goes to stderr.
  if (args.values.diff) (format === 'text' ? io.stdout : io.stderr)(changes.diff(rel));
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** Checks deployment by deployment, keeping only what the report needs. */
function summarize(store: DocumentStore, roots: string[], ignore: string[]): CheckSummary {
  const deployments: CheckSummary['deployments'] = [];
  const { skipped, internalErrors } = checkEach(store, roots, { ignore, reuse: false }, (r) => {
    deployments.push({ deployment: { root: r.deployment.root, files: r.deployment.files }, findings: r.findings });
  });
  return { deployments, findings: uniqueFindings(deployments.flatMap((d) => d.findings)), skipped, internalErrors };
}

/** Writes every compatible preferred fix (with dryRun, only into the store); returns the files changed. */
function applyPreferredFixes(result: CheckSummary, store: DocumentStore, log: FixLog, dryRun: boolean): string[] {
  const written: string[] = [];
  const fixes = compatiblePreferredFixes(result.findings);
  for (const [file, edits] of editsByFile(fixes)) {
    const current = store.read(file);
    if (!current.ok) continue;
    const next = applyTextEdits(current.text, edits);
    if (next === current.text) continue;
    log.record(file, current.text, next, fixes.filter((f) => f.edits.some((e) => e.file === file)).map((f) => f.title));
    if (dryRun) {
      store.setOverlay(file, next);
      written.push(file);
      continue;
    }
    try {
      writeFileAtomic(file, next);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new Error(`cannot write ${file}: ${err.code === 'ENOSPC' ? 'no space left on the device' : err.message}`);
    }
    store.invalidate(file);
    written.push(file);
  }
  return written;
}
