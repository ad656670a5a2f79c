import * as assert from 'node:assert/strict';
import { TestDeployment } from '../helpers/fixture';
import { MUTANTS } from '../helpers/mutants';

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
            const before = d.snapshot();
            d.apply({ ...fix, edits: fix.edits.map((e) => ({ ...e, file: local(e.file) })) });
            const after = d.snapshot();
            for (const [file, text] of before) {
              if (!fix.edits.some((e) => base.rel(e.file) === file))
                assert.equal(after.get(file), text, `${fix.title} changed ${file}`);
            }
            const now = d.findings();
            const ctx = `${m.name} #${i} ${f.code}: ${fix.title}`;
            assert.ok(
              !now.some(
                (x) =>
                  x.code === f.code &&
                  x.file === local(f.file) &&
                  x.message === f.message &&
                  x.range.start.line === f.range.start.line,
              ),
              `${ctx}: diagnostic still there`,
            );
            const syntaxBefore = findings.filter((x) => x.code === 'syntax-error').length;
            assert.ok(
              now.filter((x) => x.code === 'syntax-error').length <= syntaxBefore,
              `${ctx}: introduced a syntax error`,
            );
            d.dispose();
            tried++;
          }
        }
        base.dispose();
        assert.ok(tried > 0 || findings.every((f) => f.fixes.every((x) => x.edits.length === 0)));
      });
    });
  }
});
