/** Volume names as compose2nix derives them from docker-compose.yml (FACTS.md: `<project>_<volume>`). */
import type { Facts } from '../../model/facts';
import type { Container } from '../../model/facts/containers';
import type { ComposeService } from '../../syntax/compose/parse';

type ComposeDoc = NonNullable<Facts['deployment']['compose']>;

/** compose2nix's project: its root target, the compose file's `name:`, else read off the volume names. */
export function composeProject(f: Facts, compose: ComposeDoc): string | undefined {
  const generated = f.containers.containers.filter((c) => c.doc === f.containers.generated);
  return (
    f.containers.project ??
    compose.parsed.projectName?.value ??
    projectFromVolumes(
      generated,
      compose.parsed.volumes.map((v) => v.name),
    )
  );
}

/** `snikket_snikket_data` for the compose volume `snikket_data` → project `snikket`. */
function projectFromVolumes(containers: Container[], names: string[]): string | undefined {
  for (const c of containers) {
    for (const v of c.volumes) {
      const src = v.value?.split(':')[0];
      for (const n of names) if (src && src.endsWith(`_${n}`)) return src.slice(0, -n.length - 1);
    }
  }
  return undefined;
}

/** The name a service's named-volume mount gets in the generated Nix. */
export function generatedVolumeName(compose: ComposeDoc, project: string | undefined, source: string): string {
  const named = compose.parsed.volumes.find((v) => v.name === source);
  return named?.explicitName?.value ?? (named?.external ? source : project ? `${project}_${source}` : source);
}

/** The volume the compose file mounts at /snikket in Snikket's server (or cert manager) service, as compose2nix names it. */
export function composeDataVolume(f: Facts): string | undefined {
  const compose = f.deployment.compose;
  if (!compose || !f.containers.generated) return undefined;
  const project = composeProject(f, compose);
  const services = compose.parsed.services.filter((s: ComposeService) =>
    /snikket\/snikket-(server|cert-manager)(?::|@|$)/.test(s.image?.value ?? ''),
  );
  for (const s of services) {
    const m = s.volumes.find((v) => v.type === 'volume' && v.source && v.target === '/snikket');
    if (m?.source) return generatedVolumeName(compose, project, m.source);
  }
  return undefined;
}
