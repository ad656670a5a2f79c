/**
 * snikket/snikket.nix in compose2nix's output shape, so the first deployment works before
 * compose2nix has ever run. The root target carries project and backend, which is how the
 * checker (and Rerun compose2nix) recognise the file without compose2nix's own header.
 */
import { renderCompose2nix } from '../../compose2nix/render';
import type { ScaffoldValues } from '../../api/protocol';
import { SERVICES, VOLUMES } from './composeFile';
import { confEntries } from './snikketConf';

export function generatedNix(v: ScaffoldValues): string {
  const environment = confEntries(v);
  const header = `# Written by snikket-nixos in compose2nix's output shape, from docker-compose.yml and
# snikket.conf (whose values are inlined below, as compose2nix does). Regenerate it with
# compose2nix whenever either file changes (in this folder):
#   compose2nix -inputs docker-compose.yml -output snikket.nix -project ${v.project} -runtime ${v.backend}
`;
  return renderCompose2nix(
    {
      project: v.project,
      runtime: v.backend,
      containers: SERVICES.map((s) => ({
        name: s.container,
        image: s.image,
        environment,
        volumes: s.volumes.map(([volume, target]) => ({ volume: volume!, target: target!, readOnly: false })),
        binds: [],
      })),
      volumes: [...VOLUMES],
    },
    header,
  );
}
