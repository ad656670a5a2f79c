/** A unified diff of two texts (`diff -u` shape), for `check --fix --diff`. */
import { createTwoFilesPatch } from 'diff';

export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string): string {
  if (oldText === newText) return '';
  // jsdiff heads a patch with a separator line that `diff -u` and git do not print.
  return createTwoFilesPatch(oldName, newName, oldText, newText, undefined, undefined, { context: 3 }).replace(
    /^=+\n/,
    '',
  );
}
