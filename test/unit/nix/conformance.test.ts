import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareWithNix, formatDisagreement, nixAvailable } from '../../conformance/compare';
import { mutants } from '../../conformance/mutants';

// Compiled to out/test/unit/nix: the sources are four levels up from there.
const REPO = join(__dirname, '..', '..', '..', '..');
const CORPUS = join(REPO, 'test', 'fixtures', 'nix-corpus');

/** Every .nix file of the deployment fixtures and examples (the corpus aside). */
function deploymentFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.nix') && !f.startsWith('nix-corpus'))
    .map((f) => join(dir, f));
}

describe('nix parser conformance with nix-instantiate --parse @slow', function () {
  this.timeout(300000);

  const corpus = (): { name: string; text: string }[] =>
    readdirSync(CORPUS)
      .filter((f) => f.endsWith('.nix'))
      .sort()
      .map((f) => ({ name: f, text: readFileSync(join(CORPUS, f), 'utf8') }));

  it('agrees on the corpus files', async function () {
    if (!nixAvailable()) {
      console.log('    (skipped: nix-instantiate is not installed)');
      this.skip();
    }
    const files = corpus().map((f) => join(CORPUS, f.name));
    assert.ok(files.length >= 30, 'corpus present');
    const report = await compareWithNix(files);
    const bad = [...report.falseErrors, ...report.missedErrors];
    assert.equal(bad.length, 0, bad.map(formatDisagreement).join('\n'));
  });

  it('agrees on the deployment fixtures and examples, and on 300 mutants of them', async function () {
    if (!nixAvailable()) {
      console.log('    (skipped: nix-instantiate is not installed)');
      this.skip();
    }
    const files = [...deploymentFiles(join(REPO, 'test', 'fixtures')), ...deploymentFiles(join(REPO, 'examples'))];
    assert.ok(files.length >= 15, 'fixtures present');
    const dir = mkdtempSync(join(tmpdir(), 'nix-fixture-mutants-'));
    const sources = files.map((f, i) => ({ name: `${i}-${f.split('/').pop()}`, text: readFileSync(f, 'utf8') }));
    for (const m of mutants(sources, 300, 20261125)) {
      const p = join(dir, m.name);
      writeFileSync(p, m.text);
      files.push(p);
    }
    const report = await compareWithNix(files);
    const bad = [...report.falseErrors, ...report.missedErrors];
    assert.equal(
      bad.length,
      0,
      `${bad.length} disagreements (mutants kept in ${dir}):\n` + bad.map(formatDisagreement).join('\n'),
    );
  });

  it('agrees on 300 seeded mutants of the corpus', async function () {
    if (!nixAvailable()) {
      console.log('    (skipped: nix-instantiate is not installed)');
      this.skip();
    }
    const valid = corpus().filter((f) => !f.name.startsWith('broken-'));
    const dir = mkdtempSync(join(tmpdir(), 'nix-mutants-'));
    const files: string[] = [];
    for (const m of mutants(valid, 300, 20240601)) {
      const p = join(dir, m.name);
      writeFileSync(p, m.text);
      files.push(p);
    }
    const report = await compareWithNix(files);
    const bad = [...report.falseErrors, ...report.missedErrors];
    assert.equal(
      bad.length,
      0,
      `${bad.length} disagreements (files kept in ${dir}):\n` + bad.map(formatDisagreement).join('\n'),
    );
  });
});
