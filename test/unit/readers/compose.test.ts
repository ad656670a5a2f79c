import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseCompose } from '../../../server/src/syntax/compose/parse';
import { parseShortPort, parseShortVolume } from '../../../server/src/syntax/compose/shortSyntax';
import { NASTY, slice, spanOf } from './helpers';

const SEED = `version: "3.3"

services:
  snikket_proxy:
    container_name: snikket-proxy
    image: snikket/snikket-web-proxy:stable
    env_file: snikket.conf
    network_mode: host
    volumes:
      - snikket_data:/snikket
      - acme_challenges:/var/www/html/.well-known/acme-challenge
    restart: "unless-stopped"
  snikket_certs:
    container_name: snikket-certs
    image: snikket/snikket-cert-manager:stable
    network_mode: host
    env_file: snikket.conf
    volumes:
      - snikket_data:/snikket
      - acme_challenges:/var/www/.well-known/acme-challenge
    restart: "unless-stopped"
  snikket_portal:
    container_name: snikket-portal
    image: snikket/snikket-web-portal:stable
    network_mode: host
    env_file: snikket.conf
    restart: "unless-stopped"

  snikket_server:
    container_name: snikket
    image: snikket/snikket-server:stable
    network_mode: host
    volumes:
      - snikket_data:/snikket
    env_file: snikket.conf
    restart: "unless-stopped"

volumes:
  acme_challenges:
  snikket_data:
`;

