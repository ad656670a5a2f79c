/**
 * Whole processes against `nix-instantiate --parse`, as editors, git hooks and CI call them: the
 * `parse` command over corpora (the same batches of files for both tools, and one process per
 * file), the start-up on one small file, the per-byte cost of small files against large ones,
 * and the `check` of the generated 5,000-file repository against Nix parsing the same files.
 * Both tools run alternately in the same run, so a loaded machine slows both alike; CPU time
 * (user + system, from /usr/bin/time) is given next to the wall time.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseNix } from '../../server/src/syntax/nix/parser';
import { nixAvailable } from '../conformance/compare';
import { ourEnv } from './childEnv';
import { largeModules, smallModules, type ModuleCorpus } from './moduleCorpora';
import { cachedRepo } from './repoGenerator';
import { runCli } from './scaleBench';
import { median, ms, type Row } from './stats';

const REPO = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(REPO, 'bin', 'snikket-nixos.js');
const TIME = '/usr/bin/time';
const SECTION = 'Whole process';
/** Arguments per process, in characters, as xargs would batch them. */
const BATCH_CHARS = 100_000;

export interface Times {
  wallMs: number;
  /** User + system CPU time, NaN without /usr/bin/time. */
  cpuMs: number;
  /** Processes that exited with an error (a Nix batch stops at its first bad file: not comparable). */
  failed: number;
}

function nixEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home,
    NIX_STATE_DIR: path.join(home, 'state'),
    NIX_CONF_DIR: home,
    NIX_LOG_DIR: path.join(home, 'log'),
  };
}

/** Runs one process with stdout discarded; wall time, and CPU time when /usr/bin/time exists. */
function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Times {
  const useTime = fs.existsSync(TIME);
  const out = path.join(tmpdir(), `snikket-bench-time-${process.pid}.txt`);
  const t = performance.now();
  const r = useTime
    ? spawnSync(TIME, ['-f', '%U %S', '-o', out, cmd, ...args], { stdio: 'ignore', env: env ?? process.env })
    : spawnSync(cmd, args, { stdio: 'ignore', env: env ?? process.env });
  const wallMs = performance.now() - t;
  let cpuMs = NaN;
  if (useTime) {
    const m = /([\d.]+) ([\d.]+)\s*$/.exec(fs.readFileSync(out, 'utf8'));
    if (m) cpuMs = (Number(m[1]) + Number(m[2])) * 1000;
  }
  // `parse` exits 1 for a file with syntax errors: that is an answer, not a failure.
  return { wallMs, cpuMs, failed: r.status === 0 || (cmd === process.execPath && r.status === 1) ? 0 : 1 };
}

function sum(ts: Times[]): Times {
  return {
    wallMs: ts.reduce((a, t) => a + t.wallMs, 0),
    cpuMs: ts.reduce((a, t) => a + t.cpuMs, 0),
    failed: ts.reduce((a, t) => a + t.failed, 0),
  };
}

function medianTimes(ts: Times[]): Times {
  return {
    wallMs: median(ts.map((t) => t.wallMs)),
    cpuMs: median(ts.map((t) => t.cpuMs)),
    failed: Math.max(...ts.map((t) => t.failed)),
  };
}

function batches(files: string[]): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  let chars = 0;
  for (const f of files) {
    if (cur.length > 0 && chars + f.length + 1 > BATCH_CHARS) {
      out.push(cur);
      cur = [];
      chars = 0;
    }
    cur.push(f);
    chars += f.length + 1;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** `nix-instantiate --parse` of every file, in the batches xargs would make. */
export function nixParseAll(files: string[], home: string): Times {
  const env = nixEnv(home);
  return sum(batches(files).map((b) => run('nix-instantiate', ['--parse', '--store', 'dummy://', ...b], env)));
}

export function nixFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name === '.git' || e.name === 'node_modules') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.nix')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * The files of `files` that `nix-instantiate --parse` accepts, and those it rejects (a syntax error,
 * or an undefined variable: Nix resolves variables while it parses). A Nix process stops at its
 * first bad file, so a batch comparison holds only files both tools get through. Each batch is run
 * until it passes, dropping the file Nix names in its error (`at FILE:LINE:COL`); an error naming
 * no file of the batch is found by bisecting on prefixes.
 */
