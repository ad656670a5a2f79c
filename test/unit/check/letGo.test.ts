import * as assert from 'node:assert/strict';
import { checkEach, type DeploymentResult } from '../../../server/src/check/check';
import { DocumentStore, type NixDoc } from '../../../server/src/model/documents';
import type { FileHost } from '../../../server/src/model/fileHost';
import { seed } from '../../helpers/seedDeployment';

/** Two seed hosts under /r/a and /r/b that import one shared module, which reads each host's domain. */
function twoHosts(): Record<string, string> {
  const files: Record<string, string> = {
    '/r/shared/acme.nix': `{ config, ... }:
{
  security.acme.certs.\${config.networking.domain}.email = "hostmaster@\${config.networking.domain}";
}
`,
  };
  const hosts = [
    ['a', 'chat.hedgehog.test'],
    ['b', 'chat.otter.test'],
  ] as const;
  for (const [name, domain] of hosts) {
    const texts = seed({
      nixDomain: 'config.networking.domain',
      host: `  networking.domain = "${domain}";`,
      imports: './snikket/snikket.nix ./snikket/copy-certs-job.nix ../shared/acme.nix',
    }).texts();
    for (const [file, text] of Object.entries(texts)) files[`/r/${name}/${file}`] = text;
  }
  return files;
}

function memoryHost(files: Record<string, string>): FileHost {
  return {
    list: (root, wanted) => ({
      files: Object.keys(files)
        .filter((f) => f.startsWith(`${root}/`) && wanted(f.slice(f.lastIndexOf('/') + 1)))
        .sort(),
      skipped: [],
    }),
    read: (f) => (f in files ? { ok: true, text: files[f]! } : { ok: false, reason: 'no such file' }),
    exists: (f) => f in files || Object.keys(files).some((k) => k.startsWith(`${f}/`)),
  };
}

function run(letGo: boolean): { store: DocumentStore; results: DeploymentResult[]; findings: string[] } {
  const store = new DocumentStore(memoryHost(twoHosts()));
  const results: DeploymentResult[] = [];
  const findings: string[] = [];
  checkEach(store, ['/r'], { reuse: false, letGo }, (r) => {
    results.push(r);
    for (const f of r.findings)
      findings.push(`${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code}: ${f.message}`);
  });
  return { store, results, findings };
}

const moduleOf = (r: DeploymentResult, file: string): NixDoc => r.deployment.nix.find((d) => d.path === file)!;

describe('a check that lets modules go (the CLI)', () => {
  it('parses a shared module once and reads it with each host’s definitions: the same findings as keeping everything', () => {
    const kept = run(false);
    const dropped = run(true);
    assert.deepEqual(
      dropped.results.map((r) => r.deployment.root),
      ['/r/a/configuration.nix', '/r/b/configuration.nix'],
    );
    const [a, b] = dropped.results as [DeploymentResult, DeploymentResult];
    assert.equal(moduleOf(a, '/r/shared/acme.nix'), moduleOf(b, '/r/shared/acme.nix'));
    assert.deepEqual(dropped.findings, kept.findings);
    // Host b's snikket.nix reads its own domain, which its snikket.conf does not name.
    assert.ok(dropped.findings.some((f) => f.startsWith('/r/b/')));
    assert.ok(!dropped.findings.some((f) => f.startsWith('/r/a/')));
  });

  it('drops each module after the last deployment that reads it; without letGo the store keeps them', () => {
    for (const letGo of [true, false]) {
      const { store, results } = run(letGo);
      const [a, b] = results as [DeploymentResult, DeploymentResult];
      for (const [r, file] of [
        [a, '/r/a/snikket.nix'],
        [b, '/r/b/snikket.nix'],
        [b, '/r/shared/acme.nix'],
      ] as const) {
        const again = store.get(file, 'nix');
        assert.equal(again === moduleOf(r, file), !letGo, `${file} with letGo ${letGo}`);
      }
    }
  });
});
