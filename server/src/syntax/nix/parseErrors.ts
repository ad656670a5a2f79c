/** The parser's error reporting: one error per anchor token, messages naming what was found. */
import type { CompactLex } from './lexBuffer';
import { ParserLookahead } from './parseLookahead';
import { K, KIND_NAMES } from './tokenKinds';
import type { NixSyntaxError } from './tree';

const EMPTY: ReadonlySet<number> = new Set();

export class ParserErrors extends ParserLookahead {
  readonly errors: NixSyntaxError[] = [];
  protected lastErrAnchor = -1;
  private readonly lexErrorEnds: ReadonlySet<number>;

  constructor(text: string, lx: CompactLex) {
    super(text, lx);
    this.lexErrorEnds = lx.errors.length === 0 ? EMPTY : new Set(lx.errors.map((e) => e.end));
  }

  /** Reports an error anchored at the current token; one error per anchor (no cascades). */
  protected error(start: number, end: number, message: string): void {
    if (this.p === this.lastErrAnchor) return;
    this.lastErrAnchor = this.p;
    // An unterminated string or comment at the end of the file already explains a missing end.
    if (this.peek() === K.Eof && this.lexErrorEnds.has(this.text.length)) return;
    this.errors.push({ start, end, message });
  }

  protected describe(k = 0): string {
    const i = this.p + k;
    if (this.kindAt(i) === K.Eof) return 'end of file';
    let s = this.sText(i);
    if (s.length > 30) s = s.slice(0, 30) + '…';
    s = s.replace(/\r?\n/g, '\\n');
    if (this.kindAt(i) === K.Error) {
      const c = s.charCodeAt(0);
      if (c === 0) return 'NUL byte';
      if (c < 32 || (c >= 0x7f && c < 0xa0))
        return `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      return `character '${s}'`;
    }
    return `'${s}'`;
  }

  protected unexpected(k = 0): void {
    const i = this.p + k;
    this.error(this.sStart(i), this.sEnd(i), `unexpected ${this.describe(k)}`);
  }

  /** "expected X" reported on the previous token (where the missing piece belongs). */
  protected expectedAfterPrev(message: string): void {
    if (this.p === 0) this.error(0, 0, message);
    else this.error(this.sStart(this.p - 1), this.sEnd(this.p - 1), message);
  }

  protected prevText(): string {
    return this.p === 0 ? '' : this.sText(this.p - 1);
  }

  /** Closes with `close` the construct opened by the significant token `open`. */
  protected expectClose(close: K, open: number): boolean {
    if (this.peek() === close) {
      this.bump();
      return true;
    }
    const o = this.sText(open);
    const s = this.sStart(open);
    const e = this.sEnd(open);
    if (this.peek() === K.Eof) this.error(s, e, `unexpected end of file: this '${o}' is not closed`);
    else if (this.isSync(this.peek()) || this.isBindingStart(this.p))
      this.error(s, e, `expected '${KIND_NAMES[close]!}' to close this '${o}'`);
    else this.unexpected();
    return false;
  }
}

/** The lexer's and the parser's errors in order, without duplicates. */
export function mergeErrors(a: NixSyntaxError[], b: NixSyntaxError[]): NixSyntaxError[] {
  const all = a.concat(b);
  all.sort((x, y) => x.start - y.start || x.end - y.end);
  const out: NixSyntaxError[] = [];
  for (const e of all) {
    const last = out[out.length - 1];
    if (last !== undefined && last.start === e.start && last.end === e.end && last.message === e.message) continue;
    out.push(e);
  }
  return out;
}
