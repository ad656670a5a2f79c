/**
 * `npm run bench [-- DIR... ] [--only parse,process,latency,scale,start,lsp,lsp-large] [--out FILE]`: measures and
 * prints ONE table. Every figure is a median of several runs, and every ratio compares two
 * figures measured in this same run (never a number remembered from another machine or day).
 * DIRs are extra Nix corpora for the parse benchmark. --out also writes the table and the
 * machine description to FILE (what BENCHMARKS.md is made from). Each section runs in a process
 * of its own: a section must not pay for the heap another one left behind (the language server
 * never parses megabytes of generated corpus before an edit).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benchLatency, copyBlog } from './latencyBench';
import { benchParse } from './parseBench';
import { benchProcess, nixFilesUnder } from './processBench';
import { largeWorkspaceRows, workspaceOnce, workspaceRows } from './lspWorkspaceBench';
import { describeMachine } from './machine';
import { benchScale } from './scaleBench';
import { serverExists, startOnce } from './lspStartBench';
import { markdownTable, mb, median, ms, ratio, type Row } from './stats';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SECTIONS = ['parse', 'process', 'latency', 'scale', 'start', 'lsp', 'lsp-large'] as const;
type Section = (typeof SECTIONS)[number];
const TITLES: Record<Section, string> = {
  parse: 'Nix parse',
  process: 'Whole process',
  lsp: 'Large workspace',
  'lsp-large': 'Large workspace',
  latency: 'Check latency',
  scale: 'Workspace scale',
  start: 'Editor start',
};

/** Given to the child process that runs one section: it prints its rows as JSON. */
const ROWS_FLAG = '--rows-json';

function parseArgs(argv: string[]): { dirs: string[]; only: Set<Section>; out?: string; rowsJson: boolean } {
  const dirs: string[] = [];
  let only = new Set<Section>(SECTIONS);
  let out: string | undefined;
  let rowsJson = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === ROWS_FLAG) rowsJson = true;
    else if (a === '--only') only = new Set(argv[++i]!.split(',') as Section[]);
    else if (a.startsWith('--only=')) only = new Set(a.slice(7).split(',') as Section[]);
    else if (a === '--out') out = argv[++i];
    else if (a.startsWith('--out=')) out = a.slice(6);
    else dirs.push(path.resolve(a));
  }
  for (const o of only) if (!SECTIONS.includes(o)) throw new Error(`unknown section ${o}: use ${SECTIONS.join(',')}`);
  return { dirs, only, rowsJson, ...(out ? { out } : {}) };
}

function log(s: string): void {
  // Progress on stderr: stdout is the table.
  process.stderr.write(`bench: ${s}\n`);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}

// ---- Nix parse throughput (test/bench/parseBench.ts) --------------------------------------------

async function parseSection(dirs: string[]): Promise<Row[]> {
  try {
    return await benchParse(dirs);
  } catch (e) {
    return [{ section: 'Nix parse', measure: 'throughput', value: `n/a: ${errorText(e)}`, target: '≥ 30 MB/s' }];
  }
}

// ---- check latency -----------------------------------------------------------------------------

function latencySection(): Row[] {
  const r = benchLatency(200, 3);
  const rows: Row[] = [];
  for (const x of r.results) {
    rows.push({
      section: 'Check latency',
      measure: `edit → findings, ${x.file}: p50`,
      value: ms(x.p50),
      reference: `${ratio(x.p50, r.coldStore)} of a cold check`,
    });
    rows.push({
      section: 'Check latency',
      measure: `edit → findings, ${x.file}: p99`,
      value: ms(x.p99),
      target: '< 5 ms',
      met: x.p99 < 5,
      reference: `${ratio(x.p99, r.coldStore)} of a cold check`,
      note: `${x.edits} one-char edits in 3 rounds after 100 warm-up edits, ${x.changedFindings} changed the findings, max ${ms(x.max)}; CPU-time p99 ${ms(x.cpuP99)}`,
    });
  }
  rows.push({
    section: 'Check latency',
    measure: 'cold check, fresh DocumentStore (reference)',
    value: ms(r.coldStore),
    note: 'examples/blog copy, median of 5',
  });
  rows.push({
    section: 'Check latency',
    measure: 'first check in a new process',
    value: ms(r.firstCheck),
    note: 'includes JIT warm-up',
  });
  return rows;
}

// ---- workspace scale ---------------------------------------------------------------------------

