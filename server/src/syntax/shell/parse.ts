/**
 * A small reader for scripts like copy-certs.sh: variable assignments and simple commands with
 * their words split and expanded by POSIX shell quoting rules. It is not a shell parser:
 * control flow is ignored (`if`/`then`/`do` keywords are dropped and what follows them is read
 * as a command), and assignments are applied in text order. Anything the reader cannot know
 * (the environment, command substitution, `~`, positional parameters) makes a word "not known"
 * rather than guessed.
 */
import type { Span } from '../../text/span';
import { LineIndex } from '../../text/lineIndex';

export interface ShellWord {
  /** The word after quote removal and expansion; undefined when some part is unknown. */
  text: string | undefined;
  /** Like `text`, but unknown parts keep their source text (`$HOME`, `$(date)`), for display. */
  display: string;
  raw: string;
  span: Span;
  /** Any part of the word was quoted (so it is not subject to splitting or globbing). */
  quoted: boolean;
  known: boolean;
  /** Variables the word uses that no earlier assignment defines (assigned-but-unknown ones are not listed). */
  unknownVars: string[];
}

export interface ShellAssignment {
  name: string;
  /** Undefined when the value depends on something unknown. */
  value: string | undefined;
  display: string;
  raw: string;
  span: Span;
  valueSpan: Span;
  line: number;
  exported: boolean;
}

export interface ShellRedirect {
  op: string;
  target: ShellWord | undefined;
  span: Span;
}

export interface ShellCommand {
  /** The command word as expanded (its display form when not fully known). */
  name: string;
  nameWord: ShellWord;
  args: ShellWord[];
  /** `VAR=value cmd`: assignments that apply to this command only. */
  env: ShellAssignment[];
  redirects: ShellRedirect[];
  span: Span;
  line: number;
}

export interface ShellProblem {
  span: Span;
  message: string;
}

export interface ShellScript {
  shebang?: { interpreter: string; span: Span };
  assignments: ShellAssignment[];
  commands: ShellCommand[];
  problems: ShellProblem[];
  /** Variables as known at the end of the script (text order, no control flow). */
  variables: ReadonlyMap<string, string | undefined>;
}

