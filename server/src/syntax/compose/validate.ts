/** Checks of the resolved document against the Compose schema and the known key lists. */
import { editDistance } from '../../text/editDistance';
import type { ComposeProblem } from './model';
import { EXPECTED, composeSchema } from './schema';
import { nodeAt, toPlain, type RMap } from './tree';

export function validateSchema(root: RMap, problems: ComposeProblem[]): void {
  const result = composeSchema.safeParse(toPlain(root));
  if (result.success) return;
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const path = issue.path.map(String);
    const pathText = formatPath(issue.path);
    if (seen.has(pathText)) continue;
    seen.add(pathText);
    const { node } = nodeAt(root, issue.path);
    // The field a service-level message is about: services.<name>.<field>...
    const inService = path[0] === 'services' && path.length >= 3;
    const fieldIndex = inService ? 2 : 0;
    const field = path[fieldIndex];
    const expected =
      path[0] === 'services' && path.length === 2
        ? 'a service definition (a map)'
        : field !== undefined
          ? EXPECTED[inService ? field : `top:${field}`]
          : undefined;
    // Our wording for the field itself or one of its items; zod's for anything deeper.
    const message =
      expected && path.length <= fieldIndex + 2
        ? `'${pathText}' must be ${expected}`
        : `'${pathText}': ${issue.message}`;
    problems.push({ span: node.span, message, severity: 'error', path: pathText });
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? String(seg) : `.${String(seg)}`;
  return out;
}

export function checkKeys(
  map: RMap,
  known: readonly string[],
  where: string,
  problems: ComposeProblem[],
  what: string,
): void {
  for (const p of map.pairs) {
    if (p.merged || p.key.startsWith('x-') || known.includes(p.key)) continue;
    let best: string | undefined;
    let bestD = 3;
    for (const k of known) {
      const d = editDistance(p.key, k, bestD);
      if (d < bestD) {
        best = k;
        bestD = d;
      }
    }
    problems.push({
      span: p.keySpan,
      message: `Unknown ${what} '${p.key}'${where}${best ? `; did you mean '${best}'?` : ''}`,
      severity: 'error',
      path: p.key,
    });
  }
}
