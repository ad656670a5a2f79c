import * as path from 'node:path';
import type { Container } from '../model/facts/containers';
import type { ComposeService } from '../syntax/compose/parse';
import type { Report, Rule, RuleContext } from './rule';

/** Values other files depend on: a stale copy of one sends traffic to the wrong place. */
const SYNCED = new Set(['SNIKKET_DOMAIN', 'SNIKKET_TWEAK_HTTP_PORT', 'SNIKKET_TWEAK_HTTPS_PORT', 'SNIKKET_TWEAK_TURNSERVER_MIN_PORT', 'SNIKKET_TWEAK_TURNSERVER_MAX_PORT']);

/**
 * compose2nix copies docker-compose.yml and, by default, the env file's values into the Nix it
 * generates: editing either changes nothing on the server until compose2nix runs again.
 */
export const compose2nixStale: Rule = {
  code: 'compose2nix-stale',
  severity: 'warning',
  summary: 'The generated Nix no longer matches docker-compose.yml or snikket.conf.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const compose = f.deployment.compose;
    const generated = f.containers.generated;
    if (!compose || !generated) return;
    const containers = f.containers.containers.filter((c) => c.doc === generated);
    const project = f.containers.project ?? compose.parsed.projectName?.value ?? projectFromVolumes(containers, compose.parsed.volumes.map((v) => v.name));
    const rerun = [{ title: 'Rerun compose2nix', isPreferred: true, command: { id: 'rerun-compose2nix' as const, file: generated.path } }];
    const headerSpan = { start: 0, end: Math.max(0, generated.text.search(/\r?\n|$/)) };
    const composeName = ctx.where(compose);
    const say = (r: Omit<Report, 'fixes'>) => ctx.report({ ...r, fixes: rerun });

    const matched = new Set<Container>();
    for (const s of compose.parsed.services) {
      const name = s.containerName?.value ?? (project ? `${project}-${s.name}` : s.name);
      const c = containers.find((x) => x.name === name);
      if (!c) {
        say({ doc: generated, span: headerSpan, message: `Service ${s.name} of ${composeName} has no container "${name}" in ${ctx.where(generated)}: rerun compose2nix`, related: [{ doc: compose, span: s.nameSpan, message: `service ${s.name}` }] });
        continue;
      }
      matched.add(c);
      if (s.image && c.image && c.image.value !== undefined && c.image.value !== s.image.value) {
        say({ doc: generated, span: c.image.node, message: `Container ${name} runs image ${c.image.value}, but ${composeName} now says ${s.image.value}`, related: [{ doc: compose, span: s.image.span, message: `image: ${s.image.value}` }] });
      }
      checkVolumes(ctx, s, c, project, compose, say);
      if (c.environmentFiles.length === 0) checkEnvironment(ctx, s, c, say);
    }
    for (const c of containers) {
      if (matched.has(c) || c.role === 'other') continue;
      say({ doc: generated, span: c.def.binding, message: `Container ${c.name} is no longer a service of ${composeName}: rerun compose2nix` });
    }
  },
};

function checkVolumes(ctx: RuleContext, s: ComposeService, c: Container, project: string | undefined, compose: NonNullable<RuleContext['facts']['deployment']['compose']>, say: (r: Omit<Report, 'fixes'>) => void): void {
  const declared = new Map(compose.parsed.volumes.map((v) => [v.name, v]));
  const expected = s.volumes.flatMap((m) => {
    if (m.type === 'volume' && m.source) {
      const named = declared.get(m.source);
      const name = named?.explicitName?.value ?? (named?.external ? m.source : project ? `${project}_${m.source}` : m.source);
      return [{ text: `${name}:${m.target}`, mount: m }];
    }
    if (m.type === 'bind' && m.source && path.isAbsolute(m.source)) return [{ text: `${m.source}:${m.target}`, mount: m }];
    return [];
  });
  const actual = c.volumes.map((v) => v.value);
  if (actual.some((v) => v === undefined)) return;
  const strip = (v: string) => v.replace(/:(rw|ro|z|Z)(,[a-zA-Z]+)*$/, '');
  for (const e of expected) {
    if (!actual.some((a) => strip(a!) === e.text)) {
      say({ doc: c.doc, span: volumesSpan(c), message: `Container ${c.name} does not mount ${e.text}, which ${ctx.where(compose)} asks for`, related: [{ doc: compose, span: e.mount.span, message: 'the volume in the compose file' }] });
    }
  }
  for (const v of c.volumes) {
    if (v.value !== undefined && !expected.some((e) => e.text === strip(v.value!))) {
      say({ doc: c.doc, span: v.node, message: `Container ${c.name} mounts ${v.value}, which ${ctx.where(compose)} no longer has` });
    }
  }
}

function volumesSpan(c: Container): { start: number; end: number } {
  return c.volumes[0]?.node ?? c.def.value;
}

function checkEnvironment(ctx: RuleContext, s: ComposeService, c: Container, say: (r: Omit<Report, 'fixes'>) => void): void {
  const f = ctx.facts;
  const conf = f.deployment.conf;
  const compose = f.deployment.compose!;
  const expected = new Map<string, { value: string; related: Report['related'] }>();
  for (const ef of s.envFiles) {
    const target = path.resolve(path.dirname(compose.path), ef.path);
    if (!conf || conf.path !== target) return; // another env file: its values are not read here
    for (const e of conf.parsed.entries) expected.set(e.key, { value: e.value, related: [{ doc: conf, span: e.valueSpan, message: `${e.key}=${e.value}` }] });
  }
  for (const e of s.environment) {
    if (e.value !== undefined) expected.set(e.key, { value: e.value, related: [{ doc: compose, span: e.valueSpan ?? e.span, message: `${e.key}: ${e.value}` }] });
  }
  const actual = new Map(c.environment.map((e) => [e.key, e]));
  for (const [key, want] of expected) {
    const have = actual.get(key);
    const severity = SYNCED.has(key) ? 'error' : 'warning';
    if (!have) {
      say({ doc: c.doc, span: c.environmentNode ?? c.def.value, severity, message: `${key}=${want.value} is not in container ${c.name}'s environment: the server runs without it until compose2nix runs again`, related: want.related });
    } else if (have.value !== undefined && have.value !== want.value) {
      say({ doc: c.doc, span: have.valueSpan, severity, message: `Container ${c.name} still runs with ${key}=${have.value}, but the input now says ${want.value}: compose2nix inlined the old value`, related: want.related });
    }
  }
  for (const [key, have] of actual) {
    if (!expected.has(key) && s.envFiles.length > 0) {
      say({ doc: c.doc, span: have.keySpan, message: `Container ${c.name} still sets ${key}, which its inputs no longer do` });
    }
  }
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
