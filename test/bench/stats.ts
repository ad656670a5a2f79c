/** Small statistics and the one table the bench prints. */

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** Nearest-rank percentile: p99 of 200 samples is the 198th smallest, a sample that was seen. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function ms(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`;
}

export function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 2 : 1)} MB`;
}

export function ratio(x: number, ref: number): string {
  if (!Number.isFinite(x) || !Number.isFinite(ref) || ref === 0) return 'n/a';
  const r = x / ref;
  return r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(r < 0.1 ? 3 : 2)}×`;
}

export interface Row {
  section: string;
  measure: string;
  value: string;
  target?: string;
  /** undefined when the row has no target or could not be measured. */
  met?: boolean;
  /** The reference measured in the same run, and the ratio to it. */
  reference?: string;
  note?: string;
}

const HEAD = ['Section', 'Measure', 'Value', 'Target', 'Met', 'Reference (same run)'];

function cells(r: Row): string[] {
  return [
    r.section,
    r.measure + (r.note ? ` (${r.note})` : ''),
    r.value,
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
    r.reference ?? '',
  ];
}

/** A Markdown table: readable in a terminal and pasteable into BENCHMARKS.md. */
export function markdownTable(rows: readonly Row[]): string {
  const all = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(HEAD), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map((r) => line(cells(r)))].join(
    '\n',
  );
}
