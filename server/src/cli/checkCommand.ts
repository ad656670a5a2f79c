/** `snikket-nixos check`: report (and with --fix, repair) every deployment under some paths. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { checkEach, uniqueFindings, type CheckSummary } from '../check/check';
import { DocumentStore } from '../model/documents';
import { DEFAULT_BUDGET, NodeFileHost } from '../model/fileHost';
import { Boundary } from '../confine/boundary';
import { applyTextEdits, compatiblePreferredFixes, conflictingFixes, editsByFile } from '../fixes/applyEdits';
import { writeFilesAtomic, type FileChange } from '../fixes/writeAtomic';
import { RULE_CODES } from '../rules/registry';
import { escapeControls } from '../confine/findings';
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
      options: {
        format: { type: 'string', default: 'text' },
        fix: { type: 'boolean', default: false },
        ignore: { type: 'string', multiple: true },
        'max-files': { type: 'string' },
        'max-bytes': { type: 'string' },
        diff: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    io.stderr(`snikket-nixos check: ${(e as Error).message}\n`);
    return 2;
  }
  const budget = { ...DEFAULT_BUDGET };
  for (const [flag, field] of [
    ['max-files', 'maxEntries'],
    ['max-bytes', 'maxBytes'],
  ] as const) {
    const v = args.values[flag];
    if (v === undefined) continue;
    if (!/^[1-9][0-9]*$/.test(v)) {
      io.stderr(`snikket-nixos check: --${flag} takes a positive whole number, got '${v}'\n`);
      return 2;
    }
    budget[field] = Number(v);
  }
  const format = args.values.format!;
  if (!['text', 'json', 'sarif'].includes(format)) {
    io.stderr(`snikket-nixos check: unknown format '${format}' (text, json or sarif)\n`);
    return 2;
  }
  const ignore = (args.values.ignore ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = ignore.find((c) => !RULE_CODES.includes(c));
  if (unknown) {
    io.stderr(`snikket-nixos check: unknown rule code '${unknown}'\n`);
    return 2;
  }
  const dryRun = args.values['dry-run']!;
  if ((dryRun || args.values.diff) && !args.values.fix) {
    io.stderr(`snikket-nixos check: --${dryRun ? 'dry-run' : 'diff'} goes with --fix\n`);
    return 2;
  }
  const roots = (args.positionals.length > 0 ? args.positionals : ['.']).map((p) => path.resolve(io.cwd, p));
  for (const r of roots) {
    if (!fs.existsSync(r)) {
      io.stderr(`snikket-nixos check: ${path.relative(io.cwd, r) || r}: no such file or folder\n`);
      return 2;
    }
    const st = fs.statSync(r);
    if (!st.isFile() && !st.isDirectory()) {
      io.stderr(`snikket-nixos check: ${path.relative(io.cwd, r) || r}: neither a file nor a folder\n`);
      return 2;
    }
  }

  // Parsed modules are dropped least recently used first: shared modules stay, each host's go.
  const store = new DocumentStore(new NodeFileHost(budget), { maxDocumentBytes: 4 * 1024 * 1024 });
  const run = (): CheckSummary => summarize(store, roots, ignore);
  let result = run();
  const changes = new FixLog();
  const notFixed: { file: string; reason: string }[] = [];
  if (args.values.fix) {
    const boundary = new Boundary(roots);
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      let changed: string[];
      try {
        changed = applyPreferredFixes(result, store, boundary, notFixed, changes, dryRun);
      } catch (e) {
        // All temp files are written before any rename: a failure here has changed nothing.
        io.stderr(`snikket-nixos check: ${(e as Error).message}\n`);
        return 2;
      }
      if (changed.length === 0) break;
      result = run();
    }
  }
  const rel0 = (p: string) => path.relative(io.cwd, p) || '.';
  for (const n of notFixed) io.stderr(`snikket-nixos check: not fixed ${rel0(n.file)}: ${n.reason}\n`);
  for (const e of result.internalErrors) io.stderr(`snikket-nixos: internal error in rule ${e.code}: ${e.message}\n`);
  const rel = (p: string) => path.relative(io.cwd, p) || '.';
  const shown = (p: string) => escapeControls(rel(p));
  if (format === 'json') io.stdout(formatJson(result, rel) + '\n');
  else if (format === 'sarif') io.stdout(formatSarif(result, rel) + '\n');
  else io.stdout(changes.describe(shown, dryRun) + formatText(result, rel, io.color));
  // A diff on stdout would break JSON and SARIF: there it goes to stderr.
  if (args.values.diff) (format === 'text' ? io.stdout : io.stderr)(changes.diff(shown));
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** Checks deployment by deployment, keeping only what the report needs. */
function summarize(store: DocumentStore, roots: string[], ignore: string[]): CheckSummary {
  const deployments: CheckSummary['deployments'] = [];
  const { skipped, internalErrors } = checkEach(store, roots, { ignore, reuse: false, letGo: true }, (r) => {
    deployments.push({ deployment: { root: r.deployment.root, files: r.deployment.files }, findings: r.findings });
  });
  return { deployments, findings: uniqueFindings(deployments.flatMap((d) => d.findings)), skipped, internalErrors };
}

/**
 * Writes every compatible preferred fix the boundary allows (with dryRun, only into the store);
 * returns the files changed.
 */
function applyPreferredFixes(
  result: CheckSummary,
  store: DocumentStore,
  boundary: Boundary,
  notFixed: { file: string; reason: string }[],
  log: FixLog,
  dryRun: boolean,
): string[] {
  const say = (file: string, reason: string) => {
    if (!notFixed.some((n) => n.file === file && n.reason === reason)) notFixed.push({ file, reason });
  };
  for (const c of conflictingFixes(result.findings)) say(c.file, c.reason);
  const changes: FileChange[] = [];
  const fixes = compatiblePreferredFixes(result.findings);
  for (const [file, edits] of editsByFile(fixes)) {
    const current = store.read(file);
    // A file refused once (changed under us, read-only) stays untouched for the rest of the run.
    if (!current.ok || notFixed.some((n) => n.file === file)) continue;
    const next = applyTextEdits(current.text, edits);
    if (next === current.text) continue;
    changes.push({ file, before: current.text, after: next });
  }
  if (dryRun) {
    for (const c of changes) {
      const denial = boundary.editDenial(c.file);
      if (denial) {
        say(c.file, denial);
        continue;
      }
      log.record(c.file, c.before, c.after, titlesFor(fixes, c.file));
      store.setOverlay(c.file, c.after);
    }
    return changes.filter((c) => !notFixed.some((n) => n.file === c.file)).map((c) => c.file);
  }
  const out = writeFilesAtomic(changes, boundary);
  for (const r of out.refused) say(r.file, r.reason);
  for (const f of [...out.written, ...out.refused.map((r) => r.file)]) store.invalidate(f);
  for (const c of changes)
    if (out.written.includes(c.file)) log.record(c.file, c.before, c.after, titlesFor(fixes, c.file));
  return out.written;
}

function titlesFor(fixes: ReturnType<typeof compatiblePreferredFixes>, file: string): string[] {
  return fixes.filter((f) => f.edits.some((e) => e.file === file)).map((f) => f.title);
}
