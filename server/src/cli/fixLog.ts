/** What `check --fix` changed, per file: the fixes applied, and the text before and after. */
import { unifiedDiff } from './unifiedDiff';

export class FixLog {
  private readonly files = new Map<string, { before: string; after: string; titles: string[] }>();

  record(file: string, before: string, after: string, titles: string[]): void {
    const entry = this.files.get(file);
    if (entry) {
      entry.after = after;
      entry.titles.push(...titles.filter((t) => !entry.titles.includes(t)));
    } else this.files.set(file, { before, after, titles: [...new Set(titles)] });
  }

  /** `fixed FILE` (or `would fix FILE` with --dry-run) and one indented line per fix applied to it. */
  describe(rel: (p: string) => string, dryRun: boolean): string {
    let out = '';
    for (const [file, e] of [...this.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (e.before === e.after) continue;
      out += `${dryRun ? 'would fix' : 'fixed'} ${rel(file)}\n` + e.titles.map((t) => `  ${t}\n`).join('');
    }
    return out;
  }

  diff(rel: (p: string) => string): string {
    return [...this.files]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([file, e]) => unifiedDiff(e.before, e.after, `a/${rel(file)}`, `b/${rel(file)}`))
      .join('');
  }
}
