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
  const taken: TextEdit[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.isPreferred && x.edits.length > 0);
    if (!fix) continue;
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) continue;
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    seen.add(key);
    chosen.push(fix);
    taken.push(...fix.edits);
  }
  return chosen;
}

/** Edits per file. */
export function editsByFile(fixes: readonly Fix[]): Map<string, TextEdit[]> {
  const out = new Map<string, TextEdit[]>();
  for (const fix of fixes) for (const e of fix.edits) out.set(e.file, [...(out.get(e.file) ?? []), e]);
  return out;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) => p.line < q.line || (p.line === q.line && p.character < q.character);
  const same = (p: { line: number; character: number }, q: { line: number; character: number }) => p.line === q.line && p.character === q.character;
  // Two insertions at one point conflict too: their order would be arbitrary.
  if (same(a.range.start, a.range.end) && same(b.range.start, b.range.end)) return same(a.range.start, b.range.start);
  return before(a.range.start, b.range.end) && before(b.range.start, a.range.end);
}