function acceptedByNix(files: string[], env: NodeJS.ProcessEnv): { ok: string[]; rejected: string[] } {
  const fails = (fs: string[]): { failed: boolean; stderr: string } => {
    const r = spawnSync('nix-instantiate', ['--parse', '--store', 'dummy://', ...fs], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      env,
      maxBuffer: 64 << 20,
    });
    return { failed: r.status !== 0, stderr: r.stderr ?? '' };
  };
  const ok: string[] = [];
  const rejected: string[] = [];
  for (const batch of batches(files)) {
    let rest = batch;
    for (;;) {
      const r = fails(rest);
      if (!r.failed) break;
      const named = /\bat (.+?):\d+:\d+:/.exec(r.stderr);
      let bad = named ? rest.findIndex((f) => path.resolve(f) === named[1]) : -1;
      if (bad < 0) {
        // The shortest failing prefix ends with the first bad file.
        let lo = 0;
        let hi = rest.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (fails(rest.slice(0, mid + 1)).failed) hi = mid;
          else lo = mid + 1;
        }
        bad = lo;
      }
      // Nix got through every file before the bad one.
      ok.push(...rest.slice(0, bad));
      rejected.push(rest[bad]!);
      rest = rest.slice(bad + 1);
      if (rest.length === 0) break;
    }
    if (rest.length > 0) ok.push(...rest);
  }
  return { ok, rejected };
}

interface Tools {
  ours: (files: string[]) => Times;
  nix: (files: string[]) => Times;
}

function tools(home: string): Tools {
  const env = nixEnv(home);
  const own = ourEnv();
  return {
    ours: (files) => run(process.execPath, [BIN, 'parse', '--', ...files], own),
    nix: (files) => run('nix-instantiate', ['--parse', '--store', 'dummy://', ...files], env),
  };
}

const speedup = (nix: number, ours: number): number => nix / ours;
const fmt = (t: Times): string =>
  (Number.isNaN(t.cpuMs) ? ms(t.wallMs) : `${ms(t.wallMs)} (CPU ${ms(t.cpuMs)})`) +
  (t.failed > 0 ? ` [${t.failed} process(es) failed]` : '');

/** Both tools over the same batches, alternately, `runs` times; medians of the totals. */
function batched(t: Tools, files: string[], runs: number): { ours: Times; nix: Times; processes: number } {
  const bs = batches(files);
  const ours: Times[] = [];
  const nix: Times[] = [];
  for (let r = 0; r < runs; r++) {
    nix.push(sum(bs.map((b) => t.nix(b))));
    ours.push(sum(bs.map((b) => t.ours(b))));
  }
  return { ours: medianTimes(ours), nix: medianTimes(nix), processes: bs.length };
}

/** One process per file over `count` files spread over the corpus. */
function perFile(t: Tools, files: string[], count: number): { ours: Times; nix: Times; files: number } {
  const step = Math.max(1, Math.floor(files.length / count));
  const sample = files.filter((_, i) => i % step === 0).slice(0, count);
  const ours: Times[] = [];
  const nix: Times[] = [];
  for (const f of sample) {
    nix.push(t.nix([f]));
    ours.push(t.ours([f]));
  }
  return { ours: sum(ours), nix: sum(nix), files: sample.length };
}

/**
 * The fixed cost per parse: warm in-process ms per MB of the files under 2 KB parsed one by one,
 * and of the same files parsed as one list expression (same bytes, one parse).
 */
function perByte(files: string[]): { separate: number; joined: number; count: number } | undefined {
  const small = files.map((f) => fs.readFileSync(f, 'utf8')).filter((t) => t.length < 2048);
  if (small.length < 10) return undefined;
  // A newline before `)`: a file may end in a line comment.
  const joined = `[\n${small.map((t) => `(${t}\n)`).join('\n')}\n]`;
  const bytes = small.reduce((a, t) => a + t.length, 0);
  const rate = (parse: () => void): number => {
    parse();
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      parse();
      times.push(performance.now() - t0);
    }
    return median(times) / (bytes / 1e6);
  };
  return {
    separate: rate(() => {
      for (const t of small) parseNix(t);
    }),
    joined: rate(() => parseNix(joined)),
    count: small.length,
  };
}

