/**
 * The smallest whole-line replacement turning one text into another, so applying compose2nix's
 * new output changes (and undoes) only the lines that differ. No vscode import: unit-tested.
 */

export interface LineReplacement {
  /** Offsets into the old text, both at line starts (or the text's end). */
  start: number;
  end: number;
  /** Replacement for old[start, end). */
  text: string;
}

/** Splits after each '\n', keeping the line ends (so joining gives the text back). */
export function splitLinesKeepEnds(text: string): string[] {
  const lines: string[] = [];
  let from = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    if (nl < 0) break;
    lines.push(text.slice(from, nl + 1));
    from = nl + 1;
  }
  if (from < text.length) lines.push(text.slice(from));
  return lines;
}

/** undefined when the texts are equal. Invariant: old.slice(0,start) + text + old.slice(end) === next. */
export function minimalLineReplacement(old: string, next: string): LineReplacement | undefined {
  if (old === next) return undefined;
  const a = splitLinesKeepEnds(old);
  const b = splitLinesKeepEnds(next);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  let start = 0;
  for (let i = 0; i < prefix; i++) start += a[i]!.length;
  let tail = 0;
  for (let i = a.length - suffix; i < a.length; i++) tail += a[i]!.length;
  return { start, end: old.length - tail, text: b.slice(prefix, b.length - suffix).join('') };
}

/** Converts the new text's line ends to the document's (compose2nix writes '\n'). */
export function withEol(text: string, eol: '\n' | '\r\n'): string {
  const lf = text.replace(/\r\n/g, '\n');
  return eol === '\n' ? lf : lf.replace(/\n/g, '\r\n');
}
