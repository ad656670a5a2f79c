import * as assert from 'node:assert/strict';
import { MemoryDeployment } from '../../helpers/memoryDeployment';

const IMAGES = ['server', 'web-proxy', 'cert-manager', 'web-portal'];
const BASE =
  'SNIKKET_DOMAIN = "chat.otter.test"; SNIKKET_ADMIN_EMAIL = "a@otter.test"; SNIKKET_TWEAK_HTTP_PORT = "5080";';

/** One module; `env` is every container's environment, `tls` a value the checker cannot know. */
function oneModule(env: string, let_ = ''): string {
  return `{ config, lib, tls, ... }:
let
${let_}
in
{
  virtualisation.oci-containers.containers = {
${IMAGES.map((i) => `    snikket-${i} = { image = "snikket/snikket-${i}:stable"; environment = ${env}; extraOptions = [ "--network=host" ]; };`).join('\n')}
  };
  services.nginx.enable = true;
}
`;
}

/** A setting as the three states: its value, `unknown: why`, or `absent`. */
function setting(d: MemoryDeployment, name: string): string {
  const s = d.result().deployments[0]!.facts.settings;
  const known = s.get(name);
  if (known) return known.value;
  const why = s.unknownReason(name);
  return why === undefined ? 'absent' : `unknown: ${why}`;
}

describe('a value under a condition the checker cannot decide is unknown', () => {
  it('mkIf on one variable: unknown, and no port conflict with nginx is claimed', () => {
    const d = new MemoryDeployment({
      'configuration.nix': oneModule(`{ ${BASE} SNIKKET_TWEAK_HTTPS_PORT = lib.mkIf tls "443"; }`),
    });
    assert.equal(setting(d, 'SNIKKET_TWEAK_HTTPS_PORT'), 'unknown: set only when tls holds');
    assert.deepEqual(d.summary('tweak-port-conflict'), []);
  });

  it('the same mkIf with a known true condition is the value, and the conflict is found', () => {
    const d = new MemoryDeployment({
      'configuration.nix': oneModule(`{ ${BASE} SNIKKET_TWEAK_HTTPS_PORT = lib.mkIf true "443"; }`),
    });
    assert.equal(setting(d, 'SNIKKET_TWEAK_HTTPS_PORT'), '443');
    assert.equal(d.summary('tweak-port-conflict').length, 1);
  });

  it('mkIf false on one variable: absent, not unknown', () => {
    const d = new MemoryDeployment({
      'configuration.nix': oneModule(`{ ${BASE} SNIKKET_TWEAK_HTTPS_PORT = lib.mkIf false "443"; }`),
    });
    assert.equal(setting(d, 'SNIKKET_TWEAK_HTTPS_PORT'), 'absent');
  });

  it('the whole environment under mkIf: what it sets is unknown, what it does not set is absent', () => {
    const d = new MemoryDeployment({ 'configuration.nix': oneModule(`lib.mkIf tls { ${BASE} }`) });
    assert.equal(setting(d, 'SNIKKET_DOMAIN'), 'unknown: set only when tls holds');
    assert.equal(setting(d, 'SNIKKET_TWEAK_HTTP_PORT'), 'unknown: set only when tls holds');
    assert.equal(setting(d, 'SNIKKET_TWEAK_HTTPS_PORT'), 'absent');
    assert.deepEqual(d.summary('conf-missing-required'), []);
  });

  it("mkMerge with an undecidable part: the part's names are unknown, the rest known", () => {
    const d = new MemoryDeployment({
      'configuration.nix': oneModule(
        `lib.mkMerge [ { ${BASE} } (lib.mkIf (tls && true) { SNIKKET_TWEAK_HTTPS_PORT = "443"; }) ]`,
      ),
    });
    assert.equal(setting(d, 'SNIKKET_DOMAIN'), 'chat.otter.test');
    assert.equal(setting(d, 'SNIKKET_TWEAK_HTTPS_PORT'), 'unknown: set only when (tls && true) holds');
    assert.deepEqual(d.summary('tweak-port-conflict'), []);
  });

  it('mkMerge where the undecidable part overrides a known name: unknown, not the known value', () => {
    const d = new MemoryDeployment({
      'configuration.nix': oneModule(
        `lib.mkMerge [ { ${BASE} SNIKKET_TWEAK_HTTPS_PORT = "5443"; } (lib.mkIf tls { SNIKKET_TWEAK_HTTPS_PORT = lib.mkForce "443"; }) ]`,
      ),
    });
    assert.equal(setting(d, 'SNIKKET_TWEAK_HTTPS_PORT'), 'unknown: set only when tls holds');
  });

  it('optionalAttrs with an undecidable condition after //: overridden names unknown, others known', () => {
    const d = new MemoryDeployment({
      'configuration.nix': oneModule(
        'base // lib.optionalAttrs tls { SNIKKET_TWEAK_HTTPS_PORT = "443"; }',
        `  base = { ${BASE} SNIKKET_TWEAK_HTTPS_PORT = "5443"; };`,
      ),
    });
    assert.equal(setting(d, 'SNIKKET_TWEAK_HTTPS_PORT'), 'unknown: set only when tls holds');
    assert.equal(setting(d, 'SNIKKET_DOMAIN'), 'chat.otter.test');
    assert.deepEqual(d.summary('tweak-port-conflict'), []);
  });

  it('optionalAttrs with a known false condition leaves the base value', () => {
    const d = new MemoryDeployment({
      'configuration.nix': oneModule(
        'base // lib.optionalAttrs false { SNIKKET_TWEAK_HTTPS_PORT = "443"; }',
        `  base = { ${BASE} SNIKKET_TWEAK_HTTPS_PORT = "5443"; };`,
      ),
    });
    assert.equal(setting(d, 'SNIKKET_TWEAK_HTTPS_PORT'), '5443');
  });
});

