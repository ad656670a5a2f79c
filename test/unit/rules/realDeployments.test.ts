import * as assert from 'node:assert/strict';
import { MemoryDeployment } from '../../helpers/memoryDeployment';

const deployment = (files: Record<string, string>) => new MemoryDeployment(files);

const IMAGES = ['server', 'web-proxy', 'cert-manager', 'web-portal'];

/** A one-module deployment; `env` is the Nix expression every container's environment is. */
function oneModule(env: string, extra = '', header = '{ config, lib, ... }:'): string {
  return `${header}
{
  virtualisation.oci-containers.containers = {
${IMAGES.map((i) => `    snikket-${i} = { image = "snikket/snikket-${i}:stable"; environment = ${env}; extraOptions = [ "--network=host" ]; };`).join('\n')}
  };
  services.nginx.enable = true;
  services.nginx.virtualHosts."chat.otter.test" = {
    forceSSL = true;
    enableACME = true;
    acmeFallbackHost = "localhost:5080";
    locations."/".proxyPass = "https://localhost:5443";
  };
${extra}
}
`;
}

describe('settings: known, unknown, absent', () => {
  it('an env file read at run time makes every setting unknown, not missing', () => {
    const d = deployment({
      'configuration.nix': oneModule('{ }', '', '{ config, lib, ... }:').replace(
        /environment = \{ \};/g,
        'environment = { }; environmentFiles = [ "/run/secrets/snikket.env" ];',
      ),
    });
    const r = d.result();
    const s = r.deployments[0]!.facts.settings;
    assert.equal(s.get('SNIKKET_DOMAIN'), undefined);
    assert.equal(s.unknownReason('SNIKKET_DOMAIN'), 'set at run time by /run/secrets/snikket.env');
    assert.deepEqual(
      r.findings.filter((f) => ['conf-missing-required', 'tweak-port-conflict', 'import-missing'].includes(f.code)),
      [],
    );
  });

  it('without the run-time file the same settings are absent and reported', () => {
    const d = deployment({ 'configuration.nix': oneModule('{ }') });
    const s = d.result().deployments[0]!.facts.settings;
    assert.equal(s.unknownReason('SNIKKET_DOMAIN'), undefined);
    assert.deepEqual(d.where('conf-missing-required').length, 2);
  });

  it('a path literal under /run is not a missing repository file; a relative one is', () => {
    const runtime = deployment({
      'configuration.nix': oneModule('{ }').replace(
        /environment = \{ \};/g,
        'environment = { }; environmentFiles = [ /run/secrets/snikket.env ];',
      ),
    });
    assert.deepEqual(runtime.findings('import-missing'), []);
    const local = deployment({
      'configuration.nix': oneModule('{ }').replace(
        /environment = \{ \};/g,
        'environment = { }; environmentFiles = [ ./snikket.env ];',
      ),
    });
    const found = local.findings('import-missing');
    // Four containers name one missing file: one finding, three related locations.
    assert.equal(found.length, 1);
    assert.equal(found[0]!.related.length, 3);
    assert.match(found[0]!.message, /env_file names snikket.env, which does not exist \(named 4 times\)/);
  });

  it('inherit environment from a let is read (no false missing, no false port conflict)', () => {
    const d = deployment({
      'configuration.nix': oneModule(
        'environment',
        '',
        `{ config, lib, ... }:
let environment = { SNIKKET_DOMAIN = "chat.otter.test"; SNIKKET_ADMIN_EMAIL = "a@otter.test"; SNIKKET_TWEAK_HTTP_PORT = "5080"; SNIKKET_TWEAK_HTTPS_PORT = "5443"; }; in`,
      ).replace(/environment = environment;/g, 'inherit environment;'),
    });
    assert.equal(d.result().deployments[0]!.facts.settings.get('SNIKKET_TWEAK_HTTPS_PORT')?.value, '5443');
    assert.deepEqual(
      d
        .findings()
        .filter((f) =>
          ['conf-missing-required', 'tweak-port-conflict', 'acme-fallback-port', 'https-port-mismatch'].includes(
            f.code,
          ),
        ),
      [],
    );
  });

  it('a real drift inside an inherited environment is still found', () => {
    const d = deployment({
      'configuration.nix': oneModule(
        'environment',
        '',
        `{ config, lib, ... }:
let environment = { SNIKKET_DOMAIN = "chat.otter.test"; SNIKKET_ADMIN_EMAIL = "a@otter.test"; SNIKKET_TWEAK_HTTP_PORT = "5080"; SNIKKET_TWEAK_HTTPS_PORT = "443"; }; in`,
      ).replace(/environment = environment;/g, 'inherit environment;'),
    });
    assert.deepEqual(d.findings('tweak-port-conflict').length, 1);
  });
});

