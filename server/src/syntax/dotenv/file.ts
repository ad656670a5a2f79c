/** What a parsed env file holds: its entries and problems, and the lookups rules make on them. */
import type { Span } from '../../text/span';

export type QuoteStyle = 'none' | 'single' | 'double';

export interface DotenvEntry {
  /** The name as Compose reads it (whitespace before the separator trimmed). */
  key: string;
  keySpan: Span;
  /** The value the container gets: quotes removed, escapes and known `$VAR`s expanded, inline comment dropped. */
  value: string;
  /** The value text as written, quotes included (an inline comment is not part of it). */
  valueSpan: Span;
  rawValue: string;
  quoted: QuoteStyle;
  exported: boolean;
  /** `$VAR` references Compose would resolve from its own environment; `value` keeps them verbatim. */
  unresolved: string[];
  /** 0-based line of the key. */
  line: number;
  /** From the start of the line to the end of the statement (a quoted value may span lines), line break excluded. */
  lineSpan: Span;
}

export type DotenvProblemKind =
  | 'space-around-equals'
  | 'not-an-assignment'
  | 'unterminated-quote'
  | 'invalid-key'
  | 'inherited-key'
  | 'colon-separator'
  | 'multiline-value'
  | 'text-after-quote';

export interface DotenvProblem {
  span: Span;
  message: string;
  kind: DotenvProblemKind;
  /** Docker Compose refuses the whole file ("failed to read ..."), so no container starts. */
  fatal: boolean;
}

export interface DotenvFile {
  text: string;
  entries: DotenvEntry[];
  problems: DotenvProblem[];
  /** The file's line break, so edits can match it. */
  eol: '\n' | '\r\n';
  /** The entry that wins for `key` (the last one, as in Compose), if any. */
  lookup(key: string): DotenvEntry | undefined;
  /** Keys set more than once, each with all its entries in file order. */
  duplicates(): { key: string; entries: DotenvEntry[] }[];
}

export function makeFile(
  text: string,
  entries: DotenvEntry[],
  problems: DotenvProblem[],
  eol: '\n' | '\r\n',
): DotenvFile {
  let last: Map<string, DotenvEntry> | undefined;
  return {
    text,
    entries,
    problems,
    eol,
    lookup(key) {
      if (!last) {
        last = new Map();
        for (const e of entries) last.set(e.key, e);
      }
      return last.get(key);
    },
    duplicates() {
      const byKey = new Map<string, DotenvEntry[]>();
      for (const e of entries) {
        const list = byKey.get(e.key);
        if (list) list.push(e);
        else byKey.set(e.key, [e]);
      }
      return [...byKey].filter(([, es]) => es.length > 1).map(([key, es]) => ({ key, entries: es }));
    },
  };
}
