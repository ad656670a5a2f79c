/** The script text with the reader's position in it, and the searches every part of the reader shares. */
import type { ShellProblem } from './model';

export class ShellSource {
  readonly n: number;
  pos = 0;
  readonly problems: ShellProblem[] = [];
  // Where a character is known to be absent, so that many unclosed `${` or backquotes cost
  // linear time instead of a scan to the end of the file each.
  private readonly absentFrom = new Map<string, number>();

  constructor(readonly text: string) {
    this.n = text.length;
  }

  indexFrom(ch: string, from: number): number {
    const absent = this.absentFrom.get(ch);
    if (absent !== undefined && from >= absent) return -1;
    const i = this.text.indexOf(ch, from);
    if (i < 0) this.absentFrom.set(ch, Math.min(from, absent ?? from));
    return i;
  }

  /** Whether an unescaped `"` follows; remembers a negative answer (see indexFrom). */
  hasClosingDoubleQuote(from: number): boolean {
    let i = from;
    for (;;) {
      i = this.indexFrom('"', i);
      if (i < 0) return false;
      let backslashes = 0;
      while (this.text[i - 1 - backslashes] === '\\') backslashes++;
      if (backslashes % 2 === 0) return true;
      i++;
    }
  }

  lineEnd(from: number): number {
    const i = this.text.indexOf('\n', from);
    const e = i < 0 ? this.n : i;
    return e > from && this.text[e - 1] === '\r' ? e - 1 : e;
  }
}
