import * as assert from 'node:assert/strict';
import { TestDeployment } from '../../helpers/fixture';
import { scaffold } from '../../../server/src/features/scaffold';
import { EMPTY, codeLines, describeFindings } from './helpers';

describe('examples/blog-fixed (the blog after its admin fixed everything)', () => {
  let d: TestDeployment;
  before(() => {
    d = TestDeployment.copy('examples/blog-fixed');
  });
  after(() => d.dispose());

  it('checks clean: one deployment with every role and zero findings', () => {
    const r = d.check();
    assert.deepEqual(r.internalErrors, []);
    assert.equal(r.deployments.length, 1);
    assert.deepEqual(Object.keys(r.deployments[0]!.deployment.files).sort(), [
      'compose',
      'conf',
      'generated',
      'nginx',
      'proxy',
      'script',
      'timer',
    ]);
    assert.equal(r.findings.length, 0, describeFindings(r));
  });

  it('has the fixes: own names, enableACME with the fallback on the HTTP port, the script through a Nix path, no /var/lib/acme copy', () => {
    assert.ok(codeLines(d.read('snikket/snikket.conf')).includes('SNIKKET_DOMAIN=chat.hedgehog.test'));
    assert.ok(codeLines(d.read('nginx.nix')).includes('defaults.email = "ops@hedgehog.test";'));
    const module = codeLines(d.read('snikket.nix'));
    const count = (l: string) => module.filter((x) => x === l).length;
    assert.equal(count('enableACME = true;'), 3);
    assert.equal(count('acmeFallbackHost = "localhost:${toString http_port}";'), 3);
    assert.equal(count('proxyPass = "https://localhost:${toString https_port}";'), 3);
    assert.ok(!module.some((l) => /sslCertificate|acme-challenge|proxy_pass/.test(l)));
    assert.ok(
      codeLines(d.read('snikket/copy-certs-job.nix')).includes(
        'ExecStart = "${pkgs.bash}/bin/bash ${./copy-certs.sh}";',
      ),
    );
    assert.ok(codeLines(d.read('snikket/copy-certs.sh')).includes('TARGET="/var/lib/snikket-certs/$DOMAIN"'));
  });

  it('is what the scaffold writes for its values (snikket.nix, copy-certs.sh, copy-certs-job.nix)', () => {
    const r = scaffold(
      { kind: 'deployment', folder: d.dir, values: { domain: 'chat.hedgehog.test', adminEmail: 'ops@hedgehog.test' } },
      EMPTY,
    );
    for (const rel of ['snikket.nix', 'snikket/copy-certs.sh', 'snikket/copy-certs-job.nix', 'snikket/snikket.conf']) {
      assert.equal(d.read(rel), r.files.find((f) => f.path === d.path(rel))!.text, rel);
    }
  });
});
