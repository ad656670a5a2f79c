/**
 * Reader for env files (snikket.conf) as Docker Compose v2 reads `env_file:` — the rules are those
 * of compose-go's dotenv/parser.go, which compose2nix uses too (it inlines the values through the
 * same library). Where Compose would reject the whole file the problem is marked `fatal`; the
 * reader itself always recovers at the next line so an editor still sees every other entry.
 */
import type { Span } from '../../text/span';
import { LineIndex } from '../../text/lineIndex';
import { interpolate } from './interpolate';
import { makeFile, type DotenvEntry, type DotenvFile, type DotenvProblem, type QuoteStyle } from './file';

// compose-go's isSpace: whitespace that never ends a line.
function isInlineSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\r' || c === '\u0085' || c === '\u00a0';
}

// compose-go accepts letters, digits and `_ . - [ ]` in names (unicode letters included).
const KEY_CHAR = /[\p{L}\p{N}_.\-[\]]/u;

const DOUBLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  c: '\\c',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
};

/** Compose's expandEscapes for double-quoted values: shell-style escapes; `\$` becomes a literal `$` (`$$` for the interpolator). */
function expandDoubleEscapes(s: string): string {
  return s.replace(/\\(?:[abcfnrtv$"\\]|0[0-7]{0,3})/g, (m) => {
    const c = m[1]!;
    if (c === '$') return '$$';
    if (c === '0') return String.fromCharCode(parseInt(m.slice(2) || '0', 8));
    return DOUBLE_ESCAPES[c] ?? m;
  });
}

export function parseDotenv(text: string): DotenvFile {
  const entries: DotenvEntry[] = [];
  const problems: DotenvProblem[] = [];
  const lines = new LineIndex(text);
  const known = new Map<string, string>();
  const n = text.length;
  const eol: '\n' | '\r\n' = /\r\n/.test(text.slice(0, 64 * 1024)) ? '\r\n' : '\n';

  const lineEndAt = (from: number): number => {
    const i = text.indexOf('\n', from);
    return i < 0 ? n : i;
  };
  // The end of a line's content, without the CR of a CRLF.
  const contentEnd = (lineEnd: number, lineStart: number): number =>
    lineEnd > lineStart && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;

  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0; // Compose skips a UTF-8 BOM.
  while (pos < n) {
    const lineStart = pos;
    const lineEnd = lineEndAt(pos);
    const end = contentEnd(lineEnd, lineStart);
    let s = lineStart;
    while (s < end && isInlineSpace(text[s])) s++;
    if (s >= end || text[s] === '#') {
      pos = lineEnd + 1;
      continue;
    }
    const next = parseStatement(lineStart, s, end, lineEnd);
    pos = next;
  }

  function parseStatement(lineStart: number, s: number, end: number, lineEnd: number): number {
    const line = lines.position(s).line;
    let exported = false;
    let keyStart = s;
    const exp = /^export[ \t]+/.exec(text.slice(s, Math.min(end, s + 32)));
    if (exp) {
      exported = true;
      keyStart = s + exp[0].length;
    }

    // Find the separator the way Compose does: the first `=` or `:` reached before any character
    // that cannot be in a name.
    let sep = -1;
    let badChar = -1;
    for (let i = keyStart; i < end; i++) {
      const c = text[i]!;
      if (c === '=' || c === ':') {
        sep = i;
        break;
      }
      if (isInlineSpace(c) || KEY_CHAR.test(c)) continue;
      if (/[\uD800-\uDBFF]/.test(c) && KEY_CHAR.test(text.slice(i, i + 2))) {
        i++;
        continue;
      }
      badChar = i;
      break;
    }

    if (sep < 0) {
      const eq = text.indexOf('=', keyStart);
      if (badChar >= 0 && eq >= 0 && eq < end) {
        const keyEnd = trimRightIndex(keyStart, eq);
        problems.push({
          span: { start: keyStart, end: keyEnd },
          message: `'${text.slice(keyStart, keyEnd)}' is not a valid variable name: Docker Compose accepts only letters, digits and '_ . - [ ]' in names`,
          kind: 'invalid-key',
          fatal: true,
        });
        return lineEnd + 1;
      }
      const word = text.slice(keyStart, trimRightIndex(keyStart, end));
      if (badChar < 0 && word !== '' && !/\s/.test(word)) {
        problems.push({
          span: { start: keyStart, end: keyStart + word.length },
          message: `'${word}' has no '=': Docker Compose then takes its value from the environment it runs in (compose2nix: from its own environment at generation time); write '${word}=value'`,
          kind: 'inherited-key',
          fatal: false,
        });
      } else {
        problems.push({
          span: { start: s, end },
          message:
            "This line is not 'KEY=value', a comment or blank: Docker Compose cannot read it and refuses the whole file",
          kind: 'not-an-assignment',
          fatal: true,
        });
      }
      return lineEnd + 1;
    }

    const keyEnd = trimRightIndex(keyStart, sep);
    const key = text.slice(keyStart, keyEnd);
    const keySpan = { start: keyStart, end: keyEnd };
    if (key === '') {
      problems.push({
        span: { start: s, end: sep + 1 },
        message: "Missing variable name before '" + text[sep] + "'",
        kind: 'invalid-key',
        fatal: false,
      });
      return lineEnd + 1;
    }
    if (/[\s\u0085\u00a0]/.test(key)) {
      problems.push({
        span: keySpan,
        message: `'${key}' contains a space: Docker Compose refuses the file ("key cannot contain a space")`,
        kind: 'invalid-key',
        fatal: true,
      });
      return lineEnd + 1;
    }
    if (text[sep] === ':') {
      problems.push({
        span: { start: sep, end: sep + 1 },
        message:
          "Use '=' here: 'KEY: value' is a Compose-only YAML-style form that other env-file readers (docker run --env-file, shells) do not accept",
        kind: 'colon-separator',
        fatal: false,
      });
    }

    let vs = sep + 1;
    while (vs < end && isInlineSpace(text[vs])) vs++;
    if (keyEnd < sep || (vs > sep + 1 && vs < end)) {
      problems.push({
        span: { start: keyEnd, end: vs },
        message: `Remove the spaces around '${text[sep]}': env-file syntax is 'KEY=value' (Docker Compose trims them, but 'docker run --env-file' and shells read '${key} ' as the name or fail)`,
        kind: 'space-around-equals',
        fatal: false,
      });
    }

    const q = text[vs];
    if (q === '"' || q === "'") return readQuoted(q, vs, lineStart, line, key, keySpan, exported, end, lineEnd);

    // Unquoted: the value runs to the end of the line; an inline comment needs a space before `#`.
    let valueEnd = end;
    const hash = text.slice(vs, end).indexOf(' #');
    if (hash >= 0) valueEnd = vs + hash;
    valueEnd = trimRightIndex(vs, valueEnd);
    const rawValue = text.slice(vs, valueEnd);
    addEntry(
      key,
      keySpan,
      rawValue,
      interpolate(rawValue, (k) => known.get(k)),
      { start: vs, end: valueEnd },
      'none',
      exported,
      line,
      {
        start: lineStart,
        end,
      },
    );
    return lineEnd + 1;
  }

  function readQuoted(
    q: '"' | "'",
    vs: number,
    lineStart: number,
    line: number,
    key: string,
    keySpan: Span,
    exported: boolean,
    end: number,
    lineEnd: number,
  ): number {
    // Compose: a backslash before the quote character escapes it; any other backslash is kept
    // for the escape expansion of double-quoted values. Values may run over several lines.
    let chars = '';
    let escaped = false;
    let close = -1;
    for (let i = vs + 1; i < n; i++) {
      const c = text[i]!;
      if (c !== q) {
        if (!escaped && c === '\\') {
          escaped = true;
          continue;
        }
        if (escaped) {
          escaped = false;
          chars += '\\';
        }
        chars += c;
        continue;
      }
      if (escaped) {
        escaped = false;
        chars += c;
        continue;
      }
      close = i;
      break;
    }
    if (close < 0) {
      problems.push({
        span: { start: vs, end },
        message: `Unterminated ${q === '"' ? 'double' : 'single'} quote: Docker Compose reads to the end of the file looking for the closing '${q}' and then refuses the file`,
        kind: 'unterminated-quote',
        fatal: true,
      });
      // Recover with the rest of the line, so the key is still known to the editor.
      const rawValue = text.slice(vs, end);
      const body = text.slice(vs + 1, end);
      addEntry(
        key,
        keySpan,
        rawValue,
        { value: body, unresolved: [] },
        { start: vs, end },
        q === '"' ? 'double' : 'single',
        exported,
        line,
        {
          start: lineStart,
          end,
        },
      );
      return lineEnd + 1;
    }

    const rawValue = text.slice(vs, close + 1);
    const result =
      q === '"' ? interpolate(expandDoubleEscapes(chars), (k) => known.get(k)) : { value: chars, unresolved: [] };
    const closeLineEnd = close < lineEnd ? lineEnd : lineEndAt(close);
    const closeEnd = contentEnd(closeLineEnd, close);
    if (close > lineEnd) {
      problems.push({
        span: { start: vs, end: close + 1 },
        message: 'This quoted value spans several lines; the line breaks become part of the value',
        kind: 'multiline-value',
        fatal: false,
      });
    }
    let after = close + 1;
    while (after < closeEnd && isInlineSpace(text[after])) after++;
    if (after < closeEnd && text[after] !== '#') {
      problems.push({
        span: { start: close + 1, end: closeEnd },
        message:
          "Text after the closing quote: Docker Compose reads it as another 'KEY=value'; put it inside the quotes or after ' #'",
        kind: 'text-after-quote',
        fatal: false,
      });
    }
    addEntry(
      key,
      keySpan,
      rawValue,
      result,
      { start: vs, end: close + 1 },
      q === '"' ? 'double' : 'single',
      exported,
      line,
      {
        start: lineStart,
        end: Math.max(close + 1, end),
      },
    );
    return closeLineEnd + 1;
  }

  function addEntry(
    key: string,
    keySpan: Span,
    rawValue: string,
    result: { value: string; unresolved: string[] },
    valueSpan: Span,
    quoted: QuoteStyle,
    exported: boolean,
    line: number,
    lineSpan: Span,
  ): void {
    entries.push({
      key,
      keySpan,
      value: result.value,
      valueSpan,
      rawValue,
      quoted,
      exported,
      unresolved: result.unresolved,
      line,
      lineSpan,
    });
    // Compose substitutes an earlier value as it stands, without expanding it again.
    known.set(key, result.value);
  }

  function trimRightIndex(from: number, to: number): number {
    let e = to;
    while (e > from && /\s|\u0085/.test(text[e - 1]!)) e--;
    return e;
  }

  return makeFile(text, entries, problems, eol);
}