describe('readers/compose', () => {
  it('reads the seed docker-compose.yml with exact spans', () => {
    const f = parseCompose(SEED);
    assert.deepEqual(f.problems, []);
    assert.deepEqual(f.version, { value: '3.3', span: spanOf(SEED, '"3.3"') });
    assert.deepEqual(
      f.services.map((s) => s.name),
      ['snikket_proxy', 'snikket_certs', 'snikket_portal', 'snikket_server'],
    );
    const proxy = f.services[0]!;
    assert.deepEqual(proxy.nameSpan, spanOf(SEED, 'snikket_proxy'));
    assert.deepEqual(proxy.image, {
      value: 'snikket/snikket-web-proxy:stable',
      span: spanOf(SEED, 'snikket/snikket-web-proxy:stable'),
    });
    assert.deepEqual(proxy.containerName, { value: 'snikket-proxy', span: spanOf(SEED, 'snikket-proxy') });
    assert.deepEqual(proxy.networkMode, { value: 'host', span: spanOf(SEED, 'host') });
    assert.deepEqual(proxy.restart, { value: 'unless-stopped', span: spanOf(SEED, '"unless-stopped"') });
    assert.deepEqual(proxy.envFiles, [{ path: 'snikket.conf', required: true, span: spanOf(SEED, 'snikket.conf') }]);
    assert.deepEqual(proxy.volumes[1], {
      type: 'volume',
      source: 'acme_challenges',
      target: '/var/www/html/.well-known/acme-challenge',
      mode: undefined,
      readOnly: false,
      span: spanOf(SEED, 'acme_challenges:/var/www/html/.well-known/acme-challenge'),
      sourceSpan: spanOf(SEED, 'acme_challenges'),
      targetSpan: spanOf(SEED, '/var/www/html/.well-known/acme-challenge'),
      form: 'short',
    });
    assert.deepEqual(f.volumes, [
      { name: 'acme_challenges', span: spanOf(SEED, 'acme_challenges', 2), external: false },
      { name: 'snikket_data', span: spanOf(SEED, 'snikket_data', 3), external: false },
    ]);
    assert.equal(f.projectName, undefined);
  });

  it('resolves anchors, aliases and merge keys, keeping the anchor spans', () => {
    const t = `name: snikket
x-common: &common
  env_file: snikket.conf
  network_mode: host
services:
  a:
    <<: *common
    image: a
  b:
    <<: *common
    network_mode: bridge
    image: b
`;
    const f = parseCompose(t);
    assert.deepEqual(f.problems, []);
    assert.deepEqual(f.projectName, { value: 'snikket', span: spanOf(t, 'snikket') });
    const [a, b] = f.services;
    assert.deepEqual(a!.envFiles, [{ path: 'snikket.conf', required: true, span: spanOf(t, 'snikket.conf') }]);
    assert.deepEqual(a!.networkMode, { value: 'host', span: spanOf(t, 'host') });
    assert.deepEqual(b!.networkMode, { value: 'bridge', span: spanOf(t, 'bridge') });
    assert.equal(b!.envFiles[0]!.path, 'snikket.conf');
  });

  it('reads environment maps and lists, env_file lists and objects, ports in both forms', () => {
    const t = `services:
  s:
    image: x
    environment:
      SNIKKET_DOMAIN: chat.example.com
      SNIKKET_TWEAK_HTTP_PORT: 5080
      EMPTY:
    env_file:
      - path: ./snikket.conf
        required: false
      - other.env
    ports:
      - "127.0.0.1:5080:80"
      - 3478:3478/udp
      - "49152-49252:49152-49252/udp"
      - 5222
      - target: 5269
        published: "5269"
        protocol: tcp
  t:
    environment:
      - SNIKKET_DOMAIN=chat.example.com
      - BARE
`;
    const f = parseCompose(t);
    assert.deepEqual(f.problems, []);
    const s = f.services[0]!;
    assert.deepEqual(s.environment, [
      {
        key: 'SNIKKET_DOMAIN',
        value: 'chat.example.com',
        keySpan: spanOf(t, 'SNIKKET_DOMAIN'),
        valueSpan: spanOf(t, 'chat.example.com'),
        span: spanOf(t, 'SNIKKET_DOMAIN: chat.example.com'),
      },
      {
        key: 'SNIKKET_TWEAK_HTTP_PORT',
        value: '5080',
        keySpan: spanOf(t, 'SNIKKET_TWEAK_HTTP_PORT'),
        valueSpan: spanOf(t, '5080'),
        span: spanOf(t, 'SNIKKET_TWEAK_HTTP_PORT: 5080'),
      },
      { key: 'EMPTY', value: undefined, keySpan: spanOf(t, 'EMPTY'), valueSpan: undefined, span: spanOf(t, 'EMPTY') },
    ]);
    assert.deepEqual(s.envFiles, [
      { path: './snikket.conf', required: false, span: spanOf(t, './snikket.conf') },
      { path: 'other.env', required: true, span: spanOf(t, 'other.env') },
    ]);
    assert.deepEqual(
      s.ports.map((p) => [p.hostIp, p.published, p.target, p.protocol, p.form, slice(t, p.span)]),
      [
        ['127.0.0.1', { start: 5080, end: 5080 }, { start: 80, end: 80 }, 'tcp', 'short', '"127.0.0.1:5080:80"'],
        [undefined, { start: 3478, end: 3478 }, { start: 3478, end: 3478 }, 'udp', 'short', '3478:3478/udp'],
        [
          undefined,
          { start: 49152, end: 49252 },
          { start: 49152, end: 49252 },
          'udp',
          'short',
          '"49152-49252:49152-49252/udp"',
        ],
        [undefined, undefined, { start: 5222, end: 5222 }, 'tcp', 'short', '5222'],
        [
          undefined,
          { start: 5269, end: 5269 },
          { start: 5269, end: 5269 },
          'tcp',
          'long',
          'target: 5269\n        published: "5269"\n        protocol: tcp\n',
        ],
      ],
    );
    const list = f.services[1]!.environment;
    assert.deepEqual(list[0], {
      key: 'SNIKKET_DOMAIN',
      value: 'chat.example.com',
      keySpan: spanOf(t, 'SNIKKET_DOMAIN', 1),
      valueSpan: spanOf(t, 'chat.example.com', 1),
      span: spanOf(t, 'SNIKKET_DOMAIN=chat.example.com'),
    });
    assert.deepEqual(list[1], {
      key: 'BARE',
      value: undefined,
      keySpan: spanOf(t, 'BARE'),
      valueSpan: undefined,
      span: spanOf(t, 'BARE'),
    });
  });

  it('reads long-form volumes, bind mounts, modes and explicit volume names', () => {
    const t = `services:
  s:
    volumes:
      - ./data:/data:ro,z
      - type: volume
        source: snikket_data
        target: /snikket
        read_only: true
      - /anon
volumes:
  snikket_data:
    name: custom_name
  ext:
    external: true
`;
    const f = parseCompose(t);
    assert.deepEqual(f.problems, []);
    const [bind, long, anon] = f.services[0]!.volumes;
    assert.deepEqual(
      [bind!.type, bind!.source, bind!.target, bind!.mode, bind!.readOnly],
      ['bind', './data', '/data', 'ro,z', true],
    );
    assert.deepEqual(bind!.sourceSpan, spanOf(t, './data'));
    assert.deepEqual(
      [long!.type, long!.source, long!.target, long!.readOnly, long!.form],
      ['volume', 'snikket_data', '/snikket', true, 'long'],
    );
    assert.deepEqual(long!.sourceSpan, spanOf(t, 'snikket_data'));
    assert.deepEqual([anon!.source, anon!.target, anon!.sourceSpan], [undefined, '/anon', undefined]);
    assert.deepEqual(f.volumes[0]!.explicitName, { value: 'custom_name', span: spanOf(t, 'custom_name') });
    assert.equal(f.volumes[1]!.external, true);
  });

  it('reports YAML syntax errors with their spans and keeps reading', () => {
    const t = 'services:\n  s:\n    image: "unclosed\n';
    const f = parseCompose(t);
    assert.ok(f.problems.length > 0);
    for (const p of f.problems) assert.ok(p.span.start >= 0 && p.span.end <= t.length);
    assert.equal(f.problems[0]!.severity, 'error');
    const dup = 'services:\n  s:\n    image: a\n    image: b\n';
    const d = parseCompose(dup);
    assert.deepEqual(
      d.problems.map((p) => [p.message, slice(dup, p.span)]),
      [["Duplicate key 'image': YAML map keys must be unique", 'image']],
    );
  });

  it('reports schema violations at the offending node with its path', () => {
    const t = `services:
  s:
    image: 3
    enviroment:
      A: 1
    restart: sometimes
    ports:
      - "x:80"
    volumes: nope
bogus: 1
`;
    const f = parseCompose(t);
    const got = f.problems.map((p) => [p.path, slice(t, p.span), p.message]);
    assert.deepEqual(got, [
      ['services.s.image', '3', "'services.s.image' must be an image reference (text)"],
      [
        'services.s.volumes',
        'nope',
        "'services.s.volumes' must be a list of 'source:target[:mode]' strings or '{type, source, target}' maps",
      ],
      [
        'services.s.restart',
        'sometimes',
        "'services.s.restart' must be one of 'no', 'always', 'unless-stopped', 'on-failure[:N]'",
      ],
      ['bogus', 'bogus', "Unknown top-level key 'bogus'"],
      ['enviroment', 'enviroment', "Unknown service key 'enviroment' in service 's'; did you mean 'environment'?"],
      [undefined, '"x:80"', "'x' is not a host port or range in 'x:80' in service 's'"],
    ]);
  });

  it('stops an alias bomb with a problem instead of hanging', () => {
    const lines = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(97 + i - 1);
      const cur = String.fromCharCode(97 + i);
      lines.push(
        `x-${cur}: &${cur} [${Array(10)
          .fill('*' + prev)
          .join(',')}]`,
      );
    }
    const f = parseCompose(lines.join('\n') + '\nservices: {}\n');
    assert.ok(f.problems.some((p) => /alias bomb/.test(p.message)));
  });

  it('reports self-referencing aliases', () => {
    const t = 'services:\n  s: &s\n    image: x\n    <<: *s\n';
    const f = parseCompose(t);
    assert.deepEqual(
      f.problems.map((p) => slice(t, p.span)),
      ['*s'],
    );
    assert.equal(f.services[0]!.image!.value, 'x');
  });

  it('handles empty, scalar and odd documents', () => {
    assert.deepEqual(parseCompose('').services, []);
    assert.equal(
      parseCompose('just a string').problems[0]!.message,
      "A compose file must be a map with a 'services:' key",
    );
    assert.equal(parseCompose('services:\n  s:\n').services[0]!.name, 's');
    assert.ok(parseCompose('a: 1\n---\nb: 2\n').problems.length > 0);
  });

  it('splits short volume and port syntax like compose-go', () => {
    assert.deepEqual(parseShortVolume('C:\\data:/data'), {
      type: 'bind',
      source: { text: 'C:\\data', at: 0 },
      target: { text: '/data', at: 8 },
    });
    assert.deepEqual(parseShortPort('[::1]:80:8080/tcp'), {
      hostIp: { text: '::1', at: 1 },
      published: { text: '80', at: 6, range: { start: 80, end: 80 } },
      target: { text: '8080', at: 9, range: { start: 8080, end: 8080 } },
      protocol: 'tcp',
    });
    assert.ok('error' in parseShortPort('80/icmp'));
    assert.ok('error' in parseShortVolume('a:b:c:d'));
  });

  it('never throws on random or mutated input', () => {
    const mutated = fc
      .array(fc.tuple(fc.nat(SEED.length), fc.nat(3), fc.constantFrom(...NASTY)), { maxLength: 10 })
      .map((ops) => ops.reduce((s, [at, del, ins]) => s.slice(0, at) + ins + s.slice(at + del), SEED));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string({ unit: fc.constantFrom(...NASTY, 'a', ' ', '\n  ', '- ') }),
          mutated,
        ),
        (t) => {
          const f = parseCompose(t);
          assert.ok(!f.problems.some((p) => p.message.startsWith('Internal error')), JSON.stringify(f.problems));
          for (const p of f.problems) assert.ok(p.span.start <= p.span.end);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a 10 MB file @slow', function () {
    this.timeout(60_000);
    const parts = ['services:\n'];
    let size = parts[0]!.length;
    for (let i = 0; size < 10_000_000; i++) {
      const s = `  s${i}:\n    image: snikket/snikket-server:stable\n    env_file: snikket.conf\n    volumes:\n      - snikket_data:/snikket\n`;
      parts.push(s);
      size += s.length;
    }
    const f = parseCompose(parts.join(''));
    assert.ok(f.services.length > 50_000);
  });
});
