import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyTextEdits, compatiblePreferredFixes, editsByFile } from '../../server/src/fixes/applyEdits';
import { TestDeployment } from '../helpers/fixture';
import { MUTANTS } from '../helpers/mutants';

/** Every file's text, to compare a deployment before and after a fix. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of fs.readdirSync(dir, { recursive: true }).map(String)) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile()) out.set(p, fs.readFileSync(p, 'utf8'));
  }
  return out;
}

describe('fix safety over every fixture and mutant', () => {
  for (const m of MUTANTS) {
    describe(m.name, () => {
      it('each fix alone removes its diagnostic, adds no syntax error, and edits only its ranges', () => {
        const base = TestDeployment.copy(m.fixture, m.edits);
        const findings = base.findings();
        let tried = 0;
        for (const [i, f] of findings.entries()) {
          for (const fix of f.fixes.filter((x) => x.edits.length > 0)) {
            const d = TestDeployment.copy(m.fixture, m.edits);
            const local = (p: string) => d.path(base.rel(p));
            const before = snapshot(d.dir);
            d.apply({ ...fix, edits: fix.edits.map((e) => ({ ...e, file: local(e.file) })) });
            const after = snapshot(d.dir);
            for (const [file, text] of before) {
              if (!fix.edits.some((e) => local(e.file) === file)) assert.equal(after.get(file), text, `${fix.title} changed ${file}`);
            }
            const now = d.findings();
            const ctx = `${m.name} #${i} ${f.code}: ${fix.title}`;
            assert.ok(!now.some((x) => x.code === f.code && x.file === local(f.file) && x.message === f.message && x.range.start.line === f.range.start.line), `${ctx}: diagnostic still there`);
            const syntaxBefore = findings.filter((x) => x.code === 'syntax-error').length;
            assert.ok(now.filter((x) => x.code === 'syntax-error').length <= syntaxBefore, `${ctx}: introduced a syntax error`);
            d.dispose();
            tried++;
          }
        }
        base.dispose();
        assert.ok(tried > 0 || findings.every((f) => f.fixes.every((x) => x.edits.length === 0)));
      });

      it('all preferred fixes together: no syntax error, and a second pass changes nothing', () => {
        const d = TestDeployment.copy(m.fixture, m.edits);
        // What --fix does: apply the compatible preferred fixes together, re-check, repeat.
        for (let pass = 0; pass < 5; pass++) {
          const fixes = compatiblePreferredFixes(d.findings());
          if (fixes.length === 0) break;
          for (const [file, edits] of editsByFile(fixes)) fs.writeFileSync(file, applyTextEdits(fs.readFileSync(file, 'utf8'), edits));
        }
        const settled = snapshot(d.dir);
        assert.deepEqual(compatiblePreferredFixes(d.findings()), [], `${m.name}: fixes still offered after settling`);
        assert.deepEqual(snapshot(d.dir), settled);
        assert.deepEqual(d.findings('syntax-error'), []);
        d.dispose();
      });
    });
  }
});
