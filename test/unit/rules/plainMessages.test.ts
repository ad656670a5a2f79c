import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { main } from '../../../server/src/cli/main';
import { REPO } from '../../helpers/fixture';

// Editors show diagnostics as plain text: Markdown backquotes would show literally.
describe('finding messages are plain text', () => {
  for (const dir of ['examples/blog', 'examples/realworld', 'test/fixtures']) {
    it(`no backquote in a message or a fix title under ${dir}`, async () => {
      let stdout = '';
      await main(['check', '--format', 'json', '.'], {
        stdout: (s) => (stdout += s),
        stderr: () => undefined,
        cwd: path.join(REPO, dir),
        color: false,
      });
      const json = JSON.parse(stdout) as { diagnostics: { message: string; fixes?: { title: string }[] }[] };
      assert.ok(json.diagnostics.length > 0 || dir === 'examples/realworld');
      const texts = json.diagnostics.flatMap((d) => [d.message, ...(d.fixes ?? []).map((f) => f.title)]);
      assert.deepEqual(
        texts.filter((t) => t.includes('`')),
        [],
      );
    });
  }
});