describe("config.<path> across the host's modules", () => {
  const host = (domainLine: string): Record<string, string> => ({
    'configuration.nix': `{ config, lib, ... }: { imports = [ ./snikket.nix ]; ${domainLine} }\n`,
    'snikket.nix': oneModule(
      '{ SNIKKET_DOMAIN = "chat.${config.networking.domain}"; SNIKKET_ADMIN_EMAIL = "a@otter.test"; SNIKKET_TWEAK_HTTP_PORT = "5080"; SNIKKET_TWEAK_HTTPS_PORT = "5443"; }',
    ),
  });
  const domainOf = (d: MemoryDeployment) => {
    const s = d.result().deployments.find((x) => x.deployment.root.endsWith('configuration.nix'))!.facts.settings;
    return s.get('SNIKKET_DOMAIN')?.value ?? `unknown: ${s.unknownReason('SNIKKET_DOMAIN')}`;
  };

  it('a plain definition', () =>
    assert.equal(domainOf(deployment(host('networking.domain = "otter.test";'))), 'chat.otter.test'));
  it('mkForce wins over a plain definition', () =>
    assert.equal(domainOf(deployment(host('networking.domain = lib.mkForce "otter.test";'))), 'chat.otter.test'));
  it('mkDefault loses to a plain definition elsewhere', () => {
    const files = host('networking.domain = lib.mkDefault "wrong.test";');
    files['extra.nix'] = '{ networking.domain = "otter.test"; }\n';
    files['configuration.nix'] = files['configuration.nix']!.replace('./snikket.nix', './snikket.nix ./extra.nix');
    assert.equal(domainOf(deployment(files)), 'chat.otter.test');
  });
  it('mkIf with a known false condition does not define it', () =>
    assert.equal(
      domainOf(deployment(host('networking.domain = lib.mkIf false "x.test";'))),
      "unknown: option networking.domain is not set in this host's modules",
    ));
  it('an option nobody sets is unknown, and no rule calls the domain missing', () => {
    const d = deployment(host(''));
    assert.equal(domainOf(d), "unknown: option networking.domain is not set in this host's modules");
    assert.deepEqual(d.findings('conf-missing-required'), []);
    assert.deepEqual(d.findings('domain-mismatch'), []);
  });
  it("a custom option's default", () => {
    const files = host('');
    files['snikket.nix'] = files['snikket.nix']!.replace('config.networking.domain', 'config.my.domain').replace(
      'services.nginx.enable = true;',
      'options.my.domain = lib.mkOption { default = "otter.test"; };\n  services.nginx.enable = true;',
    );
    assert.equal(domainOf(deployment(files)), 'chat.otter.test');
  });
  it('a domain from the host that differs from the vhost is a real mismatch', () => {
    const d = deployment(host('networking.domain = "beaver.test";'));
    assert.equal(d.findings('domain-mismatch').length, 1);
  });
});

describe('scope: only values that reach Snikket', () => {
  it('a blog module binding `domain` is neither compared nor fixed; a real drift elsewhere is', () => {
    const blog =
      '{ ... }:\nlet\n  domain = "blog.otter.test";\nin\n{\n  services.nginx.virtualHosts.${domain}.root = "/srv/blog";\n}\n';
    const d = deployment({
      'configuration.nix': '{ ... }: { imports = [ ./snikket.nix ./blog.nix ]; }\n',
      'blog.nix': blog,
      'snikket.nix': oneModule(
        '{ SNIKKET_DOMAIN = "chat.otter.test"; SNIKKET_ADMIN_EMAIL = "a@otter.test"; SNIKKET_TWEAK_HTTP_PORT = "5080"; SNIKKET_TWEAK_HTTPS_PORT = "5443"; }',
      ).replace('virtualHosts."chat.otter.test"', 'virtualHosts."chat.otter.example"'),
    });
    const found = d.findings('domain-mismatch');
    assert.deepEqual(
      found.map((f) => d.rel(f.file)),
      ['snikket.nix'],
    );
    for (const f of d.findings())
      for (const fix of f.fixes)
        if (fix.edits.length > 0 && fix.edits.every((e) => !e.file.endsWith('blog.nix'))) d.apply(fix);
    assert.equal(d.text('blog.nix'), blog);
    assert.ok(d.findings().every((f) => !f.file.endsWith('blog.nix')));
  });
});

