/** One shell word: quoting and escapes, with expansions handed to expansion.ts. */
import type { ShellWord } from './model';
import type { ShellSource } from './source';
import type { ShellVariables } from './variables';
import { readBackquote, readDollar } from './expansion';
import { WordBuilder } from './wordBuilder';

/** One word from the source position, applying quoting and expansion; stops at blanks and operators. */
export function readWord(src: ShellSource, vars: ShellVariables): ShellWord | undefined {
  const { text, n } = src;
  const start = src.pos;
  const out = new WordBuilder();

  if (text[src.pos] === '~') {
    // Tilde expansion depends on the user running the script.
    const m = /^~[A-Za-z0-9_.-]*/.exec(text.slice(src.pos, src.pos + 64))!;
    src.pos += m[0].length;
    out.unknown(m[0]);
  }

  while (src.pos < n) {
    const pos = src.pos;
    const c = text[pos]!;
    if (
      c === ' ' ||
      c === '\t' ||
      c === '\n' ||
      c === ';' ||
      c === '&' ||
      c === '|' ||
      c === '<' ||
      c === '>' ||
      c === '(' ||
      c === ')'
    )
      break;
    if (c === '\r' && (text[pos + 1] === '\n' || pos + 1 >= n)) break;
    if (c === '\\') {
      if (text[pos + 1] === '\n') {
        src.pos += 2;
        continue;
      }
      if (text[pos + 1] === '\r' && text[pos + 2] === '\n') {
        src.pos += 3;
        continue;
      }
      if (pos + 1 < n) out.literal(text[pos + 1]!);
      src.pos = Math.min(n, pos + 2);
      out.quoted = true;
      continue;
    }
    if (c === "'") {
      out.quoted = true;
      const close = src.indexFrom("'", pos + 1);
      if (close < 0) {
        src.problems.push({
          span: { start: pos, end: src.lineEnd(pos) },
          message: "Unterminated single quote: the shell reads to the end of the file looking for the closing `'`",
        });
        out.literal(text.slice(pos + 1, src.lineEnd(pos)));
        src.pos = src.lineEnd(pos);
        break;
      }
      out.literal(text.slice(pos + 1, close));
      src.pos = close + 1;
      continue;
    }
    if (c === '"') {
      out.quoted = true;
      readDoubleQuoted(src, vars, out);
      continue;
    }
    if (c === '$') {
      readDollar(src, vars, out);
      continue;
    }
    if (c === '`') {
      readBackquote(src, out);
      continue;
    }
    out.literal(c);
    src.pos++;
  }
  if (src.pos === start) return undefined;
  return out.word(text.slice(start, src.pos), { start, end: src.pos });
}

/** `"..."` at the source position, up to and past its closing quote. */
function readDoubleQuoted(src: ShellSource, vars: ShellVariables, out: WordBuilder): void {
  const { text, n } = src;
  const open = src.pos;
  src.pos++;
  const stop = src.hasClosingDoubleQuote(src.pos) ? n : src.lineEnd(open);
  while (src.pos < stop) {
    const d = text[src.pos]!;
    if (d === '"') {
      src.pos++;
      return;
    }
    if (d === '\\') {
      const e = text[src.pos + 1];
      if (e === '\n') src.pos += 2;
      else if (e === '$' || e === '`' || e === '"' || e === '\\') {
        out.literal(e);
        src.pos += 2;
      } else {
        out.literal('\\');
        src.pos++;
      }
      continue;
    }
    if (d === '$') readDollar(src, vars, out);
    else if (d === '`') readBackquote(src, out);
    else {
      out.literal(d);
      src.pos++;
    }
  }
  // Recovered at the end of the opening line, so later lines are still read.
  src.problems.push({
    span: { start: open, end: src.lineEnd(open) },
    message: 'Unterminated double quote: the shell reads to the end of the file looking for the closing `"`',
  });
}