describe('config.<path> defined under a condition the checker cannot decide', () => {
  const host = (line: string, extra: Record<string, string> = {}) =>
    new MemoryDeployment({
      ...extra,
      'configuration.nix': `{ config, lib, tls, ... }: { imports = [ ./snikket.nix${Object.keys(extra)
        .map((f) => ` ./${f}`)
        .join('')} ]; ${line} }\n`,
      'snikket.nix': `{ config, lib, ... }:\n{\n  virtualisation.oci-containers.containers.snikket-server = { image = "snikket/snikket-server:stable"; environment = { SNIKKET_DOMAIN = "chat.\${config.networking.domain}"; SNIKKET_ADMIN_EMAIL = "a@otter.test"; }; };\n}\n`,
    });
  const domain = (d: MemoryDeployment) => {
    const r = d.result().deployments.find((x) => x.deployment.root.endsWith('configuration.nix'))!;
    return (
      r.facts.settings.get('SNIKKET_DOMAIN')?.value ?? `unknown: ${r.facts.settings.unknownReason('SNIKKET_DOMAIN')}`
    );
  };

  it('a plain definition under mkIf is unknown, with the condition', () =>
    assert.equal(
      domain(host('networking.domain = lib.mkIf tls "otter.test";')),
      'unknown: option networking.domain is set only when tls holds',
    ));
  it('the else branch of an undecidable if', () =>
    assert.equal(
      domain(host('networking = if tls then { } else { domain = "otter.test"; };')),
      'unknown: option networking.domain is set only when tls does not hold',
    ));
  it('a set under mkIf that the collector reads as a whole', () =>
    assert.equal(
      domain(host('networking = lib.mkIf tls ((d: { domain = d; }) "otter.test");')),
      'unknown: option networking.domain is set only when tls holds',
    ));
  it('an unconditional mkForce beats an undecidable plain definition', () =>
    assert.equal(
      domain(
        host('networking.domain = lib.mkIf tls "x.test";', {
          'force.nix': '{ lib, ... }: { networking.domain = lib.mkForce "otter.test"; }\n',
        }),
      ),
      'chat.otter.test',
    ));
  it('mkIf true is the value', () =>
    assert.equal(domain(host('networking.domain = lib.mkIf true "otter.test";')), 'chat.otter.test'));
});

describe('containers defined under a condition', () => {
  const module = (cond: string) => `{ config, lib, tls, ... }:
{
  config = lib.mkIf ${cond} {
    virtualisation.oci-containers.containers = {
${IMAGES.map((i) => `      snikket-${i} = { image = "snikket/snikket-${i}:stable"; environment = { ${BASE} SNIKKET_TWEAK_HTTPS_PORT = "443"; }; extraOptions = [ "--network=host" ]; };`).join('\n')}
    };
    services.nginx.enable = true;
  };
}
`;

  it('an undecidable condition: every setting they carry is unknown, and no conflict is claimed', () => {
    const d = new MemoryDeployment({ 'configuration.nix': module('tls') });
    assert.equal(setting(d, 'SNIKKET_DOMAIN'), 'unknown: set only when tls holds');
    assert.equal(setting(d, 'SNIKKET_TWEAK_TURNSERVER'), 'unknown: set only when tls holds');
    assert.deepEqual(d.summary('tweak-port-conflict'), []);
    assert.deepEqual(d.summary('conf-missing-required'), []);
  });

  it('a true condition: the values are known and the conflict is found', () => {
    const d = new MemoryDeployment({ 'configuration.nix': module('true') });
    assert.equal(setting(d, 'SNIKKET_DOMAIN'), 'chat.otter.test');
    assert.equal(d.summary('tweak-port-conflict').length, 1);
  });
});

describe('nginx options defined under a condition', () => {
  const module = (cond: string) =>
    oneModule(`{ ${BASE} SNIKKET_TWEAK_HTTPS_PORT = "5443"; }`).replace(
      '  services.nginx.enable = true;',
      `  services.nginx.enable = true;\n  services.nginx.virtualHosts."chat.otter.test" = {\n    forceSSL = true;\n    enableACME = true;\n    acmeFallbackHost = "localhost:5080";\n    locations."/".proxyPass = lib.mkIf ${cond} "https://localhost:443";\n  };`,
    );

  it('a proxyPass under an undecidable mkIf is not compared', () => {
    assert.deepEqual(new MemoryDeployment({ 'configuration.nix': module('tls') }).summary('https-port-mismatch'), []);
  });

  it('the same proxyPass under mkIf true is', () => {
    assert.equal(
      new MemoryDeployment({ 'configuration.nix': module('true') }).summary('https-port-mismatch').length,
      1,
    );
  });
});