describe('domain-mismatch reads the name nginx serves', () => {
  const env =
    '{ SNIKKET_DOMAIN = "chat.otter.test"; SNIKKET_ADMIN_EMAIL = "a@otter.test"; SNIKKET_TWEAK_HTTP_PORT = "5080"; SNIKKET_TWEAK_HTTPS_PORT = "5443"; }';
  const withServerName = (name: string) =>
    oneModule(env).replace(
      'virtualHosts."chat.otter.test" = {',
      `virtualHosts."snikket-https" = {\n    serverName = "${name}";`,
    );
  it('serverName decides, not the attribute name', () => {
    assert.deepEqual(
      deployment({ 'configuration.nix': withServerName('chat.otter.test') }).findings('domain-mismatch'),
      [],
    );
  });
  it('a serverName that differs is reported and fixed there', () => {
    const d = deployment({ 'configuration.nix': withServerName('chat.beaver.test') });
    const [f] = d.findings('domain-mismatch');
    assert.match(f!.message, /^The virtual host snikket-https is chat\.beaver\.test/);
    const out = d.apply(f!.fixes[0]!);
    assert.match(out['configuration.nix']!, /serverName = "chat\.otter\.test";/);
  });
});

describe('every value unknown: no finding claims a value is missing or mismatched', () => {
  it('a module whose every value is a function argument', () => {
    const d = deployment({
      'configuration.nix': `{ config, lib, domain, env, envFile, port, ports, fallback, ... }:
{
  virtualisation.oci-containers.containers = {
${IMAGES.map((i) => `    snikket-${i} = { image = "snikket/snikket-${i}:stable"; environment = env; environmentFiles = [ envFile ]; extraOptions = [ "--network=host" ]; };`).join('\n')}
  };
  networking.firewall.allowedTCPPorts = ports;
  networking.firewall.allowedUDPPorts = ports;
  networking.firewall.allowedUDPPortRanges = [ { from = port; to = port; } ];
  services.nginx.enable = true;
  services.nginx.virtualHosts.\${domain} = {
    forceSSL = true;
    enableACME = true;
    acmeFallbackHost = fallback;
    locations."/".proxyPass = "https://localhost:\${toString port}";
    locations."/".extraConfig = env.extra;
  };
}
`,
    });
    const claims = /not set|missing|does not open|mismatch|makes it|is unset|binds port|points at|does not match/i;
    const bad = d
      .findings()
      .filter(
        (f) =>
          claims.test(f.message) ||
          [
            'conf-missing-required',
            'domain-mismatch',
            'tweak-port-conflict',
            'https-port-mismatch',
            'acme-fallback-port',
            'turn-range-mismatch',
            'firewall-port-missing',
            'cert-copy-mismatch',
            'upload-limit-too-small',
          ].includes(f.code),
      );
    assert.deepEqual(
      bad.map((f) => `${f.code}: ${f.message}`),
      [],
    );
  });
});

describe('plain compose deployments', () => {
  const service = (name: string, image: string, env: string) =>
    `  ${name}:\n    image: snikket/snikket-${image}:stable\n    network_mode: host\n${env}`;

  it('a Snikket service with neither env_file nor environment cannot start', () => {
    const d = deployment({
      'docker-compose.yml': `services:\n${service('snikket_server', 'server', '    env_file: snikket.conf\n')}${service('snikket_proxy', 'web-proxy', '')}`,
      'snikket.conf': 'SNIKKET_DOMAIN=chat.otter.test\nSNIKKET_ADMIN_EMAIL=a@otter.test\n',
    });
    assert.deepEqual(
      d.findings('conf-missing-required').map((f) => f.message),
      ['Service snikket_proxy has neither env_file nor environment: it gets no SNIKKET_DOMAIN and does not start'],
    );
  });

  it('settings written as environment: in the compose file are read', () => {
    const d = deployment({
      'docker-compose.yml': `services:\n${service('snikket_server', 'server', '    environment:\n      SNIKKET_DOMAIN: chat.otter.test\n      SNIKKET_ADMIN_EMAIL: a@otter.test\n')}`,
    });
    assert.deepEqual(d.findings('conf-missing-required'), []);
    assert.equal(d.result().deployments[0]!.facts.settings.get('SNIKKET_DOMAIN')?.value, 'chat.otter.test');
  });

  it('a podman kind: Pod YAML is not read as a compose file', () => {
    const d = deployment({
      'snikket-pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: snikket\nspec:\n  hostNetwork: true\n  containers:\n    - name: server\n      image: docker.io/snikket/snikket-server:stable\n',
    });
    const r = d.result();
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.deployments, []);
  });
});
