/** Turns the tokens of one statement into assignments or a command. */
import type { LineIndex } from '../../text/lineIndex';
import type { ShellAssignment, ShellCommand, ShellRedirect, ShellWord } from './model';
import type { Token, WordToken } from './tokens';
import type { ShellVariables } from './variables';

const KEYWORDS_BEFORE = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '(']);
const KEYWORDS_ALONE = new Set(['fi', 'done', 'esac', '}', ')']);
const DECLARATIONS = new Set(['export', 'readonly', 'local', 'declare', 'typeset']);

export class StatementReader {
  readonly assignments: ShellAssignment[] = [];
  readonly commands: ShellCommand[] = [];

  constructor(
    private readonly lines: LineIndex,
    private readonly vars: ShellVariables,
  ) {}

  assignment(t: WordToken, exported: boolean): ShellAssignment {
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
      line: this.lines.position(word.span.start).line,
      exported,
    };
  }

  /** One statement's tokens, up to the operator or newline that ended it. */
  add(tokens: Token[]): void {
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

    const prefixEnv: WordToken[] = [];
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
      for (const t of prefixEnv) this.assign(t, false);
      return;
    }
    const nameWord = words[0]!;
    if (nameWord.known && DECLARATIONS.has(nameWord.text!)) {
      for (let k = j + 1; k < rest.length; k++) {
        const t = rest[k]!;
        if (t.kind === 'word' && t.assignment) this.assign(t, nameWord.text === 'export');
      }
      return;
    }
    const start = prefixEnv[0]?.word.span.start ?? nameWord.span.start;
    const lastWord = words[words.length - 1]!;
    const lastRedirect = redirects[redirects.length - 1];
    const end = Math.max(lastWord.span.end, lastRedirect?.span.end ?? 0);
    this.commands.push({
      name: nameWord.text ?? nameWord.display,
      nameWord,
      args: words.slice(1),
      env: prefixEnv.map((t) => this.assignment(t, true)),
      redirects,
      span: { start, end },
      line: this.lines.position(start).line,
    });
  }

  private assign(t: WordToken, exported: boolean): void {
    const a = this.assignment(t, exported);
    this.assignments.push(a);
    this.vars.assign(a.name, a.value, a.display);
  }
}