const KEYWORDS_BEFORE = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '(']);
const KEYWORDS_ALONE = new Set(['fi', 'done', 'esac', '}', ')']);
const DECLARATIONS = new Set(['export', 'readonly', 'local', 'declare', 'typeset']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

type Token =
  | { kind: 'word'; word: ShellWord; assignment?: { name: string; valueStart: number } }
  | { kind: 'op'; op: string; span: Span }
  | { kind: 'redirect'; op: string; span: Span; target?: ShellWord };

export function parseShell(text: string): ShellScript {
  const problems: ShellProblem[] = [];
  const assignments: ShellAssignment[] = [];
  const commands: ShellCommand[] = [];
  const vars = new Map<string, string | undefined>();
  // Display forms of variables assigned from something unknown (`P="$HOME/x"` shows as `$HOME/x`).
  const displays = new Map<string, string>();
  // Assignments at the start of the command being read: the shell performs them left to right,
  // so later words of the same command see them; they persist only if no command word follows.
  const overlay = new Map<string, { value: string | undefined; display: string }>();
  let overlayVisible = false;
  const lookup = (name: string): { value: string | undefined; display: string | undefined; defined: boolean } => {
    const o = overlayVisible ? overlay.get(name) : undefined;
    if (o) return { value: o.value, display: o.display, defined: true };
    return { value: vars.get(name), display: displays.get(name), defined: vars.has(name) };
  };
  const assign = (name: string, value: string | undefined, display: string) => {
    vars.set(name, value);
    if (value === undefined) displays.set(name, display);
    else displays.delete(name);
  };
  const lines = new LineIndex(text);
  const n = text.length;
  let pos = 0;
  const script: ShellScript = { assignments, commands, problems, variables: vars };

  if (text.startsWith('#!')) {
    const eol = text.indexOf('\n');
    const end = eol < 0 ? n : eol;
    script.shebang = { interpreter: text.slice(2, end).replace(/\r$/, '').trim(), span: { start: 0, end } };
    pos = end;
  }

  // indexOf that remembers where a character is known to be absent, so that many unclosed
  // `${` or backquotes cost linear time instead of a scan to the end of the file each.
  const absentFrom = new Map<string, number>();
  const indexFrom = (ch: string, from: number): number => {
    const absent = absentFrom.get(ch);
    if (absent !== undefined && from >= absent) return -1;
    const i = text.indexOf(ch, from);
    if (i < 0) absentFrom.set(ch, Math.min(from, absent ?? from));
    return i;
  };

  // Heredoc bodies start after the line that introduces them.
  const pendingHeredocs: { delimiter: string; stripTabs: boolean }[] = [];

  try {
    let current: Token[] = [];
    for (;;) {
      const tok = nextToken();
      if (!tok) {
        flush(current);
        break;
      }
      if (tok.kind === 'op') {
        flush(current);
        current = [];
        overlay.clear();
        if (tok.op === '\n' && pendingHeredocs.length) skipHeredocs();
        continue;
      }
      if (tok.kind === 'word' && tok.assignment && current.every((t) => t.kind === 'word' && t.assignment)) {
        const a = toAssignment(tok, false);
        overlay.set(a.name, { value: a.value, display: a.display });
      }
      current.push(tok);
    }
  } catch (e) {
    problems.push({ span: { start: pos, end: pos }, message: `Internal error reading the script: ${String(e)}` });
  }
  return script;

  function skipHeredocs(): void {
    while (pendingHeredocs.length) {
      const { delimiter, stripTabs } = pendingHeredocs.shift()!;
      const start = pos;
      let found = false;
      while (pos < n) {
        const eol = text.indexOf('\n', pos);
        const end = eol < 0 ? n : eol;
        let line = text.slice(pos, end).replace(/\r$/, '');
        if (stripTabs) line = line.replace(/^\t+/, '');
        pos = eol < 0 ? n : eol + 1;
        if (line === delimiter) {
          found = true;
          break;
        }
      }
      if (!found) problems.push({ span: { start, end: n }, message: `Here-document is not closed by a \`${delimiter}\` line` });
    }
  }

  function nextToken(): Token | undefined {
    for (;;) {
      while (pos < n && (text[pos] === ' ' || text[pos] === '\t' || text[pos] === '\r')) pos++;
      if (pos >= n) return undefined;
      const c = text[pos]!;
      if (c === '\\' && text[pos + 1] === '\n') {
        pos += 2; // line continuation between words
        continue;
      }
      if (c === '\\' && text[pos + 1] === '\r' && text[pos + 2] === '\n') {
        pos += 3;
        continue;
      }
      if (c === '#') {
        while (pos < n && text[pos] !== '\n') pos++;
        continue;
      }
      const start = pos;
      const two = text.slice(pos, pos + 2);
      if (two === '&&' || two === '||' || two === ';;') {
        pos += 2;
        return { kind: 'op', op: two, span: { start, end: pos } };
      }
      if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
        pos++;
        return { kind: 'op', op: c, span: { start, end: pos } };
      }
      const redirect = /^(\d*)(<<-|<<<|<<|>>|>&|<&|&>>|&>|<>|>\||>|<)/.exec(text.slice(pos, pos + 8));
      if (redirect) {
        pos += redirect[0].length;
        const op = redirect[2]!;
        if (op === '<<' || op === '<<-') {
          while (pos < n && (text[pos] === ' ' || text[pos] === '\t')) pos++;
          const delim = readWord();
          if (!delim) return { kind: 'redirect', op: redirect[0], span: { start, end: pos } };
          pendingHeredocs.push({ delimiter: delim.raw.replace(/["'\\]/g, ''), stripTabs: op === '<<-' });
          return { kind: 'redirect', op: redirect[0], span: { start, end: pos }, target: delim };
        }
        return { kind: 'redirect', op: redirect[0], span: { start, end: pos } };
      }
      // Only assignment words see the assignments before them; the shell expands the command's
      // other words first. So a word that turns out not to be an assignment is read again.
      const problemCount = problems.length;
      overlayVisible = overlay.size > 0;
      let word = readWord();
      if (!word) {
        overlayVisible = false;
        pos++;
        continue;
      }
      if (overlayVisible && !isAssignmentWord(word.raw)) {
        problems.length = problemCount;
        pos = start;
        overlayVisible = false;
        word = readWord()!;
      }
      overlayVisible = false;
      const m = NAME.exec(word.raw);
      if (m && word.raw[m[0].length] === '=') return { kind: 'word', word, assignment: { name: m[0], valueStart: word.span.start + m[0].length + 1 } };
      return { kind: 'word', word };
    }
  }

  /** One word from pos, applying quoting and expansion; stops at blanks and operators. */
  function readWord(): ShellWord | undefined {
    const start = pos;
    let value = '';
    let display = '';
    let known = true;
    let quoted = false;
    const unknownVars: string[] = [];

    const unknown = (rawPart: string, name?: string) => {
      known = false;
      display += rawPart;
      if (name && !unknownVars.includes(name)) unknownVars.push(name);
    };
    const literal = (s: string) => {
      value += s;
      display += s;
    };

    /** `$...` at pos; appends the expansion. */
    const dollar = () => {
      const s = pos;
      const next = text[pos + 1];
      if (next === '{') {
        const close = indexFrom('}', pos + 2);
        if (close < 0) {
          problems.push({ span: { start: s, end: Math.min(n, lineEnd(s)) }, message: 'Unterminated `${`' });
          unknown(text.slice(s, lineEnd(s)));
          pos = lineEnd(s);
          return;
        }
        const body = text.slice(pos + 2, close);
        pos = close + 1;
        const raw = text.slice(s, pos);
        const m = NAME.exec(body);
        if (!m) return unknown(raw);
        const name = m[0];
        const rest = body.slice(name.length);
        const { value: v, display: shown, defined } = lookup(name);
        if (rest === '') return v === undefined ? unknown(shown ?? raw, defined ? undefined : name) : literal(v);
        const op = /^(:?[-=+?])/.exec(rest)?.[1];
        if (!op || v === undefined) return unknown(raw, defined ? undefined : name);
        const arg = rest.slice(op.length);
        const unset = op.startsWith(':') ? v === '' : false;
        if (op.endsWith('+')) return literal(unset ? '' : arg);
        if (op.endsWith('-') || op.endsWith('=')) return literal(unset ? arg : v);
        return literal(v);
      }
      if (next === '(') {
        // Command or arithmetic substitution: skip to the matching parenthesis.
        let depth = 0;
        let i = pos + 1;
        for (; i < n; i++) {
          if (text[i] === '(') depth++;
          else if (text[i] === ')' && --depth === 0) break;
        }
        if (i >= n) {
          problems.push({ span: { start: s, end: n }, message: 'Unterminated `$(`' });
          pos = n;
        } else pos = i + 1;
        return unknown(text.slice(s, pos));
      }
      const m = NAME.exec(text.slice(pos + 1, pos + 1 + 256));
      if (m) {
        pos += 1 + m[0].length;
        const { value: v, display: shown, defined } = lookup(m[0]);
        return v === undefined ? unknown(shown ?? '$' + m[0], defined ? undefined : m[0]) : literal(v);
      }
      if (next !== undefined && /[0-9@*#?$!-]/.test(next)) {
        pos += 2;
        return unknown('$' + next);
      }
      pos++;
      literal('$');
    };

    const backtick = () => {
      const s = pos;
      const close = indexFrom('`', pos + 1);
      if (close < 0) {
        problems.push({ span: { start: s, end: lineEnd(s) }, message: 'Unterminated backquote' });
        pos = n;
      } else pos = close + 1;
      unknown(text.slice(s, pos));
    };

    if (text[pos] === '~') {
      // Tilde expansion depends on the user running the script.
      const m = /^~[A-Za-z0-9_.-]*/.exec(text.slice(pos, pos + 64))!;
      pos += m[0].length;
      unknown(m[0]);
    }

    while (pos < n) {
      const c = text[pos]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|' || c === '<' || c === '>' || c === '(' || c === ')') break;
      if (c === '\r' && (text[pos + 1] === '\n' || pos + 1 >= n)) break;
      if (c === '\\') {
        if (text[pos + 1] === '\n') {
          pos += 2;
          continue;
        }
        if (text[pos + 1] === '\r' && text[pos + 2] === '\n') {
          pos += 3;
          continue;
        }
        if (pos + 1 < n) literal(text[pos + 1]!);
        pos = Math.min(n, pos + 2);
        quoted = true;
        continue;
      }
      if (c === "'") {
        quoted = true;
        const close = indexFrom("'", pos + 1);
        if (close < 0) {
          problems.push({ span: { start: pos, end: lineEnd(pos) }, message: "Unterminated single quote: the shell reads to the end of the file looking for the closing `'`" });
          literal(text.slice(pos + 1, lineEnd(pos)));
          pos = lineEnd(pos);
          break;
        }
        literal(text.slice(pos + 1, close));
        pos = close + 1;
        continue;
      }
      if (c === '"') {
        quoted = true;
        const open = pos;
        pos++;
        let closed = false;
        const stop = hasClosingDoubleQuote(pos) ? n : lineEnd(open);
        while (pos < stop) {
          const d = text[pos]!;
          if (d === '"') {
            pos++;
            closed = true;
            break;
          }
          if (d === '\\') {
            const e = text[pos + 1];
            if (e === '\n') pos += 2;
            else if (e === '$' || e === '`' || e === '"' || e === '\\') {
              literal(e);
              pos += 2;
            } else {
              literal('\\');
              pos++;
            }
            continue;
          }
          if (d === '$') {
            dollar();
            continue;
          }
          if (d === '`') {
            backtick();
            continue;
          }
          literal(d);
          pos++;
        }
        if (!closed) {
          problems.push({ span: { start: open, end: lineEnd(open) }, message: 'Unterminated double quote: the shell reads to the end of the file looking for the closing `"`' });
          // Recovered at the end of the opening line, so later lines are still read.
        }
        continue;
      }
      if (c === '$') {
        dollar();
        continue;
      }
      if (c === '`') {
        backtick();
        continue;
      }
      literal(c);
      pos++;
    }
    if (pos === start) return undefined;
    const raw = text.slice(start, pos);
    return { text: known ? value : undefined, display, raw, span: { start, end: pos }, quoted, known, unknownVars };
  }

  function isAssignmentWord(raw: string): boolean {
    const m = NAME.exec(raw);
    return m !== null && raw[m[0].length] === '=';
  }

  /** Whether an unescaped `"` follows; remembers a negative answer (see indexFrom). */
  function hasClosingDoubleQuote(from: number): boolean {
    let i = from;
    for (;;) {
      i = indexFrom('"', i);
      if (i < 0) return false;
      let backslashes = 0;
      while (text[i - 1 - backslashes] === '\\') backslashes++;
      if (backslashes % 2 === 0) return true;
      i++;
    }
  }

  function lineEnd(from: number): number {
    const i = text.indexOf('\n', from);
    const e = i < 0 ? n : i;
    return e > from && text[e - 1] === '\r' ? e - 1 : e;
  }

  function toAssignment(t: Extract<Token, { kind: 'word' }>, exported: boolean): ShellAssignment {
    const { word, assignment } = t;
    const name = assignment!.name;
    // The word's text includes `NAME=`; strip it (the name is plain, so it is verbatim).
    const prefix = name.length + 1;
    return {
      name,
      value: word.text === undefined ? undefined : word.text.slice(prefix),
      display: word.display.slice(prefix),
      raw: word.raw.slice(prefix),
      span: word.span,
      valueSpan: { start: assignment!.valueStart, end: word.span.end },
      line: lines.position(word.span.start).line,
      exported,
    };
  }

  function flush(tokens: Token[]): void {
    // Drop leading keywords (`if`, `then`, `do` ...): what follows them is a command.
    let i = 0;
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (t.kind === 'word' && !t.assignment && t.word.known && !t.word.quoted && KEYWORDS_BEFORE.has(t.word.raw)) i++;
      else break;
    }
    const rest = tokens.slice(i);
    if (rest.length === 0) return;
    const first = rest[0]!;
    if (rest.length === 1 && first.kind === 'word' && KEYWORDS_ALONE.has(first.word.raw)) return;

    const prefixEnv: Extract<Token, { kind: 'word' }>[] = [];
    let j = 0;
    while (j < rest.length) {
      const t = rest[j]!;
      if (t.kind === 'word' && t.assignment) {
        prefixEnv.push(t);
        j++;
      } else break;
    }
    const words: ShellWord[] = [];
    const redirects: ShellRedirect[] = [];
    for (let k = j; k < rest.length; k++) {
      const t = rest[k]!;
      if (t.kind === 'redirect') {
        const next = rest[k + 1];
        let target = t.target;
        if (!target && next && next.kind === 'word') {
          target = next.word;
          k++;
        }
        redirects.push({ op: t.op, target, span: { start: t.span.start, end: target ? target.span.end : t.span.end } });
      } else if (t.kind === 'word') words.push(t.word);
    }

    if (words.length === 0) {
      // Plain assignments: they change the shell's variables, in order.
      for (const t of prefixEnv) {
        const a = toAssignment(t, false);
        assignments.push(a);
        assign(a.name, a.value, a.display);
      }
      return;
    }
    const nameWord = words[0]!;
    if (nameWord.known && DECLARATIONS.has(nameWord.text!)) {
      for (let k = j + 1; k < rest.length; k++) {
        const t = rest[k]!;
        if (t.kind === 'word' && t.assignment) {
          const a = toAssignment(t, nameWord.text === 'export');
          assignments.push(a);
          assign(a.name, a.value, a.display);
        }
      }
      return;
    }
    const start = (prefixEnv[0]?.word.span.start ?? nameWord.span.start);
    const lastWord = words[words.length - 1]!;
    const lastRedirect = redirects[redirects.length - 1];
    const end = Math.max(lastWord.span.end, lastRedirect?.span.end ?? 0);
    commands.push({
      name: nameWord.text ?? nameWord.display,
      nameWord,
      args: words.slice(1),
      env: prefixEnv.map((t) => toAssignment(t, true)),
      redirects,
      span: { start, end },
      line: lines.position(start).line,
    });
  }
}
