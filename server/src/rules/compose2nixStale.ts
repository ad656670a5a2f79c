import * as path from 'node:path';
import type { Container, EnvEntry } from '../model/facts/containers';
import { regenerate } from '../compose2nix/generate';
import type { ComposeService } from '../syntax/compose/parse';
import { nixString } from '../syntax/nix/edits';
import type { FixDraft, Report, Rule, RuleContext, SpanEdit } from './rule';
import { composeProject, generatedVolumeName } from './shared/composeVolumes';
import { insertEnvEntry, removeEnvEntry } from './shared/generatedEnvEdits';
import { reportVolumeRenames, type VolumeRename } from './shared/volumeRenames';

/** Values other files depend on: a stale copy of one sends traffic to the wrong place. */
const SYNCED = new Set([
  'SNIKKET_DOMAIN',
  'SNIKKET_TWEAK_HTTP_PORT',
  'SNIKKET_TWEAK_HTTPS_PORT',
  'SNIKKET_TWEAK_TURNSERVER_MIN_PORT',
  'SNIKKET_TWEAK_TURNSERVER_MAX_PORT',
]);

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
    const project = composeProject(f, compose);
    const rerun: FixDraft = { title: 'Rerun compose2nix', command: { id: 'rerun-compose2nix', file: generated.path } };
    const headerSpan = { start: 0, end: Math.max(0, generated.text.search(/\r?\n|$/)) };
    const composeName = ctx.where(compose);
    // Rendering the whole generated file is most of this rule's time: only when a finding offers it.
    let regenerated: { fix: FixDraft | undefined } | undefined;
    const regenerate = () => (regenerated ??= { fix: regenerateFix(ctx, project) }).fix;
    // A changed structure (service, volume) is not an inlined value: regenerating is the fix.
    const say = (r: Omit<Report, 'fixes'>) => {
      const fix = regenerate();
      ctx.report({ ...r, fixes: [...(fix ? [fix] : []), rerun] });
    };
    const drifts = new Map<string, EnvDrift>();

    const renames: VolumeRename[] = [];
    const matched = new Set<Container>();
    for (const s of compose.parsed.services) {
      const name = s.containerName?.value ?? (project ? `${project}-${s.name}` : s.name);
      const c = containers.find((x) => x.name === name);
      if (!c) {
        say({
          doc: generated,
          span: headerSpan,
          message: `Service ${s.name} of ${composeName} has no container "${name}" in ${ctx.where(generated)}: rerun compose2nix`,
          related: [{ doc: compose, span: s.nameSpan, message: `service ${s.name}` }],
        });
        continue;
      }
      matched.add(c);
      if (s.image && c.image && c.image.value !== undefined && c.image.value !== s.image.value) {
        ctx.report({
          doc: generated,
          span: c.image.node,
          message: `Container ${name} runs image ${c.image.value}, but ${composeName} now says ${s.image.value}`,
          related: [{ doc: compose, span: s.image.span, message: `image: ${s.image.value}` }],
          fixes: [
            {
              title: `Run image ${s.image.value}`,
              isPreferred: true,
              edits: [
                { doc: generated, start: c.image.node.start, end: c.image.node.end, newText: nixString(s.image.value) },
              ],
            },
            rerun,
          ],
        });
      }
      checkVolumes(ctx, s, c, project, compose, say, renames);
      if (c.environmentFiles.length === 0) environmentDrift(ctx, s, c, drifts);
    }
    for (const d of drifts.values()) reportDrift(ctx, d, rerun, regenerate());
    if (renames.length > 0) {
      const fix = regenerate();
      reportVolumeRenames(ctx, renames, [...(fix ? [{ ...fix, isPreferred: false }] : []), rerun]);
    }
    for (const c of containers) {
      if (matched.has(c) || c.role === 'other') continue;
      say({
        doc: generated,
        span: c.def.binding,
        message: `Container ${c.name} is no longer a service of ${composeName}: rerun compose2nix`,
      });
    }
  },
};

