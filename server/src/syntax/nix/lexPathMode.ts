/** The lexer's path mode: the pieces of a path after its first one, around interpolations. */
import { CharClass, Ch, CLS, is } from './charClasses';
import { Mode } from './lexBuffer';
import { StringModeLexer } from './lexStringModes';
import { K } from './tokenKinds';

export class PathModeLexer extends StringModeLexer {
  // For each open "path" mode: index of its first token, whether it saw an interpolation.
  readonly pathFirst: number[] = [];
  readonly pathInterp: boolean[] = [];

  enterPath(start: number, n: number): void {
    this.push(K.Path, start);
    this.modes.push(Mode.Path);
    this.pathFirst.push(this.n - 1);
    this.pathInterp.push(false);
    this.pos = start + n;
  }

  endPath(): void {
    this.modes.pop();
    const first = this.pathFirst.pop()!;
    const interp = this.pathInterp.pop()!;
    const last = this.n - 1;
    if (last > first) {
      // More than one piece: every literal piece is path content.
      this.kinds[first] = K.PathContent;
      if (!interp)
        this.error(
          this.starts[first + 1]!,
          first + 2 < this.n ? this.starts[first + 2]! : this.pos,
          "a path cannot contain '//'",
        );
    }
    const lk = this.kinds[last]!;
    if (lk === K.Path || lk === K.PathContent) {
      if (this.text.charCodeAt(this.pos - 1) === Ch.SLASH)
        this.error(this.starts[last]!, this.pos, 'path has a trailing slash');
    }
  }

  /** One piece of the path after its first piece or after an interpolation in it, or its end. */
  protected path(text: string, len: number): void {
    let pos = this.pos;
    const c = text.charCodeAt(pos);
    if (c === Ch.DOLLAR && text.charCodeAt(pos + 1) === Ch.LBRACE) {
      this.pathInterp[this.pathInterp.length - 1] = true;
      this.push(K.DollarBrace, pos);
      this.pos = pos + 2;
      this.modes.push(Mode.Normal);
      return;
    }
    if (c === Ch.SLASH || is(c, CharClass.PATH_CHAR)) {
      const start = pos;
      pos++;
      while (pos < len) {
        const d = text.charCodeAt(pos);
        if (d === Ch.SLASH || (d < 128 && (CLS[d]! & CharClass.PATH_CHAR) !== 0)) pos++;
        else break;
      }
      this.push(K.PathContent, start);
      this.pos = pos;
      return;
    }
    this.endPath();
  }
}
