/** Applying fixes to text: choosing compatible fixes and splicing their edits in. */
import type { Finding, Fix, TextEdit } from '../model/findings';
import { LineIndex } from '../text/lineIndex';

/** Applies non-overlapping edits of one file's text. Edits are sorted here; overlaps throw. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.start < spans[i - 1]!.end) throw new Error('overlapping edits');
  }
  let out = '';
  let pos = 0;
  for (const s of spans) {
    out += text.slice(pos, s.start) + s.newText;
    pos = s.end;
  }
  return out + text.slice(pos);
}

/**
 * The preferred text fixes of some findings that can be applied together: a fix is skipped when
 * one of its edits touches text an earlier chosen fix edits, and identical fixes count once.
 */
export function compatiblePreferredFixes(findings: readonly Finding[]): Fix[] {
  const chosen: Fix[] = [];
  const taken = new TakenRanges();
  const seen = new Set<string>();
  const conflicts = new Set(conflictingFixes(findings).flatMap((c) => c.fixes));
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.isPreferred && x.edits.length > 0);
    if (!fix || conflicts.has(fix)) continue;
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) continue;
    if (fix.edits.some((e) => taken.overlaps(e))) continue;
    seen.add(key);
    chosen.push(fix);
    for (const e of fix.edits) taken.add(e);
  }
  return chosen;
}

export interface FixConflict {
  file: string;
  line: number;
  fixes: Fix[];
  /** Why none of them is applied, in words for the report. */
  reason: string;
}

/**
 * Preferred fixes that want different text at the same place of one file: deployments sharing
 * a file that disagree (two hosts' env files setting one shared value). Applying either would be
 * undone by the other on the next run, so neither is applied.
 */
export function conflictingFixes(findings: readonly Finding[]): FixConflict[] {
  const byPlace = new Map<string, { file: string; line: number; texts: Set<string>; fixes: Fix[] }>();
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.isPreferred && x.edits.length > 0);
    if (!fix) continue;
    for (const e of fix.edits) {
      const key = `${f.code}\0${e.file}\0${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}`;
      let place = byPlace.get(key);
      if (!place) byPlace.set(key, (place = { file: e.file, line: e.range.start.line, texts: new Set(), fixes: [] }));
      place.texts.add(e.newText);
      if (!place.fixes.includes(fix)) place.fixes.push(fix);
    }
  }
  return [...byPlace.values()]
    .filter((p) => p.texts.size > 1)
    .map((p) => ({
      file: p.file,
      line: p.line,
      fixes: p.fixes,
      reason: `${p.texts.size} fixes want different text on line ${p.line + 1} (deployments sharing the file disagree): not fixed`,
    }));
}

/** Edits per file. */
export function editsByFile(fixes: readonly Fix[]): Map<string, TextEdit[]> {
  const out = new Map<string, TextEdit[]>();
  for (const fix of fixes) for (const e of fix.edits) out.set(e.file, [...(out.get(e.file) ?? []), e]);
  return out;
}

/**
 * The ranges chosen fixes edit, per file, sorted: asking whether an edit overlaps one of them
 * looks at its neighbours only, so choosing among n fixes (a file of 60,000 duplicate keys) stays
 * near-linear instead of comparing every pair.
 */
class TakenRanges {
  private readonly byFile = new Map<string, { s: number; e: number }[]>();

  overlaps(edit: TextEdit): boolean {
    const list = this.byFile.get(edit.file);
    if (!list) return false;
    const { s, e } = key(edit);
    // Taken ranges do not overlap, so sorted by start their ends do not decrease either.
    const at = firstStartAtLeast(list, e);
    for (let i = at - 1; i >= 0 && list[i]!.e >= s; i--) if (conflict(s, e, list[i]!)) return true;
    for (let i = at; i < list.length && list[i]!.s === e; i++) if (conflict(s, e, list[i]!)) return true;
    return false;
  }

  add(edit: TextEdit): void {
    let list = this.byFile.get(edit.file);
    if (!list) this.byFile.set(edit.file, (list = []));
    const r = key(edit);
    let at = firstStartAtLeast(list, r.s);
    while (at < list.length && list[at]!.s === r.s && list[at]!.e < r.e) at++;
    if (at === list.length) list.push(r);
    else list.splice(at, 0, r);
  }
}

/** A position as one number: lines are far below 2^27 and characters below 2^26 (files are at most 8 MB). */
function key(edit: TextEdit): { s: number; e: number } {
  const at = (p: { line: number; character: number }) => p.line * 2 ** 26 + p.character;
  return { s: at(edit.range.start), e: at(edit.range.end) };
}

function firstStartAtLeast(list: { s: number }[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.s < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function conflict(s: number, e: number, t: { s: number; e: number }): boolean {
  // Two insertions at one point conflict too: their order would be arbitrary.
  if (s === e && t.s === t.e) return s === t.s;
  return s < t.e && t.s < e;
}
