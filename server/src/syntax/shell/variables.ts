/** The shell's variables as the reader tracks them, in text order. */

export interface VariableLookup {
  value: string | undefined;
  display: string | undefined;
  defined: boolean;
}

export class ShellVariables {
  readonly values = new Map<string, string | undefined>();
  // Display forms of variables assigned from something unknown (`P="$HOME/x"` shows as `$HOME/x`).
  private readonly displays = new Map<string, string>();
  // Assignments at the start of the command being read: the shell performs them left to right,
  // so later words of the same command see them; they persist only if no command word follows.
  readonly overlay = new Map<string, { value: string | undefined; display: string }>();
  overlayVisible = false;

  lookup(name: string): VariableLookup {
    const o = this.overlayVisible ? this.overlay.get(name) : undefined;
    if (o) return { value: o.value, display: o.display, defined: true };
    return { value: this.values.get(name), display: this.displays.get(name), defined: this.values.has(name) };
  }

  assign(name: string, value: string | undefined, display: string): void {
    this.values.set(name, value);
    if (value === undefined) this.displays.set(name, display);
    else this.displays.delete(name);
  }
}

export const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** The variable a `NAME=value` word assigns, if the word is one. */
export function assignedName(raw: string): string | undefined {
  const m = NAME.exec(raw);
  return m && raw[m[0].length] === '=' ? m[0] : undefined;
}
