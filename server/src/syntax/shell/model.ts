/** What the shell reader gives its callers: words, assignments and commands with their spans. */
import type { Span } from '../../text/span';

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
