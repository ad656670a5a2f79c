import * as assert from 'node:assert/strict';
import { MemoryDeployment } from '../../helpers/memoryDeployment';

const CONF = 'SNIKKET_DOMAIN=chat.otter.test\nSNIKKET_ADMIN_EMAIL=admin@otter.test\n';

/** A compose file of Snikket's proxy and server; `proxy`/`server` are their extra lines. */
function compose(proxy: string, server: string, extra = ''): string {
  return `services:
  snikket_proxy:
    image: snikket/snikket-web-proxy:stable
    env_file: snikket.conf
${proxy}  snikket_server:
    image: snikket/snikket-server:stable
    env_file: snikket.conf
${server}${extra}`;
}

const SERVER_PORTS = `    ports:
      - "5222:5222"
      - "5269:5269"
      - "5000:5000"
      - "3478-3479:3478-3479"
      - "3478-3479:3478-3479/udp"
      - "5349-5350:5349-5350"
      - "5349-5350:5349-5350/udp"
      - "49152-65535:49152-65535/udp"
`;

const check = (files: Record<string, string>) =>
  new MemoryDeployment({ 'snikket.conf': CONF, ...files }).summary('compose-port-unreachable');

describe('compose-port-unreachable', () => {
  it("network_mode: host on every service is upstream's layout: nothing to say", () => {
    assert.deepEqual(
      check({ 'docker-compose.yml': compose('    network_mode: host\n', '    network_mode: host\n') }),
      [],
    );
  });

  it('every port published: nothing to say', () => {
    assert.deepEqual(
      check({ 'docker-compose.yml': compose('    ports:\n      - "80:80"\n      - "443:443"\n', SERVER_PORTS) }),
      [],
    );
  });

  it('neither host network nor ports: one finding per service, naming every port', () => {
    assert.deepEqual(check({ 'docker-compose.yml': compose('', '') }), [
      "docker-compose.yml:2:3-2:16 error: Service snikket_proxy neither uses network_mode: host nor publishes TCP 80 (HTTP, SNIKKET_TWEAK_HTTP_PORT), TCP 443 (HTTPS, SNIKKET_TWEAK_HTTPS_PORT): docker keeps these ports inside the container network, so nothing outside this host's containers reaches them (Snikket's own docker-compose.yml uses network_mode: host)",
      "docker-compose.yml:5:3-5:17 error: Service snikket_server neither uses network_mode: host nor publishes TCP 5222 (client connections), TCP 5269 (federation), TCP 5000 (file transfer proxy), TCP 3478 (STUN/TURN), TCP 3479 (STUN/TURN alternate port), TCP 5349 (STUN/TURN over TLS), TCP 5350 (STUN/TURN over TLS alternate port), UDP 3478 (STUN/TURN), UDP 3479 (STUN/TURN alternate port), UDP 5349 (STUN/TURN over TLS), UDP 5350 (STUN/TURN over TLS alternate port), UDP 49152–65535 (TURN relay): docker keeps these ports inside the container network, so nothing outside this host's containers reaches them (Snikket's own docker-compose.yml uses network_mode: host)",
    ]);
  });

  it('only what is not published is named; the tweak ports are the container ports the proxy listens on', () => {
    const found = check({
      'snikket.conf': `${CONF}SNIKKET_TWEAK_HTTP_PORT=5080\nSNIKKET_TWEAK_HTTPS_PORT=5443\nSNIKKET_TWEAK_TURNSERVER=0\n`,
      'docker-compose.yml': compose(
        '    ports:\n      - "80:5080"\n      - "443:443"\n',
        '    ports:\n      - "5222:5222"\n      - "5269"\n',
      ),
    });
    assert.deepEqual(
      found.map((f) => f.replace(/: docker keeps.*/, '')),
      [
        'docker-compose.yml:2:3-2:16 error: Service snikket_proxy neither uses network_mode: host nor publishes TCP 5443 (HTTPS, SNIKKET_TWEAK_HTTPS_PORT)',
        'docker-compose.yml:8:3-8:17 error: Service snikket_server neither uses network_mode: host nor publishes TCP 5000 (file transfer proxy)',
      ],
    );
  });

  it('network_mode: none reaches nothing, and the finding points at it', () => {
    const found = check({
      'docker-compose.yml': compose(
        '    network_mode: none\n    ports:\n      - "80:80"\n      - "443:443"\n',
        '    network_mode: host\n',
      ),
    });
    assert.deepEqual(found, [
      "docker-compose.yml:5:19-5:23 error: Service snikket_proxy has network_mode: none, so nothing reaches TCP 80 (HTTP, SNIKKET_TWEAK_HTTP_PORT), TCP 443 (HTTPS, SNIKKET_TWEAK_HTTPS_PORT): Snikket's own docker-compose.yml uses network_mode: host",
    ]);
  });

  it('silent when it cannot prove: another service, an external network, service: mode, an unread port, unknown settings', () => {
    const bare = compose('', '');
    assert.deepEqual(
      check({ 'docker-compose.yml': `${bare}  caddy:\n    image: caddy:2\n    ports:\n      - "443:443"\n` }),
      [],
    );
    assert.deepEqual(
      check({
        'docker-compose.yml': `${compose('    networks: [ proxy ]\n', '    networks: [ proxy ]\n')}networks:\n  proxy:\n    external: true\n`,
      }),
      [],
    );
    assert.deepEqual(
      check({
        'docker-compose.yml': compose('    network_mode: "service:snikket_server"\n', '    network_mode: host\n'),
      }),
      [],
    );
    assert.deepEqual(
      check({ 'docker-compose.yml': compose('    network_mode: host\n', '    ports:\n      - "${XMPP}:5222"\n') }),
      [],
    );
    const runtime = new MemoryDeployment({
      'docker-compose.yml': compose('', '').replace(/env_file: snikket\.conf/g, 'env_file: /run/secrets/snikket.env'),
    });
    assert.deepEqual(runtime.summary('compose-port-unreachable'), []);
  });

  it('NixOS containers are judged by the firewall rules, not here', () => {
    const nix =
      '{ ... }: { virtualisation.oci-containers.containers.snikket-server = { image = "snikket/snikket-server:stable"; environmentFiles = [ ./snikket.conf ]; }; }\n';
    assert.deepEqual(check({ 'docker-compose.yml': compose('', ''), 'configuration.nix': nix }), []);
  });
});
