/**
 * Check latency as the language server sees it: the editor sends a one-character edit, the
 * server puts the text in the DocumentStore overlay and re-runs check() over the workspace. The
 * time from the edit to the returned, complete finding set is what the admin waits for (before
 * the server's debounce, which is a choice, not a cost).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from '../../server/src/check/check';
import { DocumentStore } from '../../server/src/model/documents';
import { NodeFileHost } from '../../server/src/model/fileHost';
import { rng } from '../helpers/random';
import { median, percentile } from './stats';

const REPO = path.resolve(__dirname, '..', '..', '..');

export interface LatencyResult {
  file: string;
  edits: number;
  /** Median over rounds of each round's p50 and p99. */
  p50: number;
  p99: number;
  /** p99 of the process's CPU time per edit: what the check costs when the machine is shared. */
  cpuP99: number;
  max: number;
  /** Edits after which the finding set differed from the one before: the edits were not no-ops. */
  changedFindings: number;
}

export interface LatencyReport {
  /** The very first check in this process: module loading, JIT warm-up, reads and parses. */
  firstCheck: number;
  /** A fresh DocumentStore (reads and parses again) once the code is warm: median. */
  coldStore: number;
  results: LatencyResult[];
}

/** A temp copy of examples/blog: the repository is never touched. */
export function copyBlog(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'snikket-bench-blog-')));
  fs.cpSync(path.join(REPO, 'examples', 'blog'), dir, { recursive: true });
  return dir;
}

function fingerprint(
  findings: { file: string; code: string; range: { start: { line: number; character: number } }; message: string }[],
): string {
  return findings
    .map((f) => `${f.file}:${f.range.start.line}:${f.range.start.character}:${f.code}:${f.message}`)
    .join('\n');
}

/**
 * One-character edits: alternately insert a character and take it out again, so the text keeps
 * its shape over hundreds of edits. Half of the positions are inside values the rules read (a
 * port, the domain), so the finding set really changes; the others are anywhere in the file.
 */
function* edits(text: string, hotSpots: number[], count: number, seed: number): Generator<string> {
  const r = rng(seed);
  const chars = ['1', 'x', ' ', '"', '\n', ';', '{', '#'];
  for (let i = 0; i < count; i += 2) {
    const pos =
      r() < 0.5 && hotSpots.length > 0
        ? hotSpots[Math.floor(r() * hotSpots.length)]!
        : Math.floor(r() * (text.length + 1));
    const c = chars[Math.floor(r() * chars.length)]!;
    yield text.slice(0, pos) + c + text.slice(pos);
    yield text;
  }
}

function hotSpotsOf(text: string, needles: string[]): number[] {
  const out: number[] = [];
  for (const n of needles) {
    const i = text.indexOf(n);
    if (i >= 0) out.push(i + Math.floor(n.length / 2));
  }
  return out;
}

export function benchLatency(editsPerFile = 200, rounds = 3): LatencyReport {
  const dir = copyBlog();
  try {
    const roots = [dir];
    let t = performance.now();
    check(new DocumentStore(new NodeFileHost()), roots);
    const firstCheck = performance.now() - t;
    const colds: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      check(new DocumentStore(new NodeFileHost()), roots);
      colds.push(performance.now() - t);
    }

    const targets = [
      { rel: 'snikket/snikket.conf', needles: ['chat.example.com', '5443', '49252', 'admin@'] },
      { rel: 'snikket.nix', needles: ['chat.example.com', 'port = 5443', 'to = 49252', '104857616', '5222'] },
    ];
    const results: LatencyResult[] = [];
    for (const target of targets) {
      const file = path.join(dir, target.rel);
      const original = fs.readFileSync(file, 'utf8');
      const store = new DocumentStore(new NodeFileHost());
      check(store, roots);
      const p50s: number[] = [];
      const p99s: number[] = [];
      const cpuP99s: number[] = [];
      let max = 0;
      let changed = 0;
      let total = 0;
      // Warm-up, not counted: the first edits run code V8 has not optimised yet, which a server
      // that has been up for a minute no longer does.
      for (const text of edits(original, hotSpotsOf(original, target.needles), 100, 999)) {
        store.setOverlay(file, text);
        check(store, roots);
      }
      for (let round = 0; round < rounds; round++) {
        const times: number[] = [];
        const cpu: number[] = [];
        let before = fingerprint(check(store, roots).findings);
        for (const text of edits(original, hotSpotsOf(original, target.needles), editsPerFile, 1000 + round)) {
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          store.setOverlay(file, text);
          const result = check(store, roots);
          times.push(performance.now() - t0);
          const c = process.cpuUsage(c0);
          cpu.push((c.user + c.system) / 1000);
          const after = fingerprint(result.findings);
          if (after !== before) changed++;
          before = after;
        }
        store.setOverlay(file, undefined);
        p50s.push(percentile(times, 50));
        p99s.push(percentile(times, 99));
        cpuP99s.push(percentile(cpu, 99));
        max = Math.max(max, ...times);
        total += times.length;
      }
      results.push({
        file: target.rel,
        edits: total,
        p50: median(p50s),
        p99: median(p99s),
        cpuP99: median(cpuP99s),
        max,
        changedFindings: changed,
      });
    }
    return { firstCheck, coldStore: median(colds), results };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
