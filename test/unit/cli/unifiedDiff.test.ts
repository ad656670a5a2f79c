import * as assert from 'node:assert/strict';
import { unifiedDiff } from '../../../server/src/cli/unifiedDiff';

describe('unifiedDiff', () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join('');

  it('is empty for equal texts', () => {
    assert.equal(unifiedDiff('a\n', 'a\n', 'a/x', 'b/x'), '');
  });

  it('shows three lines of context and joins changes that are close', () => {
    const before = lines(20);
    const after = before.replace('line 5\n', 'five\n').replace('line 9\n', 'nine\n').replace('line 18\n', '');
    assert.equal(
      unifiedDiff(before, after, 'a/x', 'b/x'),
      [
        '--- a/x',
        '+++ b/x',
        '@@ -2,11 +2,11 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+five',
        ' line 6',
        ' line 7',
        ' line 8',
        '-line 9',
        '+nine',
        ' line 10',
        ' line 11',
        ' line 12',
        '@@ -15,6 +15,5 @@',
        ' line 15',
        ' line 16',
        ' line 17',
        '-line 18',
        ' line 19',
        ' line 20',
        '',
      ].join('\n'),
    );
  });

  it('marks a missing final newline and numbers an insertion into an empty file', () => {
    assert.equal(
      unifiedDiff('a\nb', 'a\nc', 'a/x', 'b/x'),
      [
        '--- a/x',
        '+++ b/x',
        '@@ -1,2 +1,2 @@',
        ' a',
        '-b',
        '\\ No newline at end of file',
        '+c',
        '\\ No newline at end of file',
        '',
      ].join('\n'),
    );
    assert.equal(unifiedDiff('', 'a\n', 'a/x', 'b/x'), ['--- a/x', '+++ b/x', '@@ -0,0 +1,1 @@', '+a', ''].join('\n'));
  });
});
