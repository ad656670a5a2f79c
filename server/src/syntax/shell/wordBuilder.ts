/** A word's expanded value and display form, built up part by part as it is read. */
import type { Span } from '../../text/span';
import type { ShellWord } from './model';
import type { VariableLookup } from './variables';

export class WordBuilder {
  private value = '';
  private display = '';
  private known = true;
  quoted = false;
  private readonly unknownVars: string[] = [];

  /** A part whose value the reader cannot know; `name` is the variable to blame, if any. */
  unknown(rawPart: string, name?: string): void {
    this.known = false;
    this.display += rawPart;
    if (name && !this.unknownVars.includes(name)) this.unknownVars.push(name);
  }

  literal(s: string): void {
    this.value += s;
    this.display += s;
  }

  /** The value of variable `name`, written `raw` in the script. */
  variable(name: string, raw: string, found: VariableLookup): void {
    if (found.value !== undefined) this.literal(found.value);
    else this.unknown(found.display ?? raw, found.defined ? undefined : name);
  }

  word(raw: string, span: Span): ShellWord {
    const { known, display, quoted, unknownVars } = this;
    return { text: known ? this.value : undefined, display, raw, span, quoted, known, unknownVars };
  }
}
