/**
 * The relative paths a Nix module's `imports` names, read off the tokens without building a tree.
 * Discovery uses it to learn which host imports what across a whole repository (thousands of
 * modules) and then parses only the modules of Snikket deployments. The references the rules
 * report come from the parsed tree, so a miss here can only leave a module out, never misreport one.
 */
import { K, lexCompact, type CompactLex } from '../syntax/nix/lexer';

export function scanImports(text: string): string[] {
  // Cheap reject: most modules of a large repository import nothing.
  if (!text.includes('imports')) return [];
  // Pooled: nothing of the lexing outlives this call.
  const lx = lexCompact(text, undefined, true);
  const out: string[] = [];
  const at = (s: number) => lx.sig[s]!;
  for (let s = 0; s < lx.nsig; s++) {
    const t = at(s);
    if (lx.kinds[t] !== K.Ident || !isWord(text, lx, t, 'imports') || lx.kinds[at(s + 1)] !== K.Eq) continue;
    // Everything up to the `;` that ends the binding: `[ ./a.nix ] ++ lib.optional x ./b.nix`.
    let depth = 0;
    for (s += 2; s < lx.nsig; s++) {
      const k = lx.kinds[at(s)];
      if (k === K.LBracket || k === K.LParen || k === K.LBrace || k === K.DollarBrace) depth++;
      else if (k === K.RBracket || k === K.RParen || k === K.RBrace) depth--;
      else if (k === K.Semi && depth <= 0) break;
      else if (k === K.Path) {
        const p = text.slice(lx.starts[at(s)]!, lx.starts[at(s) + 1]!);
        if (p.startsWith('./') || p.startsWith('../')) out.push(p);
      }
      if (depth < 0) break;
    }
  }
  return out;
}

function isWord(text: string, lx: CompactLex, t: number, word: string): boolean {
  const start = lx.starts[t]!;
  return lx.starts[t + 1]! - start === word.length && text.startsWith(word, start);
}