/** `leftOut`: files of the corpus left out because Nix rejects them (see acceptedByNix). */
function corpusRows(
  t: Tools,
  label: string,
  files: string[],
  runs: number,
  b = batched(t, files, runs),
  leftOut = 0,
): Row[] {
  const rows: Row[] = [];
  const bytes = files.reduce((a, f) => a + fs.statSync(f).size, 0);
  const rejected = leftOut > 0 ? `; ${leftOut} file(s) nix-instantiate --parse rejects left out` : '';
  const what = `${label} (${files.length} files, ${(bytes / 1e6).toFixed(1)} MB${rejected})`;
  const s = speedup(b.nix.wallMs, b.ours.wallMs);
  rows.push({
    section: SECTION,
    measure: `\`parse\` over ${what}, batched as xargs does (${b.processes} process(es) per tool, median of ${runs})`,
    value: fmt(b.ours),
    target: '≥ 3× nix',
    met: s >= 3,
    reference: `nix-instantiate --parse ${fmt(b.nix)} → ${s.toFixed(2)}× (CPU ${speedup(b.nix.cpuMs, b.ours.cpuMs).toFixed(2)}×)`,
  });
  const p = perFile(t, files, 30);
  rows.push({
    section: SECTION,
    measure: `\`parse\` over ${label}, one process per file (${p.files} files spread over the corpus, total)`,
    value: fmt(p.ours),
    reference: `nix-instantiate --parse ${fmt(p.nix)} → ${speedup(p.nix.wallMs, p.ours.wallMs).toFixed(2)}×`,
  });
  const pb = perByte(files);
  if (pb) {
    const r = pb.separate / pb.joined;
    rows.push({
      section: SECTION,
      measure: `per-byte parse time of the ${pb.count} files under 2 KB of ${label}, one parse per file over one parse of them all, in-process warm`,
      value: `${r.toFixed(2)}×`,
      target: '≤ 2×',
      met: r <= 2,
      note: `${pb.separate.toFixed(1)} vs ${pb.joined.toFixed(1)} ms/MB`,
    });
  }
  return rows;
}

/** The whole `check` of a folder (a real repository) against Nix merely parsing its files. */
function checkAgainstNix(label: string, dir: string, nix: Times, runs: number): Row {
  runCli(dir);
  const checks = Array.from({ length: runs }, () => runCli(dir));
  const c = median(checks.map((x) => x.wallMs));
  const cCpu = median(checks.map((x) => x.cpuMs));
  return {
    section: SECTION,
    measure: `\`check\` of ${label}, wall, median of ${runs}`,
    value: Number.isNaN(cCpu) ? ms(c) : `${ms(c)} (CPU ${ms(cCpu)})`,
    target: '< nix parse of all files',
    met: c < nix.wallMs && nix.failed === 0,
    reference: `nix-instantiate --parse of the files it accepts (batched, above) ${fmt(nix)} → ${(nix.wallMs / c).toFixed(2)}× (CPU ${(nix.cpuMs / cCpu).toFixed(2)}×)`,
  };
}

/**
 * What a file costs beyond its bytes, whole processes: ms per MB of `parse` over many small
 * modules against the same bytes in few large ones, each batched as xargs does. Nix's ratio in
 * the same run is the reference.
 */
function smallOverLarge(t: Tools, small: ModuleCorpus, large: ModuleCorpus, runs: number): Row[] {
  const s = batched(t, small.files, runs);
  const l = batched(t, large.files, runs);
  const perMb = (x: Times, c: ModuleCorpus): number => x.wallMs / (c.bytes / 1e6);
  const ours = perMb(s.ours, small) / perMb(l.ours, large);
  const nix = perMb(s.nix, small) / perMb(l.nix, large);
  const cpu = s.ours.cpuMs / small.bytes / (l.ours.cpuMs / large.bytes);
  return [
    ...corpusRows(t, 'generated small modules', small.files, runs, s),
    {
      section: SECTION,
      measure: `per-byte time of \`parse\`, ${small.files.length} modules of 1–3 KB over ${large.files.length} of 32–128 KB (same ${(small.bytes / 1e6).toFixed(1)} MB), whole processes batched as xargs does, median of ${runs}`,
      value: `${ours.toFixed(2)}× (CPU ${cpu.toFixed(2)}×)`,
      target: '≤ 2×',
      met: ours <= 2,
      reference: `nix-instantiate --parse ${nix.toFixed(2)}×; large modules: ours ${fmt(l.ours)}, nix ${fmt(l.nix)} → ${speedup(l.nix.wallMs, l.ours.wallMs).toFixed(2)}×`,
    },
  ];
}