function checkVolumes(
  ctx: RuleContext,
  s: ComposeService,
  c: Container,
  project: string | undefined,
  compose: NonNullable<RuleContext['facts']['deployment']['compose']>,
  say: (r: Omit<Report, 'fixes'>) => void,
  renames: VolumeRename[],
): void {
  const expected = s.volumes.flatMap(
    (m): { text: string; name: string | undefined; target: string; mount: typeof m }[] => {
      if (m.type === 'volume' && m.source) {
        const name = generatedVolumeName(compose, project, m.source);
        return [{ text: `${name}:${m.target}`, name, target: m.target, mount: m }];
      }
      if (m.type === 'bind' && m.source && path.isAbsolute(m.source))
        return [{ text: `${m.source}:${m.target}`, name: undefined, target: m.target, mount: m }];
      return [];
    },
  );
  const actual = c.volumes.map((v) => v.value);
  if (actual.some((v) => v === undefined)) return;
  const strip = (v: string) => v.replace(/:(rw|ro|z|Z)(,[a-zA-Z]+)*$/, '');
  const missing = expected.filter((e) => !actual.some((a) => strip(a!) === e.text));
  const extra = c.volumes.filter((v) => !expected.some((e) => e.text === strip(v.value!)));
  // The same target under another named volume: one rename, grouped across containers.
  for (const e of [...missing]) {
    const v =
      e.name === undefined
        ? undefined
        : extra.find((x) => {
            const [src, target] = strip(x.value!).split(':');
            return target === e.target && src !== undefined && !src.startsWith('/');
          });
    if (!v || e.name === undefined) continue;
    renames.push({
      container: c,
      from: strip(v.value!).split(':')[0]!,
      to: e.name,
      target: e.target!,
      mount: v,
      composeSpan: e.mount.span,
    });
    missing.splice(missing.indexOf(e), 1);
    extra.splice(extra.indexOf(v), 1);
  }
  for (const e of missing) {
    say({
      doc: c.doc,
      span: volumesSpan(c),
      message: `Container ${c.name} does not mount ${e.text}, which ${ctx.where(compose)} asks for`,
      related: [{ doc: compose, span: e.mount.span, message: 'the volume in the compose file' }],
    });
  }
  for (const v of extra) {
    say({
      doc: c.doc,
      span: v.node,
      message: `Container ${c.name} mounts ${v.value}, which ${ctx.where(compose)} no longer has`,
    });
  }
}

function volumesSpan(c: Container): { start: number; end: number } {
  return c.volumes[0]?.node ?? c.def.value;
}

interface EnvDrift {
  kind: 'changed' | 'missing' | 'extra';
  key: string;
  want?: { value: string; related: NonNullable<Report['related']> };
  have?: string;
  containers: { c: Container; entry?: EnvEntry }[];
}

/** What each container's inlined environment lacks, has too much of, or has old. */
function environmentDrift(ctx: RuleContext, s: ComposeService, c: Container, drifts: Map<string, EnvDrift>): void {
  const f = ctx.facts;
  const conf = f.deployment.conf;
  const compose = f.deployment.compose!;
  const expected = new Map<string, { value: string; related: NonNullable<Report['related']> }>();
  for (const ef of s.envFiles) {
    const target = path.resolve(path.dirname(compose.path), ef.path);
    if (!conf || conf.path !== target) return; // another env file: its values are not read here
    for (const e of conf.parsed.entries)
      expected.set(e.key, {
        value: e.value,
        related: [{ doc: conf, span: e.valueSpan, message: `${e.key}=${e.value}` }],
      });
  }
  for (const e of s.environment) {
    if (e.value !== undefined)
      expected.set(e.key, {
        value: e.value,
        related: [{ doc: compose, span: e.valueSpan ?? e.span, message: `${e.key}: ${e.value}` }],
      });
  }
  const add = (d: Omit<EnvDrift, 'containers'>, entry?: EnvEntry) => {
    const id = [d.kind, d.key, d.want?.value ?? '', d.have ?? ''].join('\0');
    const group = drifts.get(id) ?? { ...d, containers: [] };
    group.containers.push({ c, ...(entry ? { entry } : {}) });
    drifts.set(id, group);
  };
  const actual = new Map(c.environment.map((e) => [e.key, e]));
  for (const [key, want] of expected) {
    const have = actual.get(key);
    if (!have) add({ kind: 'missing', key, want });
    else if (have.value !== undefined && have.value !== want.value)
      add({ kind: 'changed', key, want, have: have.value }, have);
  }
  for (const [key, have] of actual) {
    if (!expected.has(key) && s.envFiles.length > 0) add({ kind: 'extra', key }, have);
  }
}

