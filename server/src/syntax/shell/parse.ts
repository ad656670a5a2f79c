/**
 * A small reader for scripts like copy-certs.sh: variable assignments and simple commands with
 * their words split and expanded by POSIX shell quoting rules. It is not a shell parser:
 * control flow is ignored (`if`/`then`/`do` keywords are dropped and what follows them is read
 * as a command), and assignments are applied in text order. Anything the reader cannot know
 * (the environment, command substitution, `~`, positional parameters) makes a word "not known"
 * rather than guessed.
 */
import { LineIndex } from '../../text/lineIndex';
import type { ShellScript } from './model';
import { StatementReader } from './commands';
import { ShellSource } from './source';
import { ShellTokenizer, type Token } from './tokens';
import { ShellVariables } from './variables';

export type { ShellScript } from './model';

export function parseShell(text: string): ShellScript {
  const src = new ShellSource(text);
  const vars = new ShellVariables();
  const statements = new StatementReader(new LineIndex(text), vars);
  const script: ShellScript = {
    assignments: statements.assignments,
    commands: statements.commands,
    problems: src.problems,
    variables: vars.values,
  };

  if (text.startsWith('#!')) {
    const eol = text.indexOf('\n');
    const end = eol < 0 ? src.n : eol;
    script.shebang = { interpreter: text.slice(2, end).replace(/\r$/, '').trim(), span: { start: 0, end } };
    src.pos = end;
  }

  const tokenizer = new ShellTokenizer(src, vars);
  try {
    let current: Token[] = [];
    for (;;) {
      const tok = tokenizer.next();
      if (!tok) {
        statements.add(current);
        break;
      }
      if (tok.kind === 'op') {
        statements.add(current);
        current = [];
        vars.overlay.clear();
        if (tok.op === '\n') tokenizer.skipHeredocs();
        continue;
      }
      if (tok.kind === 'word' && tok.assignment && current.every((t) => t.kind === 'word' && t.assignment)) {
        const a = statements.assignment(tok, false);
        vars.overlay.set(a.name, { value: a.value, display: a.display });
      }
      current.push(tok);
    }
  } catch (e) {
    src.problems.push({
      span: { start: src.pos, end: src.pos },
      message: `Internal error reading the script: ${String(e)}`,
    });
  }
  return script;
}