function scaleSection(): Row[] {
  const s = benchScale(3, 7);
  const repo = `${s.repo.nixFiles} .nix files, ${mb(s.repo.nixBytes)}, ${s.repo.deploymentHosts.length} deployments`;
  const rows: Row[] = [
    {
      section: 'Workspace scale',
      measure: 'cold `snikket-nixos check --format json` wall time',
      value: ms(s.cli.wallMs),
      target: '< 2 s',
      met: s.cli.wallMs < 2000,
      reference: `${ratio(s.cli.wallMs, s.inProcess.coldMs)} of the in-process cold check`,
      note: `${repo}; child process, median of ${s.cli.runs.length}; found ${s.cli.deployments} deployments, ${s.cli.findings} findings`,
    },
    {
      section: 'Workspace scale',
      measure: 'the same check against `nix-instantiate --parse` of all its .nix files, wall (CPU)',
      value: s.nix ? `${ms(s.cli.wallMs)} (${ms(median(s.cli.runs.map((r) => r.cpuMs)))})` : 'n/a',
      target: '< Nix',
      met: s.nix ? s.cli.wallMs < s.nix.wallMs : undefined,
      reference: s.nix
        ? `Nix ${ms(s.nix.wallMs)} (${ms(s.nix.cpuMs)}) → ${ratio(s.cli.wallMs, s.nix.wallMs)} wall, ${ratio(median(s.cli.runs.map((r) => r.cpuMs)), s.nix.cpuMs)} CPU`
        : 'nix-instantiate not installed',
      note: `each Nix run right after a check run, median of ${s.cli.runs.length}`,
    },
    {
      section: 'Workspace scale',
      measure: 'peak memory (max RSS) of that run',
      value: `${(s.cli.maxRssKb / 1024).toFixed(0)} MB`,
      target: '< 300 MB',
      met: s.cli.maxRssKb / 1024 < 300,
      reference: `${ratio(s.cli.maxRssKb * 1024, s.repo.nixBytes)} the size of the .nix files`,
      note: s.cli.memoryTool,
    },
    {
      section: 'Workspace scale',
      measure: 'cold in-process check, fresh DocumentStore (reference)',
      value: ms(s.inProcess.coldMs),
      note: 'median of 3',
    },
    {
      section: 'Workspace scale',
      measure: 're-check, nothing changed',
      value: ms(s.inProcess.unchangedMs),
      reference: `${ratio(s.inProcess.unchangedMs, s.inProcess.coldMs)} of cold`,
    },
  ];
  for (const e of s.inProcess.edits) {
    rows.push({
      section: 'Workspace scale',
      measure: `re-check after one file changes: ${e.label}`,
      value: ms(e.ms),
      target: '< 20 ms',
      met: e.ms < 20,
      reference: `${ratio(e.ms, s.inProcess.coldMs)} of cold`,
      note: 'overlay edit, median of 7',
    });
  }
  log(`repository: ${s.repo.dir} (${s.generateMs > 1000 ? 'generated' : 'cached'} in ${ms(s.generateMs)})`);
  return rows;
}

// ---- editor start ------------------------------------------------------------------------------