/** One finding per stale variable of the generated file, every container it affects a related location. */
function reportDrift(ctx: RuleContext, d: EnvDrift, rerun: FixDraft, regenerate: FixDraft | undefined): void {
  // The first container in the file is where the finding is shown.
  d.containers.sort((a, b) => a.c.def.value.start - b.c.def.value.start);
  const first = d.containers[0]!;
  const doc = first.c.doc;
  const names = listNames(d.containers.map((x) => x.c.name));
  const many = d.containers.length > 1;
  const subject = `Container${many ? 's' : ''} ${names}`;
  const severity = SYNCED.has(d.key) ? 'error' : 'warning';
  const perContainer = (x: EnvDrift['containers'][number], what: string) => ({
    doc: x.c.doc,
    span: x.entry?.valueSpan ?? x.c.environmentNode ?? x.c.def.value,
    message: `container ${x.c.name}${what}`,
  });
  const edits: SpanEdit[] = [];
  let complete = true;
  for (const x of d.containers) {
    const text = x.c.doc.text;
    const edit =
      d.kind === 'changed'
        ? { start: x.entry!.valueSpan.start, end: x.entry!.valueSpan.end, newText: nixString(d.want!.value) }
        : d.kind === 'missing'
          ? x.c.environmentNode
            ? insertEnvEntry(text, x.c.environmentNode, x.c.environment, d.key, d.want!.value)
            : undefined
          : removeEnvEntry(text, x.entry!);
    if (edit) edits.push({ doc: x.c.doc, ...edit });
    else complete = false;
  }
  const where = ctx.where(doc);
  // Where a container's values cannot be edited in place (no `environment` attrset), regenerating is the fix.
  const fixesOf = (title: string): FixDraft[] => [
    ...(complete ? [{ title, isPreferred: true, edits }] : regenerate ? [regenerate] : []),
    rerun,
  ];
  const count = many ? ` in ${d.containers.length} containers` : '';
  if (d.kind === 'changed') {
    const title = `Set ${d.key} to ${d.want!.value}${count} of ${where}`;
    ctx.report({
      doc,
      span: first.entry!.valueSpan,
      severity,
      message: `${subject} still ${many ? 'run' : 'runs'} with ${d.key}=${d.have}, but the input now says ${d.want!.value}: compose2nix inlined the old value`,
      related: [...d.want!.related, ...d.containers.map((x) => perContainer(x, `: ${d.key}=${d.have}`))],
      fixes: fixesOf(title),
    });
  } else if (d.kind === 'missing') {
    const title = `Add ${d.key}=${d.want!.value}${count} of ${where}`;
    ctx.report({
      doc,
      span: first.c.environmentNode ?? first.c.def.value,
      severity,
      message: `${d.key}=${d.want!.value} is not in the environment of ${subject.toLowerCase()}: the server runs without it until compose2nix runs again`,
      related: [...d.want!.related, ...d.containers.map((x) => perContainer(x, ''))],
      fixes: fixesOf(title),
    });
  } else {
    const title = `Remove ${d.key}${count} of ${where}`;
    ctx.report({
      doc,
      span: first.entry!.keySpan,
      message: `${subject} still ${many ? 'set' : 'sets'} ${d.key}, which ${many ? 'their' : 'its'} inputs no longer do`,
      related: d.containers.map((x) => perContainer(x, '')),
      fixes: fixesOf(title),
    });
  }
}

/** `a`, `a and b`, `a, b and c`. */
function listNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "Regenerate snikket.nix from docker-compose.yml" with the in-process generator, when it handles the compose file. */
function regenerateFix(ctx: RuleContext, project: string | undefined): FixDraft | undefined {
  const f = ctx.facts;
  const compose = f.deployment.compose!;
  const generated = f.containers.generated!;
  const conf = f.deployment.conf;
  const text = generated.text;
  if (!project) return undefined;
  const r = regenerate({
    compose: compose.parsed,
    composePath: compose.path,
    project,
    runtime: f.containers.backend.value ?? 'podman',
    generatedText: text,
    envFiles: new Map(conf ? [[conf.path, conf.parsed.entries]] : []),
  });
  if (!r?.ok || r.text === text) return undefined;
  return {
    title: `Regenerate ${ctx.where(generated)} from ${ctx.where(compose)}`,
    isPreferred: true,
    edits: [{ doc: generated, start: 0, end: text.length, newText: r.text }],
  };
}
