/** Splits the script into words, operators and redirections, skipping comments and here-document bodies. */
import type { Span } from '../../text/span';
import type { ShellWord } from './model';
import type { ShellSource } from './source';
import { assignedName, type ShellVariables } from './variables';
import { readWord } from './words';

export type WordToken = { kind: 'word'; word: ShellWord; assignment?: { name: string; valueStart: number } };

export type Token =
  | WordToken
  | { kind: 'op'; op: string; span: Span }
  | { kind: 'redirect'; op: string; span: Span; target?: ShellWord };

export class ShellTokenizer {
  // Heredoc bodies start after the line that introduces them.
  private readonly pendingHeredocs: { delimiter: string; stripTabs: boolean }[] = [];

  constructor(
    private readonly src: ShellSource,
    private readonly vars: ShellVariables,
  ) {}

  /** At a newline: steps over the bodies of the here-documents the line opened. */
  skipHeredocs(): void {
    const { src } = this;
    const { text, n } = src;
    while (this.pendingHeredocs.length) {
      const { delimiter, stripTabs } = this.pendingHeredocs.shift()!;
      const start = src.pos;
      let found = false;
      while (src.pos < n) {
        const eol = text.indexOf('\n', src.pos);
        const end = eol < 0 ? n : eol;
        let line = text.slice(src.pos, end).replace(/\r$/, '');
        if (stripTabs) line = line.replace(/^\t+/, '');
        src.pos = eol < 0 ? n : eol + 1;
        if (line === delimiter) {
          found = true;
          break;
        }
      }
      if (!found)
        src.problems.push({ span: { start, end: n }, message: `Here-document is not closed by a '${delimiter}' line` });
    }
  }

  next(): Token | undefined {
    const { src, vars } = this;
    const { text, n } = src;
    for (;;) {
      while (src.pos < n && (text[src.pos] === ' ' || text[src.pos] === '\t' || text[src.pos] === '\r')) src.pos++;
      if (src.pos >= n) return undefined;
      const start = src.pos;
      const c = text[start]!;
      if (c === '\\' && text[start + 1] === '\n') {
        src.pos += 2; // line continuation between words
        continue;
      }
      if (c === '\\' && text[start + 1] === '\r' && text[start + 2] === '\n') {
        src.pos += 3;
        continue;
      }
      if (c === '#') {
        while (src.pos < n && text[src.pos] !== '\n') src.pos++;
        continue;
      }
      const two = text.slice(start, start + 2);
      if (two === '&&' || two === '||' || two === ';;') {
        src.pos += 2;
        return { kind: 'op', op: two, span: { start, end: src.pos } };
      }
      if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
        src.pos++;
        return { kind: 'op', op: c, span: { start, end: src.pos } };
      }
      const redirect = /^(\d*)(<<-|<<<|<<|>>|>&|<&|&>>|&>|<>|>\||>|<)/.exec(text.slice(start, start + 8));
      if (redirect) return this.redirect(start, redirect[0], redirect[2]!);
      // Only assignment words see the assignments before them; the shell expands the command's
      // other words first. So a word that turns out not to be an assignment is read again.
      const problemCount = src.problems.length;
      vars.overlayVisible = vars.overlay.size > 0;
      let word = readWord(src, vars);
      if (!word) {
        vars.overlayVisible = false;
        src.pos++;
        continue;
      }
      if (vars.overlayVisible && assignedName(word.raw) === undefined) {
        src.problems.length = problemCount;
        src.pos = start;
        vars.overlayVisible = false;
        word = readWord(src, vars)!;
      }
      vars.overlayVisible = false;
      const name = assignedName(word.raw);
      if (name !== undefined)
        return { kind: 'word', word, assignment: { name, valueStart: word.span.start + name.length + 1 } };
      return { kind: 'word', word };
    }
  }

  /** A redirection operator just matched at `start`; a here-document's delimiter is read with it. */
  private redirect(start: number, written: string, op: string): Token {
    const { src } = this;
    src.pos += written.length;
    if (op === '<<' || op === '<<-') {
      while (src.pos < src.n && (src.text[src.pos] === ' ' || src.text[src.pos] === '\t')) src.pos++;
      const delim = readWord(src, this.vars);
      if (!delim) return { kind: 'redirect', op: written, span: { start, end: src.pos } };
      this.pendingHeredocs.push({ delimiter: delim.raw.replace(/["'\\]/g, ''), stripTabs: op === '<<-' });
      return { kind: 'redirect', op: written, span: { start, end: src.pos }, target: delim };
    }
    return { kind: 'redirect', op: written, span: { start, end: src.pos } };
  }
}
