/**
 * Error-tolerant recursive-descent / Pratt parser for Nix producing the lossless tree of tree.ts.
 *
 * It never throws and never loops without consuming: every loop either bumps a token or exits.
 * Recovery keeps damage local: bindings are re-synchronised on `;`, `}` and on the lookahead
 * "attribute path followed by `=`"; a `"` string left open while typing is cut at its line end.
 *
 * The parser is one class built as a chain of layers, each in its own module: cursor and tree
 * building, lookahead, errors, recovery, then the grammar (strings, bindings, lambdas, atoms,
 * operators, expressions). A chain rather than functions taking the parser state keeps the
 * mutually recursive rules plain method calls on one object: the stack frames per nesting level,
 * which MAX_DEPTH relies on, are those of the grammar rules alone.
 */
import { afterParse } from './bindingChecks';
import { mergeErrors } from './parseErrors';
import { NixParser } from './parseExpressions';
import { lexWithRecovery } from './parseRecovery';
import type { NixParseResult } from './tree';

export function parseNix(text: string): NixParseResult {
  const lx = lexWithRecovery(text);
  const parser = new NixParser(text, lx);
  const root = parser.parseRoot();
  const errors = mergeErrors(lx.errors, parser.errors);
  return afterParse({ text, root, errors });
}
