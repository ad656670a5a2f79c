import * as assert from 'node:assert/strict';
import { TestDeployment } from '../../helpers/fixture';
import { codeLines, describeFindings } from './helpers';

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
    assert.deepEqual(Object.keys(r.deployments[0]!.deployment.files).sort(), ['compose', 'conf', 'generated', 'nginx', 'proxy', 'script', 'timer']);
    assert.equal(r.findings.length, 0, describeFindings(r));
  });

  it('has the fixes: own names, challenges to the HTTP port, the script through a Nix path, no /var/lib/acme copy', () => {
    assert.ok(codeLines(d.read('snikket/snikket.conf')).includes('SNIKKET_DOMAIN=chat.hedgehog.test'));
    assert.ok(codeLines(d.read('nginx.nix')).includes('defaults.email = "ops@hedgehog.test";'));
    assert.ok(codeLines(d.read('snikket.nix')).includes('proxy_pass http://localhost:${toString http_port};'));
    assert.ok(codeLines(d.read('snikket/copy-certs-job.nix')).includes('ExecStart = "${pkgs.bash}/bin/bash ${./copy-certs.sh}";'));
    assert.ok(codeLines(d.read('snikket/copy-certs.sh')).includes('TARGET="/var/lib/snikket-certs/$DOMAIN"'));
  });
});
