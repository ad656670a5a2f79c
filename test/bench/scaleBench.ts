/**
 * Workspace scale: the generated 5,000-file NixOS repository. The CLI is timed as a child
 * process, as CI runs it (a cold process, the files in the page cache); the re-check after one
 * file changes is timed in-process, as the language server does it, against a cold in-process
 * check (fresh DocumentStore) of the same repository in the same run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from '../../server/src/check/check';
import { DocumentStore } from '../../server/src/model/documents';
import { NodeFileHost } from '../../server/src/model/fileHost';
import { ourEnv } from './childEnv';
import { cachedRepo, type RepoInfo } from './repoGenerator';
import { nixAvailable } from '../conformance/compare';
import { nixFilesUnder, nixParseAll, type Times } from './processBench';
import { median } from './stats';

const REPO = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(REPO, 'bin', 'snikket-nixos.js');
const TIME = '/usr/bin/time';

export interface CliRun {
  wallMs: number;
  maxRssKb: number;
  /** User + system CPU time (NaN without /usr/bin/time). */
  cpuMs: number;
  exitCode: number | null;
}

export interface ScaleReport {
  repo: RepoInfo;
  generateMs: number;
  cli: { wallMs: number; maxRssKb: number; runs: CliRun[]; memoryTool: string; deployments: number; findings: number };
  /** Nix parsing the same files, each run right after a CLI run; undefined when nix-instantiate is missing. */
  nix?: { wallMs: number; cpuMs: number; runs: Times[] };
  inProcess: {
    coldMs: number;
    unchangedMs: number;
    /** Re-check after one file changed, by which file. */
    edits: { label: string; ms: number }[];
  };
}

/** One cold `snikket-nixos check DIR --format json > /dev/null`. */
export function runCli(dir: string): CliRun {
  const useTime = fs.existsSync(TIME);
  const args = ['check', dir, '--format', 'json'];
  const t = performance.now();
  const r = useTime
    ? spawnSync(TIME, ['-v', process.execPath, BIN, ...args], {
        env: ourEnv(),
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      })
    : spawnSync(process.execPath, ['-r', path.join(__dirname, 'maxRss.js'), BIN, ...args], {
        env: ourEnv(),
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      });
  const wallMs = performance.now() - t;
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  // With /usr/bin/time the child's exit status is reported by time itself.
  const status = /Exit status: (\d+)/.exec(r.stderr ?? '');
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '');
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '');
  const cpuMs = user && sys ? (Number(user[1]) + Number(sys[1])) * 1000 : NaN;
  return { wallMs, maxRssKb: m ? Number(m[1]) : NaN, cpuMs, exitCode: status ? Number(status[1]) : r.status };
}

export function benchScale(runs = 3, edits = 7): ScaleReport {
  let t = performance.now();
  const repo = cachedRepo();
  const generateMs = performance.now() - t;

  // Warm the page cache once so every timed run reads from memory alike.
  runCli(repo.dir);
  // Nix parses the same files right after each CLI run: the load of the moment weighs on both.
  const nixFiles = nixFilesUnder(repo.dir);
  const nixHome = fs.mkdtempSync(path.join(os.tmpdir(), 'snikket-bench-nix-'));
  const nixRuns: Times[] | undefined = nixAvailable() ? [] : undefined;
  const cliRuns = Array.from({ length: runs }, () => {
    const r = runCli(repo.dir);
    nixRuns?.push(nixParseAll(nixFiles, nixHome));
    return r;
  });
  fs.rmSync(nixHome, { recursive: true, force: true });
  const summary = spawnSync(process.execPath, [BIN, 'check', repo.dir, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  let deployments = NaN;
  let findings = NaN;
  try {
    const json = JSON.parse(summary.stdout) as { deployments: unknown[]; diagnostics: unknown[] };
    deployments = json.deployments.length;
    findings = json.diagnostics.length;
  } catch {
    // reported as n/a
  }

  const colds: number[] = [];
  let store = new DocumentStore(new NodeFileHost());
  for (let i = 0; i < runs; i++) {
    store = new DocumentStore(new NodeFileHost());
    t = performance.now();
    check(store, [repo.dir]);
    colds.push(performance.now() - t);
  }
  const unchanged: number[] = [];
  for (let i = 0; i < edits; i++) {
    t = performance.now();
    check(store, [repo.dir]);
    unchanged.push(performance.now() - t);
  }
  const editTimes = [
    { label: 'hand-written snikket.nix of one deployment', file: repo.sampleNix },
    { label: 'snikket.conf of one deployment', file: repo.sampleConf },
    { label: 'a shared module no Snikket rule reads', file: repo.sampleUnrelated },
  ].map(({ label, file }) => {
    const original = fs.readFileSync(file, 'utf8');
    const times: number[] = [];
    for (let i = 0; i < edits; i++) {
      // A one-character change that keeps the file valid: a trailing comment grows.
      store.setOverlay(file, `${original}\n#${'x'.repeat(i + 1)}\n`);
      t = performance.now();
      check(store, [repo.dir]);
      times.push(performance.now() - t);
    }
    store.setOverlay(file, undefined);
    check(store, [repo.dir]);
    return { label, ms: median(times) };
  });

  return {
    repo,
    generateMs,
    cli: {
      wallMs: median(cliRuns.map((r) => r.wallMs)),
      maxRssKb: median(cliRuns.map((r) => r.maxRssKb)),
      runs: cliRuns,
      memoryTool: fs.existsSync(TIME) ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS',
      deployments,
      findings,
    },
    ...(nixRuns
      ? {
          nix: {
            wallMs: median(nixRuns.map((r) => r.wallMs)),
            cpuMs: median(nixRuns.map((r) => r.cpuMs)),
            runs: nixRuns,
          },
        }
      : {}),
    inProcess: { coldMs: median(colds), unchangedMs: median(unchanged), edits: editTimes },
  };
}
