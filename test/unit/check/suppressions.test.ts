import * as assert from 'node:assert/strict';
import { seed } from '../../helpers/seedDeployment';

/** snikket.conf with example.com placeholders: `top` lines before the domain, `middle` lines after the e-mail. */
const conf = (top: string[], middle: string[] = []) =>
  [
    '# Snikket behind nginx.',
    ...top,
    'SNIKKET_DOMAIN=chat.example.com',
    'SNIKKET_ADMIN_EMAIL=admin@example.com',
    ...middle,
    'SNIKKET_TWEAK_HTTP_PORT=5080',
    'SNIKKET_TWEAK_HTTPS_PORT=5443',
    'SNIKKET_TWEAK_TURNSERVER_MIN_PORT=49152',
    'SNIKKET_TWEAK_TURNSERVER_MAX_PORT=49252',
    '',
  ].join('\n');

describe('suppression comments', () => {
  it('a Nix comment on the line before silences that finding only', () => {
    // Three literals are three findings (one binding read three times would be one).
    const d = seed({
      vhost: { acmeFallback: '"localhost:5443"' },
      main: { fallbackComment: '# snikket-nixos-ignore acme-fallback-port: checked by hand' },
    });
    assert.deepEqual(d.where('acme-fallback-port'), ['snikket.nix:31:26', 'snikket.nix:41:26']);
    assert.deepEqual(d.findings('unused-suppression'), []);
  });

  it('snikket.conf, shell and YAML comments; several codes; a file directive at the top', () => {
    const d = seed({
      nixDomain: '"chat.example.com"',
      confText: conf(['# snikket-nixos-ignore placeholder-value, conf-unknown-variable']),
      script: {
        domain: 'chat.example.com',
        header: '# snikket-nixos-ignore-file placeholder-value cert-copy-mismatch',
        copy: 'cp -rL "$SOURCE" "$TARGET"',
      },
      acmeEmail: 'admin@example.com',
      nginxHeader: '# snikket-nixos-ignore-file placeholder-value',
    });
    assert.deepEqual(d.where('placeholder-value'), ['snikket.nix:3:13', 'snikket/snikket.conf:4:21']);
    assert.deepEqual(d.where('cert-copy-mismatch'), []);
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
    const d = seed({
      compose: { first: '  # snikket-nixos-ignore compose2nix-stale' },
      confText: conf([], ['# snikket-nixos-ignore-file placeholder-value', '# snikket-nixos-ignore no-such-rule']),
    });
    const unused = d.findings('unused-suppression');
    assert.deepEqual(
      unused.map((f) => `${d.rel(f.file)}:${f.range.start.line + 1} ${f.message}`),
      [
        'snikket/docker-compose.yml:2 snikket-nixos-ignore compose2nix-stale silences nothing: the next line has no compose2nix-stale finding',
        'snikket/snikket.conf:4 snikket-nixos-ignore-file placeholder-value has no effect here: it applies only among the comment lines at the top of the file',
        'snikket/snikket.conf:5 snikket-nixos-ignore names no-such-rule, which is not a rule code of snikket-nixos',
      ],
    );
    d.apply(unused[0]!.fixes[0]!);
    assert.ok(d.text('snikket/docker-compose.yml').startsWith('services:\n  snikket_proxy:\n'));
  });

  it('a suppression of a rule turned off is not judged', () => {
    const d = seed({ compose: { first: '  # snikket-nixos-ignore compose2nix-stale' } });
    const r = d.result({ ignore: ['compose2nix-stale'] });
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
