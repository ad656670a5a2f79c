/** snikket/docker-compose.yml: Snikket's upstream compose file, unchanged (as the seed keeps it). */

/** The services as upstream names them: compose2nix's container names come from container_name. */
export const SERVICES = [
  {
    service: 'snikket_proxy',
    container: 'snikket-proxy',
    image: 'snikket/snikket-web-proxy:stable',
    volumes: [
      ['snikket_data', '/snikket'],
      ['acme_challenges', '/var/www/html/.well-known/acme-challenge'],
    ],
  },
  {
    service: 'snikket_certs',
    container: 'snikket-certs',
    image: 'snikket/snikket-cert-manager:stable',
    volumes: [
      ['snikket_data', '/snikket'],
      ['acme_challenges', '/var/www/.well-known/acme-challenge'],
    ],
  },
  { service: 'snikket_portal', container: 'snikket-portal', image: 'snikket/snikket-web-portal:stable', volumes: [] },
  {
    service: 'snikket_server',
    container: 'snikket',
    image: 'snikket/snikket-server:stable',
    volumes: [['snikket_data', '/snikket']],
  },
] as const satisfies readonly {
  service: string;
  container: string;
  image: string;
  volumes: readonly (readonly [string, string])[];
}[];

export const VOLUMES = ['acme_challenges', 'snikket_data'] as const;

export function composeFile(): string {
  const services = SERVICES.map((s) => {
    const volumes =
      s.volumes.length === 0
        ? ''
        : `    volumes:\n${s.volumes.map(([name, target]) => `      - ${name}:${target}\n`).join('')}`;
    return `  ${s.service}:
    container_name: ${s.container}
    image: ${s.image}
    network_mode: host
    env_file: snikket.conf
${volumes}    restart: "unless-stopped"
`;
  }).join('');
  return `# Snikket's upstream docker-compose.yml, unchanged.
# It is the input of compose2nix, which turns it into snikket.nix; the containers share the
# host's network (network_mode: host), so the NixOS firewall decides what is reachable.
version: "3.3"

services:
${services}
volumes:
${VOLUMES.map((v) => `  ${v}:\n`).join('')}`;
}
