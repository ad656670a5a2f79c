import type { NixElement, NixNode, NixParseResult, NixToken } from './tree';

/** Concatenates the tokens of the tree in order; for any parse result this gives back the input. */
export function printTree(root: NixNode, text: string): string {
  const parts: string[] = [];
  for (const t of treeTokens(root)) parts.push(text.slice(t.start, t.end));
  return parts.join('');
}

/** Every token of the tree, in order (trivia included). */
function treeTokens(root: NixNode): NixToken[] {
  const out: NixToken[] = [];
  const stack: NixElement[] = [root];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.type === 'token') out.push(e);
    else for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]!);
  }
  return out;
}

const QUOTED = new Set(['str_content', 'str_escape', 'path_content', 'error']);

/**
 * A compact S-expression of the tree for tests, trivia omitted:
 * `(AttrSet { (AttrpathValue (Attrpath (Ident a)) = (Literal 1) ;) })`. String content, escapes,
 * path pieces and error tokens are JSON-quoted. The root is left out when it holds one expression;
 * errors follow, one per line, as `! start-end message`.
 */
export function dumpTree(result: NixParseResult): string {
  const { text, root } = result;
  const out: string[] = [];
  // Iterative walk (trees of long operator chains are deep): strings on the stack are emitted as is.
  const dump = (top: NixElement): void => {
    const stack: (NixElement | string)[] = [top];
    while (stack.length > 0) {
      const e = stack.pop()!;
      if (typeof e === 'string') {
        out.push(e);
        continue;
      }
      if (e.type === 'token') {
        const s = text.slice(e.start, e.end);
        out.push(QUOTED.has(e.kind) ? JSON.stringify(s) : s);
        continue;
      }
      out.push('(' + e.kind);
      stack.push(')');
      for (let i = e.children.length - 1; i >= 0; i--) {
        const c = e.children[i]!;
        if (c.type === 'token' && (c.kind === 'whitespace' || c.kind === 'comment')) continue;
        stack.push(c, ' ');
      }
    }
  };
  const kids = root.children.filter((c) => c.type === 'node');
  if (
    kids.length === 1 &&
    root.children.every((c) => c.type === 'node' || c.kind === 'whitespace' || c.kind === 'comment')
  ) {
    dump(kids[0]!);
  } else dump(root);
  let s = out.join('');
  for (const err of result.errors) s += `\n! ${err.start}-${err.end} ${err.message}`;
  return s;
}
