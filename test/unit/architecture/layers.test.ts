import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../../helpers/fixture';

const DEPCRUISE = path.join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = path.join(REPO, '.dependency-cruiser.cjs');

/** Runs the layer rule (npm run lint:deps) on a scratch checkout made of these files (path -> text). */
function violations(files: Record<string, string>): string[] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
  try {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    const dirs = ['server/src', 'client/src'].filter((d) => fs.existsSync(path.join(root, d)));
    // The reporter npm run lint:deps uses: one `error rule: from → to` line per violation, the exit status their count.
    const r = spawnSync(process.execPath, [DEPCRUISE, '--config', CONFIG, ...dirs], { cwd: root, encoding: 'utf8' });
    const found = [...r.stdout.matchAll(/^\s*error (\S+): (\S+) → (\S+)$/gm)].map((m) => `${m[1]}: ${m[2]} -> ${m[3]}`);
    assert.equal(r.status, found.length, r.stdout + r.stderr);
    return found.sort();
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('layer rule (.dependency-cruiser.cjs)', function () {
  this.timeout(30_000);

  it('passes imports that go down, api/ from the front ends and the client, and cli/ starting lsp/', () => {
    assert.deepEqual(
      violations({
        'server/src/text/span.ts': 'export const a = 1;\n',
        'server/src/syntax/nix.ts': "import { a } from '../text/span';\n",
        'server/src/model/facts/index.ts': 'export type X = 1;\n',
        'server/src/confine/boundary.ts': 'export const b = 1;\n',
        'server/src/rules/rule.ts':
          "import type { X } from '../model/facts/index';\nimport { a } from '../text/span';\n",
        'server/src/check/check.ts': "import { r } from '../rules/rule';\nimport { b } from '../confine/boundary';\n",
        'server/src/api/protocol.ts': 'export type P = 1;\n',
        'server/src/features/overview.ts': "import type { P } from '../api/protocol';\n",
        'server/src/lsp/session.ts': "import { o } from '../features/overview';\n",
        'server/src/cli/main.ts': "const { s } = require('../lsp/session') as typeof import('../lsp/session');\n",
        'client/src/context.ts': 'export const x = 1;\n',
        'client/src/extension.ts':
          "import {\n  Requests,\n  type P,\n} from '../../server/src/api/protocol';\nimport { x } from './context';\n",
      }),
      [],
    );
  });

  it('fails on an import that goes up (type-only included), naming the rule, the importer and the imported', () => {
    assert.deepEqual(
      violations({
        'server/src/check/check.ts': 'export type CheckResult = 1;\n',
        'server/src/model/findings.ts': 'export type Finding = 1;\n',
        'server/src/text/span.ts': 'export const a = 1;\n',
        'server/src/features/scaffold/values.ts': 'export const invalidValues = 1;\n',
        'server/src/cli/main.ts': 'export const main = 1;\n',
        'server/src/syntax/compose/validate.ts':
          "// edit distance\nimport type { CheckResult } from '../../check/check';\n",
        'server/src/rules/rule.ts': "import type {\n  ScaffoldValues,\n} from '../api/protocol';\n",
        'server/src/api/protocol.ts':
          "import type { Finding } from '../model/findings';\nexport type ScaffoldValues = 1;\n",
        'server/src/lsp/session.ts': "import { main } from '../cli/main';\n",
        'client/src/validate.ts': "import { invalidValues } from '../../server/src/features/scaffold/values';\n",
        'server/src/extra/thing.ts': "import { a } from '../text/span';\n",
      }),
      [
        'api-is-leaf: server/src/api/protocol.ts -> server/src/model/findings.ts',
        'api-users: server/src/rules/rule.ts -> server/src/api/protocol.ts',
        'client-uses-api-only: client/src/validate.ts -> server/src/features/scaffold/values.ts',
        'lsp-imports-upward: server/src/lsp/session.ts -> server/src/cli/main.ts',
        'syntax-imports-upward: server/src/syntax/compose/validate.ts -> server/src/check/check.ts',
        'unknown-layer: server/src/extra/thing.ts -> server/src/text/span.ts',
      ],
    );
  });
});
