import * as assert from 'node:assert/strict';
import { GOOD_VHOST, host } from './nginx/base';

describe('placeholder-value: only the modules of the Snikket deployment', () => {
  const blog = `{ ... }: {
  services.nginx.virtualHosts."blog.example.com" = {
    root = "/var/www/blog";
  };
}
`;

  it('a blog module of the same host keeps its own example.com', () => {
    const d = host({ nginx: GOOD_VHOST, extra: '  imports = [ ./blog.nix ];' });
    d.files.set('/deployment/blog.nix', blog);
    assert.deepEqual(
      d.findings('placeholder-value').map((f) => f.file),
      [],
    );
  });

  it('the Snikket module itself is still read', () => {
    const d = host({ nginx: GOOD_VHOST, extra: '  security.acme.defaults.webroot = "/path/to/webroot";' });
    assert.deepEqual(
      d.findings('placeholder-value').map((f) => [f.file, f.message]),
      [['/deployment/configuration.nix', '/path/to/ is a placeholder path from a guide: point it at the real file']],
    );
  });
});
