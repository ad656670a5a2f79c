/**
 * Nix parse benchmark: MB/s of parseNix on a generated corpus of NixOS-module-shaped files (and
 * on extra directories), compared in the same run with `nix-instantiate --parse` on the same
 * files, plus the time of a full re-parse of an 800 KB file and of a 10 MB file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNix } from '../../server/src/syntax/nix/parser';
import { nixAvailable } from '../conformance/compare';
import { generateNixCorpus, generateNixModule } from './corpus';
import { median, type Row } from './stats';

export type { Row };

const SECTION = 'Nix parse';

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Median ms of parsing all texts, over `runs` runs after one warm-up. */
function timeParse(texts: string[], runs: number): number {
  for (const t of texts) parseNix(t);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = now();
    for (const t of texts) parseNix(t);
    times.push(now() - t0);
  }
  return median(times);
}

function runNix(files: string[], home: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn('nix-instantiate', ['--parse', '--store', 'dummy://', ...files], {
      env: {
        ...process.env,
        HOME: home,
        NIX_STATE_DIR: join(home, 'state'),
        NIX_CONF_DIR: home,
        NIX_LOG_DIR: join(home, 'log'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(now() - t0) : reject(new Error(`nix-instantiate exit ${code}: ${err.split('\n')[0]}`)),
    );
  });
}

/** Median ms for nix-instantiate to parse the files (batched), and its start-up cost per process. */
async function timeNix(
  files: string[],
  dir: string,
  runs: number,
): Promise<{ total: number; startup: number; processes: number }> {
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += 200) batches.push(files.slice(i, i + 200));
  const tiny = join(dir, 'tiny.nix.txt');
  writeFileSync(tiny, '1\n');
  const startups: number[] = [];
  for (let r = 0; r < runs; r++) startups.push(await runNix([tiny], dir));
  const totals: number[] = [];
  for (let r = 0; r < runs; r++) {
    let t = 0;
    for (const b of batches) t += await runNix(b, dir);
    totals.push(t);
  }
  return { total: median(totals), startup: median(startups), processes: batches.length };
}

function collect(path: string, out: string[]): void {
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const e of readdirSync(path).sort()) if (e !== 'node_modules' && e !== '.git') collect(join(path, e), out);
  } else if (path.endsWith('.nix')) out.push(path);
}

const mbps = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);

export async function benchParse(extraDirs: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  const RUNS = 7;
  const texts = generateNixCorpus(6_000_000, 20240601);
  const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
  const ours = timeParse(texts, RUNS);
  const oursRate = mbps(bytes, ours);

  let reference: string | undefined;
  let note: string | undefined;
  let nixRate: number | undefined;
  if (nixAvailable()) {
    const dir = mkdtempSync(join(tmpdir(), 'nix-bench-'));
    try {
      const files = texts.map((t, i) => {
        const p = join(dir, `m${i}.nix`);
        writeFileSync(p, t);
        return p;
      });
      const nix = await timeNix(files, dir, 5);
      const parseOnly = Math.max(1, nix.total - nix.startup * nix.processes);
      nixRate = mbps(bytes, parseOnly);
      reference = `nix-instantiate --parse ${nixRate.toFixed(1)} MB/s (start-up excluded; ${mbps(bytes, nix.total).toFixed(1)} MB/s with it) → ${(oursRate / nixRate).toFixed(2)}×`;
      note = `nix: ${nix.processes} process(es) over ${files.length} files, median of 5; it also prints the parsed expression`;
    } catch (e) {
      reference = `nix-instantiate failed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else reference = 'nix-instantiate not installed';
  rows.push({
    section: SECTION,
    measure: `parseNix throughput (${texts.length} generated modules, ${(bytes / 1e6).toFixed(1)} MB, median of ${RUNS})`,
    value: `${oursRate.toFixed(1)} MB/s`,
    target: '≥ 30 MB/s',
    met: oursRate >= 30,
    reference,
    ...(note ? { note } : {}),
  });
  if (nixRate !== undefined) {
    rows.push({
      section: SECTION,
      measure: 'parseNix vs nix-instantiate --parse (same files, same run)',
      value: `${(oursRate / nixRate).toFixed(2)}×`,
      target: '≥ 3×',
      met: oursRate / nixRate >= 3,
    });
  }

  // Full re-parse of one 800 KB file (what the language server does on a change).
  let random = 7;
  const rnd = (): number => {
    random = (random * 1103515245 + 12345) % 2147483648;
    return random / 2147483648;
  };
  const big = generateNixModule(rnd, 800_000);
  const reparse: number[] = [];
  parseNix(big);
  for (let r = 0; r < 9; r++) {
    const t0 = now();
    parseNix(big);
    reparse.push(now() - t0);
  }
  const re = median(reparse);
  rows.push({
    section: SECTION,
    measure: `full re-parse of an ${(big.length / 1000).toFixed(0)} KB file (median of 9)`,
    value: `${re.toFixed(1)} ms`,
    target: '< 30 ms',
    met: re < 30,
    note: `fastest of 9: ${Math.min(...reparse).toFixed(1)} ms (the median includes collecting the previous tree)`,
  });

  // One 10 MB file (everything in it survives until the parse ends).
  const huge = `[\n${generateNixCorpus(10_300_000, 42)
    .map((f) => `(${f.replace(/^# .*\n/, '')})`)
    .join('\n')}\n]`;
  const hugeTimes: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = now();
    parseNix(huge);
    hugeTimes.push(now() - t0);
  }
  const h = median(hugeTimes);
  rows.push({
    section: SECTION,
    measure: `one ${(huge.length / 1e6).toFixed(1)} MB file (median of 3)`,
    value: `${h.toFixed(0)} ms (${mbps(huge.length, h).toFixed(1)} MB/s)`,
    target: '< 1000 ms',
    met: h < 1000,
  });

  for (const d of extraDirs) {
    const files: string[] = [];
    collect(d, files);
    const ts = files.map((f) => readFileSync(f, 'utf8'));
    const b = ts.reduce((a, t) => a + Buffer.byteLength(t), 0);
    if (ts.length === 0) {
      rows.push({ section: SECTION, measure: `parseNix on ${d}`, value: 'no .nix files' });
      continue;
    }
    const ms = timeParse(ts, RUNS);
    rows.push({
      section: SECTION,
      measure: `parseNix on ${d} (${ts.length} files, ${(b / 1e6).toFixed(2)} MB)`,
      value: `${mbps(b, ms).toFixed(1)} MB/s`,
      target: '≥ 30 MB/s',
      met: mbps(b, ms) >= 30,
    });
  }
  return rows;
}
