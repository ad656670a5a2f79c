import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../../helpers/fixture';

const SCRIPT = path.join(REPO, 'scripts/checkLayers.mjs');

/** Runs the layer check on a scratch checkout made of these files (path -> text). */
function checkTree(files: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
  try {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    const r = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('layer rule (scripts/checkLayers.mjs)', () => {
  it('passes imports that go down, api/ from the front ends and the client, and cli/ starting lsp/', () => {
    const r = checkTree({
      'server/src/text/span.ts': 'export const a = 1;\n',
      'server/src/syntax/nix.ts': "import { a } from '../text/span';\n",
      'server/src/rules/rule.ts': "import type { X } from '../model/facts/index';\nimport { a } from '../text/span';\n",
      'server/src/check/check.ts': "import { r } from '../rules/rule';\nimport { b } from '../confine/boundary';\n",
      'server/src/features/overview.ts': "import type { P } from '../api/protocol';\n",
      'server/src/lsp/session.ts': "import { o } from '../features/overview';\n",
      'server/src/cli/main.ts': "const { startServer } = require('../lsp/session') as typeof import('../lsp/session');\n",
      'client/src/extension.ts': "import {\n  Requests,\n  type P,\n} from '../../server/src/api/protocol';\nimport { x } from './context';\n",
    });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
  });

  it('fails on an import that goes up, type-only or multi-line (at the line of its path), naming file and why', () => {
    const r = checkTree({
      'server/src/syntax/compose/validate.ts': "// edit distance\nimport type { CheckResult } from '../../check/check';\n",
      'server/src/rules/rule.ts': "import type {\n  ScaffoldValues,\n} from '../api/protocol';\n",
      'server/src/api/protocol.ts': "import type { Finding } from '../model/findings';\n",
      'server/src/lsp/session.ts': "import { main } from '../cli/main';\n",
      'client/src/validate.ts': "import { invalidValues } from '../../server/src/features/scaffold/values';\n",
      'server/src/extra/thing.ts': "import { a } from '../text/span';\n",
    });
    assert.equal(r.status, 1);
    assert.deepEqual(r.stderr.trim().split('\n').sort(), [
      '6 import(s) break the layer rule (ARCHITECTURE.md, Layers).',
      'client/src/validate.ts:1: imports ../../server/src/features/scaffold/values: client/ imports only server/src/api/ from the server',
      'server/src/api/protocol.ts:1: imports ../model/findings: api/ holds plain types and imports nothing from the server',
      'server/src/extra/thing.ts:1: imports ../text/span: extra/ is not a known layer: add it to scripts/checkLayers.mjs and ARCHITECTURE.md',
      'server/src/lsp/session.ts:1: imports ../cli/main: lsp/ is below cli/ and may not import it',
      'server/src/rules/rule.ts:3: imports ../api/protocol: rules/ may not import api/ (only features, cli, lsp, client do)',
      'server/src/syntax/compose/validate.ts:2: imports ../../check/check: syntax/ is below check/ and may not import it',
    ]);
  });
});
