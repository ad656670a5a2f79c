import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../../server/src/rules/registry';
import { REPO } from '../../helpers/fixture';

describe('docs/rules', () => {
  const dir = path.join(REPO, 'docs/rules');

  it('one page per rule code, and no page for a code that does not exist', () => {
    const pages = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => f.slice(0, -3))
      .sort();
    assert.deepEqual(pages, RULES.map((r) => r.code).sort());
  });

  for (const rule of RULES) {
    it(`${rule.code}: severity, sections, a bad and a good example, how to silence it`, () => {
      const text = fs.readFileSync(path.join(dir, `${rule.code}.md`), 'utf8');
      assert.ok(text.startsWith(`# \`${rule.code}\`\n`));
      assert.ok(text.includes(`Default severity: **${rule.severity}**.`));
      for (const h of [
        '## What it finds',
        '## Why it matters',
        '## Bad',
        '## Good',
        '## Fixes offered',
        '## Silencing it',
      ])
        assert.ok(text.includes(`\n${h}\n`), h);
      assert.ok(text.includes(`"snikket.ignore": ["${rule.code}"]`));
      assert.ok(text.includes(`--ignore ${rule.code}`));
    });
  }

  it('the README lists every rule, as the registry says it (npm run docs:rules writes the rows)', () => {
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    const rows = readme
      .split('\n')
      .filter((l) => l.startsWith('| [`'))
      .sort();
    const expected = RULES.map((r) => `| [\`${r.code}\`](${r.code}.md) | ${r.severity} | ${r.summary} |`).sort();
    assert.deepEqual(rows, expected, 'run npm run docs:rules');
  });
});
