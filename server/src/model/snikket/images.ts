/**
 * Snikket's container images (upstream docker-compose.yml, FACTS.md): `snikket/snikket-<name>`,
 * optionally from docker.io, by tag or digest. One place for the names, so discovery and the
 * facts agree on what runs Snikket.
 */
import type { Container } from './variables';

const IMAGE = /(?:^|\/)snikket\/snikket-(server|web-proxy|cert-manager|web-portal)(?::|@|$)/;
const ROLES = { server: 'server', 'web-proxy': 'proxy', 'cert-manager': 'certs', 'web-portal': 'portal' } as const;

/** Which Snikket container an image reference runs, or undefined when it is not one of Snikket's images. */
export function snikketImageRole(image: string | undefined): Container | undefined {
  const m = image === undefined ? null : IMAGE.exec(image);
  return m ? ROLES[m[1] as keyof typeof ROLES] : undefined;
}

/** The image prefix alone, for a file not yet parsed: `"snikket/snikket-${name}:stable"` builds the names from one function. */
export const SNIKKET_IMAGE_PREFIX = /snikket\/snikket-/;

/** A compose file's `image:` line naming one of Snikket's images. */
export const COMPOSE_SNIKKET_IMAGE = /image:\s*["']?(docker\.io\/)?snikket\//;
