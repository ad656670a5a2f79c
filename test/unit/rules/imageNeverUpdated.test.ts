import * as assert from 'node:assert/strict';
import { MemoryDeployment } from '../../helpers/memoryDeployment';

const CONF = 'SNIKKET_DOMAIN=chat.otter.test\nSNIKKET_ADMIN_EMAIL=ops@otter.test\n';

/** A host with the server and the proxy container, `extra` inside each container, `host` beside them. */
function deployment(o: { server?: string; proxy?: string; extra?: string; host?: string } = {}): MemoryDeployment {
  return new MemoryDeployment({
    'snikket.conf': CONF,
    'configuration.nix': `{ config, lib, pkgs, ... }:
{
  virtualisation.oci-containers.containers."snikket" = {
    image = "${o.server ?? 'snikket/snikket-server:stable'}";
    environmentFiles = [ ./snikket.conf ];${o.extra ?? ''}
  };
  virtualisation.oci-containers.containers."snikket-proxy" = {
    image = "${o.proxy ?? 'snikket/snikket-web-proxy:stable'}";
    environmentFiles = [ ./snikket.conf ];${o.extra ?? ''}
  };${o.host ?? ''}
}
`,
  });
}

const MESSAGE = (images: string, verb: string, tags: string) =>
  `${images} ${verb} the moving tag ${tags}, but NixOS pulls an image only when the host has none and nothing here pulls a newer one (no pull policy "newer", no podman auto-update, no update job): this server keeps the images it first pulled and never gets Snikket's updates, security fixes included`;

describe('image-never-updated', () => {
  it('reports :stable images nothing pulls again, once, at the first image with the others related', () => {
    const d = deployment();
    assert.deepEqual(d.summary('image-never-updated'), [
      `configuration.nix:4:13-4:44 information: ${MESSAGE('snikket/snikket-server:stable, snikket/snikket-web-proxy:stable', 'follow', ':stable')}`,
    ]);
    const [f] = d.findings('image-never-updated');
    assert.deepEqual(
      f!.related.map((r) => [r.range.start.line + 1, r.range.start.character + 1, r.message]),
      [[8, 13, 'snikket-proxy runs snikket/snikket-web-proxy:stable, never pulled again']],
    );
    assert.deepEqual(f!.fixes, []);
  });

  it('counts untagged and latest images as moving, pinned ones as not', () => {
    const d = deployment({
      server: 'docker.io/snikket/snikket-server',
      proxy: 'snikket/snikket-web-proxy:stable.20260611',
    });
    assert.deepEqual(d.summary('image-never-updated'), [
      `configuration.nix:4:13-4:47 information: ${MESSAGE('docker.io/snikket/snikket-server', 'follows', ':latest')}`,
    ]);
    for (const [server, proxy] of [
      ['snikket/snikket-server:stable.20260611', 'snikket/snikket-web-proxy@sha256:0123abcd'],
      ['snikket/snikket-server:v2026.06.11', 'snikket/snikket-web-proxy:beta.20260101'],
    ]) {
      assert.deepEqual(deployment({ server, proxy }).findings('image-never-updated'), [], server);
    }
  });

  it('reports only the containers that are not updated', () => {
    const d = new MemoryDeployment({
      'snikket.conf': CONF,
      'configuration.nix': `{
  virtualisation.oci-containers.containers.snikket = { image = "snikket/snikket-server:stable"; pull = "newer"; };
  virtualisation.oci-containers.containers.snikket-portal = { image = "snikket/snikket-web-portal:stable"; pull = "missing"; };
}
`,
    });
    assert.deepEqual(d.summary('image-never-updated'), [
      `configuration.nix:3:71-3:106 information: ${MESSAGE('snikket/snikket-web-portal:stable', 'follows', ':stable')}`,
    ]);
  });

  it('is silent when something pulls newer images', () => {
    const cases: [string, Parameters<typeof deployment>[0]][] = [
      ['pull policy newer', { extra: '\n    pull = "newer";' }],
      ['pull policy always', { extra: '\n    pull = "always";' }],
      ['--pull=newer', { extra: '\n    extraOptions = [ "--pull=newer" ];' }],
      ['--pull=always', { extra: '\n    extraOptions = [ "--network=host" "--pull=always" ];' }],
      [
        'podman auto-update label and timer',
        {
          extra: '\n    labels = { "io.containers.autoupdate" = "registry"; };',
          host: '\n  systemd.timers."podman-auto-update".wantedBy = [ "timers.target" ];',
        },
      ],
      [
        'a pull policy set in another module',
        {
          host: '\n  virtualisation.oci-containers.containers = lib.genAttrs [ "snikket" "snikket-proxy" ] (name: { pull = "newer"; });',
        },
      ],
      [
        'a job that pulls',
        {
          host: '\n  systemd.services.snikket-update = { startAt = "daily"; script = "${pkgs.podman}/bin/podman pull docker.io/snikket/snikket-server:stable"; };',
        },
      ],
      [
        'docker compose pull',
        {
          host: '\n  systemd.services.snikket-update.serviceConfig.ExecStart = "${pkgs.docker}/bin/docker compose -f /srv/snikket/docker-compose.yml pull";',
        },
      ],
      [
        'watchtower',
        { host: '\n  virtualisation.oci-containers.containers.watchtower = { image = "containrrr/watchtower"; };' },
      ],
    ];
    for (const [what, o] of cases) assert.deepEqual(deployment(o).findings('image-never-updated'), [], what);
  });

  it('is silent when what might pull cannot be read', () => {
    const cases: [string, Parameters<typeof deployment>[0]][] = [
      ['an unknown image', { server: '${config.my.image}', proxy: '${config.my.proxyImage}' }],
      ['an unknown pull policy', { extra: '\n    pull = config.my.pull;' }],
      ['an unknown extraOptions entry', { extra: '\n    extraOptions = [ config.my.option ];' }],
      [
        'unknown labels with the auto-update timer',
        {
          extra: '\n    labels = config.my.labels;',
          host: '\n  systemd.timers."podman-auto-update".wantedBy = [ "timers.target" ];',
        },
      ],
      [
        'a service running a script it does not read',
        {
          host: '\n  systemd.services.maintenance = { startAt = "daily"; serviceConfig.ExecStart = "/usr/local/bin/maintenance.sh"; };',
        },
      ],
      [
        'a service running a Nix path',
        {
          host: '\n  systemd.services.maintenance = { startAt = "daily"; script = "${pkgs.bash}/bin/bash ${./maintenance.sh}"; };',
        },
      ],
    ];
    for (const [what, o] of cases) assert.deepEqual(deployment(o).findings('image-never-updated'), [], what);
  });

  it('still reports when auto-update lacks its label or its timer, or a pull policy keeps the image', () => {
    const cases: [string, Parameters<typeof deployment>[0]][] = [
      ['the timer without labels', { host: '\n  systemd.timers."podman-auto-update".wantedBy = [ "timers.target" ];' }],
      ['labels without the timer', { extra: '\n    labels = { "io.containers.autoupdate" = "registry"; };' }],
      ['pull missing', { extra: '\n    pull = "missing";' }],
      [
        'a service that does something else',
        { host: '\n  systemd.services.hello = { startAt = "daily"; script = "echo hello"; };' },
      ],
    ];
    for (const [what, o] of cases) assert.equal(deployment(o).findings('image-never-updated').length, 1, what);
  });
});