export function benchProcess(dirs: string[], runs = 3): Row[] {
  if (!nixAvailable())
    return [{ section: SECTION, measure: 'whole-process parse', value: 'n/a: nix-instantiate not installed' }];
  const home = fs.mkdtempSync(path.join(tmpdir(), 'nix-bench-home-'));
  try {
    const t = tools(home);
    const rows: Row[] = [];
    // Start-up: one small file, each tool alternately.
    const tiny = path.join(home, 'tiny.nix');
    fs.writeFileSync(tiny, '{ networking.hostName = "a"; }\n');
    t.ours([tiny]);
    // Node starting and doing nothing is the floor under any command of ours.
    const starts = { ours: [] as Times[], nix: [] as Times[], node: [] as Times[] };
    for (let i = 0; i < 15; i++) {
      starts.node.push(run(process.execPath, ['-e', '0'], ourEnv()));
      starts.nix.push(t.nix([tiny]));
      starts.ours.push(t.ours([tiny]));
    }
    const so = medianTimes(starts.ours);
    const sn = medianTimes(starts.nix);
    rows.push({
      section: SECTION,
      measure: '`snikket-nixos parse` on one small file, wall (median of 15)',
      value: fmt(so),
      target: '< 100 ms',
      met: so.wallMs < 100,
      reference: `nix-instantiate --parse ${fmt(sn)} → ours takes ${(so.wallMs / sn.wallMs).toFixed(2)}× as long; \`node -e 0\` ${fmt(medianTimes(starts.node))}`,
    });

    const repo = cachedRepo();
    const repoFiles = nixFilesUnder(repo.dir);
    rows.push(...corpusRows(t, 'the generated repository', repoFiles, runs));
    rows.push(...smallOverLarge(t, smallModules(), largeModules(), runs));
    for (const d of dirs) {
      const all = nixFilesUnder(d);
      const { ok, rejected } = acceptedByNix(all, nixEnv(home));
      if (ok.length === 0) {
        rows.push({ section: SECTION, measure: `parse ${d}`, value: 'no .nix files Nix accepts' });
        continue;
      }
      const b = batched(t, ok, runs);
      rows.push(...corpusRows(t, path.basename(d), ok, runs, b, rejected.length));
      rows.push(checkAgainstNix(`${path.basename(d)} (all ${all.length} .nix files)`, d, b.nix, runs));
    }

    // The check of the repository against Nix merely parsing every file of it.
    runCli(repo.dir);
    const checks = Array.from({ length: runs }, () => runCli(repo.dir));
    const nixAll: Times[] = [];
    for (let r = 0; r < runs; r++) nixAll.push(sum(batches(repoFiles).map((b) => t.nix(b))));
    const c = median(checks.map((x) => x.wallMs));
    const cCpu = median(checks.map((x) => x.cpuMs));
    const n = medianTimes(nixAll);
    const rss = median(checks.map((x) => x.maxRssKb)) / 1024;
    rows.push({
      section: SECTION,
      measure: `\`check\` of the generated repository (${repoFiles.length} files, ${repo.deploymentHosts.length} deployments), wall, median of ${runs}`,
      value: Number.isNaN(cCpu) ? ms(c) : `${ms(c)} (CPU ${ms(cCpu)})`,
      target: '< nix parse of all files',
      met: c < n.wallMs && n.failed === 0,
      reference: `nix-instantiate --parse of all its files ${fmt(n)} → ${(n.wallMs / c).toFixed(2)}× (CPU ${(n.cpuMs / cCpu).toFixed(2)}×)`,
    });
    rows.push({
      section: SECTION,
      measure: 'peak memory (max RSS) of that check',
      value: `${rss.toFixed(0)} MB`,
      target: '< 300 MB',
      met: rss < 300,
    });
    return rows;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
