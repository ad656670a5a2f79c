/** `$` expansions and backquotes inside a word. */
import type { ShellSource } from './source';
import { NAME, type ShellVariables } from './variables';
import type { WordBuilder } from './wordBuilder';

/** `$...` at the source position; appends the expansion. */
export function readDollar(src: ShellSource, vars: ShellVariables, out: WordBuilder): void {
  const { text, n } = src;
  const s = src.pos;
  const next = text[s + 1];
  if (next === '{') {
    const close = src.indexFrom('}', s + 2);
    if (close < 0) {
      src.problems.push({ span: { start: s, end: Math.min(n, src.lineEnd(s)) }, message: "Unterminated '${'" });
      out.unknown(text.slice(s, src.lineEnd(s)));
      src.pos = src.lineEnd(s);
      return;
    }
    const body = text.slice(s + 2, close);
    src.pos = close + 1;
    const raw = text.slice(s, src.pos);
    const m = NAME.exec(body);
    if (!m) return out.unknown(raw);
    const name = m[0];
    const rest = body.slice(name.length);
    const found = vars.lookup(name);
    if (rest === '') return out.variable(name, raw, found);
    const op = /^(:?[-=+?])/.exec(rest)?.[1];
    const v = found.value;
    if (!op || v === undefined) return out.unknown(raw, found.defined ? undefined : name);
    const arg = rest.slice(op.length);
    const unset = op.startsWith(':') ? v === '' : false;
    if (op.endsWith('+')) return out.literal(unset ? '' : arg);
    if (op.endsWith('-') || op.endsWith('=')) return out.literal(unset ? arg : v);
    return out.literal(v);
  }
  if (next === '(') {
    // Command or arithmetic substitution: skip to the matching parenthesis.
    let depth = 0;
    let i = s + 1;
    for (; i < n; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) break;
    }
    if (i >= n) {
      src.problems.push({ span: { start: s, end: n }, message: "Unterminated '$('" });
      src.pos = n;
    } else src.pos = i + 1;
    return out.unknown(text.slice(s, src.pos));
  }
  const m = NAME.exec(text.slice(s + 1, s + 1 + 256));
  if (m) {
    src.pos += 1 + m[0].length;
    return out.variable(m[0], '$' + m[0], vars.lookup(m[0]));
  }
  if (next !== undefined && /[0-9@*#?$!-]/.test(next)) {
    src.pos += 2;
    return out.unknown('$' + next);
  }
  src.pos++;
  out.literal('$');
}

/** A backquoted command substitution at the source position: its output is never known. */
export function readBackquote(src: ShellSource, out: WordBuilder): void {
  const s = src.pos;
  const close = src.indexFrom('`', s + 1);
  if (close < 0) {
    src.problems.push({ span: { start: s, end: src.lineEnd(s) }, message: 'Unterminated backquote' });
    src.pos = src.n;
  } else src.pos = close + 1;
  out.unknown(src.text.slice(s, src.pos));
}
