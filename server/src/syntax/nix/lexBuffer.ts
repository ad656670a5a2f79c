/**
 * The lexer's token storage (kinds and start offsets in typed arrays, pooled between lexings) and
 * the mode stack shared by its modes.
 */
import type { K } from './tokenKinds';
import type { NixSyntaxError } from './tree';

/** The lexer's output without token objects: kinds and start offsets in typed arrays. */
export interface CompactLex {
  /** Number of tokens. */
  n: number;
  kinds: Uint8Array;
  /** Start offset of each token; starts[n] is the text length (token i ends at starts[i + 1]). */
  starts: Int32Array;
  /** Indices of the significant (non-trivia) tokens, then n (at sig[nsig]). */
  sig: Int32Array;
  nsig: number;
  errors: NixSyntaxError[];
  /** Start offsets of `"` strings that reached the end of the file unterminated. */
  unterminatedStrings: number[];
  /** Start offsets (of the opening quote) of `"` strings whose content crossed a line end. */
  multilineStrings: number[];
}

export const enum Mode {
  Normal,
  Str,
  IndStr,
  Path,
}

/** Capacity (tokens) up to which the lexer's arrays are kept for the next pooled lexing. */
const POOL_MAX = 1 << 19;
let pool: { kinds: Uint8Array; starts: Int32Array; sig: Int32Array } | undefined;

export class LexerBuffer {
  n = 0;
  kinds: Uint8Array;
  starts: Int32Array;
  sig: Int32Array;
  nsig = 0;
  readonly errors: NixSyntaxError[] = [];
  readonly modes: Mode[] = [Mode.Normal];
  pos = 0;

  constructor(
    readonly text: string,
    readonly cutStrings: ReadonlySet<number> | undefined,
    pooled: boolean,
  ) {
    // About one token per 3 characters in real code; grown by doubling when that is not enough.
    const cap = ((text.length / 3) | 0) + 16;
    if (pooled && cap <= POOL_MAX) {
      // Reuse the arrays of the previous pooled lexing (their old contents are overwritten).
      if (pool === undefined || pool.kinds.length < cap) {
        const size = Math.min(POOL_MAX, Math.max(cap, 4096) * 2);
        pool = { kinds: new Uint8Array(size), starts: new Int32Array(size + 1), sig: new Int32Array(size + 1) };
      }
      this.kinds = pool.kinds;
      this.starts = pool.starts;
      this.sig = pool.sig;
    } else {
      this.kinds = new Uint8Array(cap);
      this.starts = new Int32Array(cap + 1);
      this.sig = new Int32Array(cap + 1);
    }
  }

  private grow(): void {
    const cap = this.kinds.length * 2;
    const k = new Uint8Array(cap);
    k.set(this.kinds);
    this.kinds = k;
    const s = new Int32Array(cap + 1);
    s.set(this.starts);
    this.starts = s;
    const g = new Int32Array(cap + 1);
    g.set(this.sig);
    this.sig = g;
  }

  /** A significant token starting at `start` (it ends where the next token starts). */
  push(kind: K, start: number): void {
    const i = this.n;
    if (i === this.kinds.length) this.grow();
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.sig[this.nsig++] = i;
    this.n = i + 1;
  }

  pushTrivia(kind: K, start: number): void {
    const i = this.n;
    if (i === this.kinds.length) this.grow();
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.n = i + 1;
  }

  error(start: number, end: number, message: string): void {
    this.errors.push({ start, end, message });
  }
}
