import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../server/src/cli/main';
import { REPO } from '../../helpers/fixture';

interface Expected {
  code: string;
  file: string;
  line: number;
}

async function findings(dir: string): Promise<Expected[]> {
  let stdout = '';
  await main(['check', '--format', 'json', '.'], {
    stdout: (s) => (stdout += s),
    stderr: () => undefined,
    cwd: dir,
    color: false,
  });
  const json = JSON.parse(stdout) as {
    diagnostics: { code: string; file: string; range: { start: { line: number } } }[];
  };
  return json.diagnostics.map((d) => ({ code: d.code, file: d.file, line: d.range.start.line + 1 }));
}

const ROOT = path.join(REPO, 'examples/realworld');

describe('examples/realworld: check --format json gives exactly expected.json', () => {
  for (const name of fs
    .readdirSync(ROOT)
    .filter((n) => fs.statSync(path.join(ROOT, n)).isDirectory())
    .sort()) {
    it(name, async () => {
      const dir = path.join(ROOT, name);
      const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected[];
      assert.deepEqual(await findings(dir), expected);
    });
  }
});
