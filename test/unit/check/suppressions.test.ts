import * as assert from 'node:assert/strict';
import { TestDeployment } from '../../helpers/fixture';

const at = (d: TestDeployment, code: string) => d.where(code);

describe('suppression comments', () => {
  it('a Nix comment on the line before silences that finding only', () => {
    const d = TestDeployment.copy('examples/blog', {
      // Three literals are three findings (one binding read three times would be one).
      'snikket.nix': [
        [/acmeFallbackHost = "localhost:\$\{toString port\}"/g, 'acmeFallbackHost = "localhost:5443"'],
        [
          '      forceSSL = true;\n      acmeFallbackHost',
          '      forceSSL = true;\n      # snikket-nixos-ignore acme-fallback-port: checked by hand\n      acmeFallbackHost',
        ],
      ],
    });
    assert.deepEqual(at(d, 'acme-fallback-port'), ['snikket.nix:37:26', 'snikket.nix:47:26']);
    assert.deepEqual(d.findings('unused-suppression'), []);
  });

  it('snikket.conf, shell and YAML comments; several codes; a file directive at the top', () => {
    const d = TestDeployment.copy('examples/blog', {
      'snikket/snikket.conf': [
        [
          'SNIKKET_DOMAIN=chat.example.com',
          '# snikket-nixos-ignore placeholder-value, conf-unknown-variable\nSNIKKET_DOMAIN=chat.example.com',
        ],
      ],
      'snikket/copy-certs.sh': [
        [
          '#!/usr/bin/env bash\n',
          '#!/usr/bin/env bash\n# snikket-nixos-ignore-file placeholder-value cert-copy-mismatch\n',
        ],
      ],
      'nginx.nix': [[/^/, '# snikket-nixos-ignore-file placeholder-value\n']],
    });
    assert.deepEqual(at(d, 'placeholder-value'), ['snikket.nix:4:13', 'snikket/snikket.conf:6:21']);
    assert.deepEqual(at(d, 'cert-copy-mismatch'), []);
    assert.deepEqual(
      d
        .findings('unused-suppression')
        .map(
          (f) => `${d.rel(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message}`,
        ),
      [
        'snikket/snikket.conf:2:43 information snikket-nixos-ignore conf-unknown-variable silences nothing: the next line has no conf-unknown-variable finding',
      ],
    );
  });

  it('reports unused, misplaced and unknown suppressions, and removes an unused one', () => {
    const d = TestDeployment.copy('examples/blog', {
      'snikket/docker-compose.yml': [['services:\n', 'services:\n  # snikket-nixos-ignore compose2nix-stale\n']],
      'snikket/snikket.conf': [
        [
          'SNIKKET_TWEAK_HTTP_PORT=5080',
          '# snikket-nixos-ignore-file placeholder-value\n# snikket-nixos-ignore no-such-rule\nSNIKKET_TWEAK_HTTP_PORT=5080',
        ],
      ],
    });
    const unused = d.findings('unused-suppression');
    assert.deepEqual(
      unused.map((f) => `${d.rel(f.file)}:${f.range.start.line + 1} ${f.message}`),
      [
        'snikket/docker-compose.yml:4 snikket-nixos-ignore compose2nix-stale silences nothing: the next line has no compose2nix-stale finding',
        'snikket/snikket.conf:8 snikket-nixos-ignore-file placeholder-value has no effect here: it applies only among the comment lines at the top of the file',
        'snikket/snikket.conf:9 snikket-nixos-ignore names no-such-rule, which is not a rule code of snikket-nixos',
      ],
    );
    d.apply(unused[0]!.fixes[0]!);
    assert.ok(d.read('snikket/docker-compose.yml').includes('services:\n  snikket_proxy:\n'));
  });

  it('a suppression of a rule turned off is not judged', () => {
    const d = TestDeployment.copy('examples/blog', {
      'snikket/docker-compose.yml': [['services:\n', 'services:\n  # snikket-nixos-ignore compose2nix-stale\n']],
    });
    const { check } = require('../../../server/src/check/check') as typeof import('../../../server/src/check/check');
    const { DocumentStore } =
      require('../../../server/src/model/documents') as typeof import('../../../server/src/model/documents');
    const { NodeFileHost } =
      require('../../../server/src/model/fileHost') as typeof import('../../../server/src/model/fileHost');
    const r = check(new DocumentStore(new NodeFileHost()), [d.dir], { ignore: ['compose2nix-stale'] });
    assert.deepEqual(
      r.findings.filter((f) => f.code === 'unused-suppression'),
      [],
    );
  });
});

describe('Ignore CODE on this line', () => {
  const { ignoreLineEdit, nixLineStartIsCode } =
    require('../../../server/src/check/suppressions') as typeof import('../../../server/src/check/suppressions');
  const { applyTextEdits } =
    require('../../../server/src/fixes/applyEdits') as typeof import('../../../server/src/fixes/applyEdits');
  const finding = (file: string, line: number, code = 'placeholder-value') => ({
    file,
    range: { start: { line, character: 4 }, end: { line, character: 9 } },
    severity: 'warning' as const,
    code,
    message: '',
    related: [],
    fixes: [],
  });
  const ignored = (file: string, text: string, line: number, code?: string) => {
    const e = ignoreLineEdit(
      finding(file, line, code),
      text,
      file.endsWith('.nix') ? (o) => nixLineStartIsCode(text, o) : undefined,
    );
    return e ? applyTextEdits(text, [e]) : undefined;
  };

  it("writes the comment with the line's indentation, in each file kind", () => {
    assert.equal(
      ignored('/d/a.nix', '{\n  x = "a";\n}\n', 1),
      '{\n  # snikket-nixos-ignore placeholder-value\n  x = "a";\n}\n',
    );
    assert.equal(
      ignored('/d/snikket.conf', 'A=1\nSNIKKET_DOMAIN=x\n', 1),
      'A=1\n# snikket-nixos-ignore placeholder-value\nSNIKKET_DOMAIN=x\n',
    );
    assert.equal(
      ignored('/d/docker-compose.yml', 'services:\n  a:\n    image: x\n', 2),
      'services:\n  a:\n    # snikket-nixos-ignore placeholder-value\n    image: x\n',
    );
    assert.equal(ignored('/d/c.sh', 'A=1\r\nB=2\r\n', 1), 'A=1\r\n# snikket-nixos-ignore placeholder-value\r\nB=2\r\n');
  });

  it('adds the code to a suppression already on the line before, and never twice', () => {
    const text = '{\n  # snikket-nixos-ignore domain-mismatch\n  x = "a";\n}\n';
    assert.equal(
      ignored('/d/a.nix', text, 2),
      '{\n  # snikket-nixos-ignore domain-mismatch, placeholder-value\n  x = "a";\n}\n',
    );
    assert.equal(ignored('/d/a.nix', text, 2, 'domain-mismatch'), undefined);
  });

  it('is not offered on a Nix line that starts inside a multi-line string', () => {
    assert.equal(ignored('/d/a.nix', "{\n  s = ''\n    cp a b\n  '';\n}\n", 2), undefined);
  });
});