async function startSection(): Promise<Row[]> {
  const rows: Row[] = [];
  if (!serverExists()) {
    rows.push({
      section: 'Editor start',
      measure: 'server start → first diagnostics',
      value: 'n/a: out/server/src/lsp/serverMain.js not built',
    });
  } else {
    const ws = copyBlog();
    try {
      const runs = [];
      for (let i = 0; i < 5; i++) runs.push(await startOnce(ws));
      rows.push({
        section: 'Editor start',
        measure: 'server start → initialize result',
        value: ms(median(runs.map((r) => r.initializeMs))),
        note: 'examples/blog copy, median of 5',
      });
      rows.push({
        section: 'Editor start',
        measure: 'server start → first publishDiagnostics',
        value: ms(median(runs.map((r) => r.firstDiagnosticsMs))),
        note: 'includes the 150 ms debounce of Session',
      });
    } catch (e) {
      rows.push({
        section: 'Editor start',
        measure: 'server start → first diagnostics',
        value: `n/a: ${errorText(e)}`,
      });
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  }
  const vsix = [...listVsix(path.join(REPO, 'dist')), ...listVsix(REPO)];
  if (vsix.length === 0)
    rows.push({
      section: 'Editor start',
      measure: 'packaged .vsix size',
      value: 'n/a: run npm run package',
      target: '< 1 MB',
    });
  for (const f of vsix) {
    const size = fs.statSync(f).size;
    rows.push({
      section: 'Editor start',
      measure: `packaged ${path.relative(REPO, f)}`,
      value: mb(size),
      target: '< 1 MB',
      met: size < 1024 * 1024,
    });
  }
  for (const b of ['dist/extension.js', 'dist/server.js']) {
    const f = path.join(REPO, b);
    if (fs.existsSync(f))
      rows.push({
        section: 'Editor start',
        measure: `bundle ${b} (uncompressed, for reference)`,
        value: mb(fs.statSync(f).size),
      });
  }
  // VS Code cannot run inside the bench: the e2e run records what the extension measured itself.
  const timings = path.join(REPO, 'out', 'e2e-timings.json');
  if (fs.existsSync(timings)) {
    const t = JSON.parse(fs.readFileSync(timings, 'utf8')) as {
      activationMs: number;
      serverStartMs: number;
      at: string;
    };
    rows.push({
      section: 'Editor start',
      measure: `extension activation (activate() in code-server, last e2e run ${t.at})`,
      value: ms(t.activationMs),
    });
    rows.push({
      section: 'Editor start',
      measure: 'activation → language server running (same e2e run)',
      value: ms(t.serverStartMs),
    });
  } else {
    rows.push({
      section: 'Editor start',
      measure: 'extension activation',
      value: 'n/a: run npm run test:e2e first (it records out/e2e-timings.json)',
    });
  }
  return rows;
}

// ---- the language server on a large workspace (the DIRs given) ---------------------------------

async function lspSection(dirs: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  const S = 'Large workspace';
  if (dirs.length === 0)
    return [
      {
        section: S,
        measure: 'language server on a large workspace',
        value: 'n/a: give a corpus: npm run bench -- DIR',
      },
    ];
  for (const d of dirs) {
    const files = nixFilesUnder(d);
    const file = files[Math.floor(files.length / 2)];
    if (!file) continue;
    try {
      const r = await workspaceOnce(d, file);
      rows.push(...workspaceRows(S, `${path.basename(d)} (${files.length} .nix files), one file opened`, r, false));
    } catch (e) {
      rows.push({ section: S, measure: `language server on ${d}`, value: `n/a: ${errorText(e)}` });
    }
  }
  return rows;
}

function listVsix(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.vsix'))
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

async function runSection(section: Section, dirs: string[]): Promise<Row[]> {
  switch (section) {
    case 'parse':
      log('Nix parse throughput');
      return parseSection(dirs);
    case 'process':
      log('whole processes against nix-instantiate --parse');
      try {
        return benchProcess(dirs);
      } catch (e) {
        return [{ section: 'Whole process', measure: 'all', value: `n/a: ${errorText(e)}` }];
      }
    case 'latency':
      log('check latency (examples/blog copy)');
      return latencySection();
    case 'scale':
      log('workspace scale (generating or reusing the repository)');
      return scaleSection();
    case 'start':
      log('editor start');
      return startSection();
    case 'lsp':
      log('language server on a large workspace (60 s idle per DIR)');
      return lspSection(dirs);
    case 'lsp-large':
      log('language server on the generated 40,000-file workspace (60 s idle)');
      return largeWorkspaceRows();
  }
}

/** Runs one section in a fresh node process and reads its rows back. */
function runSectionApart(section: Section, dirs: string[]): Row[] {
  const child = spawnSync(process.execPath, [__filename, '--only', section, ROWS_FLAG, ...dirs], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0)
    return [
      {
        section: TITLES[section],
        measure: 'all',
        value: `n/a: the section's process failed (${child.error?.message ?? `exit ${child.status}`})`,
      },
    ];
  return JSON.parse(child.stdout) as Row[];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sections = SECTIONS.filter((s) => args.only.has(s));
  if (args.rowsJson) {
    const rows: Row[] = [];
    for (const s of sections) rows.push(...(await runSection(s, args.dirs)));
    process.stdout.write(JSON.stringify(rows));
    return;
  }
  const rows = sections.flatMap((s) => runSectionApart(s, args.dirs));
  const table = markdownTable(rows);
  const machine = describeMachine();
  process.stdout.write(`${table}\n\nMachine:\n${machine}\n`);
  if (args.out) fs.writeFileSync(args.out, `${table}\n\n\`\`\`\n${machine}\n\`\`\`\n`);
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
