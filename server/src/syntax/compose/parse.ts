/**
 * Reader for docker-compose.yml: a typed model of what the Snikket checks need, every value with
 * the span of the text that wrote it, plus problems for YAML errors and schema violations.
 * Extraction is tolerant: a malformed part is reported and skipped, the rest is still read.
 */
import { parseDocument } from 'yaml';
import type { Span } from '../../text/span';
import { editDistance } from '../../model/snikketVariables';
import { EXPECTED, SERVICE_KEYS, TOP_LEVEL_KEYS, composeSchema } from './schema';
import { parsePortRange, parseShortPort, parseShortVolume, isPathSource, type PortRange } from './shortSyntax';
import { get, nodeAt, resolveTree, scalarText, subSpan, toPlain, type RMap, type RNode, type RScalar, type TreeProblem } from './tree';

export type { RNode, RMap, RSeq, RScalar, RPair } from './tree';
export type { PortRange } from './shortSyntax';

export interface Located<T> {
  value: T;
  span: Span;
}

export interface ComposeEnvFile {
  path: string;
  /** Compose fails when a required env file is missing; `required: false` makes it optional. */
  required: boolean;
  span: Span;
}

export interface ComposeEnvironmentEntry {
  key: string;
  /** Undefined for `KEY` alone / `KEY:` with no value: Compose passes the value from its own environment. */
  value: string | undefined;
  keySpan: Span;
  valueSpan: Span | undefined;
  span: Span;
}

export interface ComposeVolumeMount {
  type: 'volume' | 'bind' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
  /** Named volume or host path; undefined for an anonymous volume or tmpfs. */
  source: string | undefined;
  target: string;
  mode: string | undefined;
  readOnly: boolean;
  span: Span;
  sourceSpan: Span | undefined;
  targetSpan: Span;
  form: 'short' | 'long';
}

export interface ComposePort {
  hostIp: string | undefined;
  published: PortRange | undefined;
  target: PortRange;
  protocol: string;
  span: Span;
  form: 'short' | 'long';
}

export interface ComposeService {
  name: string;
  nameSpan: Span;
  /** The service's whole definition. */
  span: Span;
  image?: Located<string>;
  containerName?: Located<string>;
  envFiles: ComposeEnvFile[];
  environment: ComposeEnvironmentEntry[];
  volumes: ComposeVolumeMount[];
  ports: ComposePort[];
  networkMode?: Located<string>;
  restart?: Located<string>;
  command?: Located<string | string[]>;
  entrypoint?: Located<string | string[]>;
  /** The resolved YAML of the service, for anything the model does not expose. */
  node: RNode;
}

export interface ComposeNamedResource {
  name: string;
  span: Span;
  /** `name:` inside the definition overrides the `<project>_<name>` naming. */
  explicitName?: Located<string>;
  external: boolean;
}

export interface ComposeProblem {
  span: Span;
  message: string;
  severity: 'error' | 'warning';
  /** Dotted path of the offending node, when it comes from the schema. */
  path?: string;
}

export interface ComposeFile {
  text: string;
  services: ComposeService[];
  volumes: ComposeNamedResource[];
  networks: ComposeNamedResource[];
  projectName?: Located<string>;
  version?: Located<string>;
  problems: ComposeProblem[];
  /** The resolved document (aliases and merges applied); undefined for an empty file. */
  root: RNode | undefined;
}

export interface ComposeParseOptions {
  /** Most nodes alias expansion may produce before reading stops. */
  nodeBudget?: number;
}

export function parseCompose(text: string, options: ComposeParseOptions = {}): ComposeFile {
  const file: ComposeFile = { text, services: [], volumes: [], networks: [], problems: [], root: undefined };
  try {
    read(file, options);
  } catch (e) {
    // The reader must never throw; a bug here becomes a problem at the top of the file.
    file.problems.push({ span: { start: 0, end: 0 }, message: `Internal error reading the compose file: ${String(e)}`, severity: 'error' });
  }
  return file;
}

function read(file: ComposeFile, options: ComposeParseOptions): void {
  const { text, problems } = file;
  // yaml's maxAliasCount guards only toJS(); this reader never calls it and bounds alias
  // expansion itself in resolveTree (the node budget). yaml's uniqueKeys check is quadratic
  // in the size of a map, so resolveTree reports duplicate keys instead.
  const doc = parseDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false });
  // yaml can place an end-of-input error one past the end; spans stay inside the text.
  const clamp = (pos: [number, number]): Span => {
    const start = Math.min(Math.max(0, pos[0]), text.length);
    return { start, end: Math.min(Math.max(start, pos[1]), text.length) };
  };
  for (const e of doc.errors) problems.push({ span: clamp(e.pos), message: firstLine(e.message), severity: 'error' });
  for (const w of doc.warnings) problems.push({ span: clamp(w.pos), message: firstLine(w.message), severity: 'warning' });

  const treeProblems: TreeProblem[] = [];
  const root = resolveTree(doc, text, treeProblems, options.nodeBudget);
  for (const p of treeProblems) problems.push({ ...p, severity: 'error' });
  file.root = root;
  if (!root) return;
  if (root.kind !== 'map') {
    problems.push({ span: root.span, message: 'A compose file must be a map with a `services:` key', severity: 'error' });
    return;
  }

  validateSchema(root, problems);
  checkKeys(root, TOP_LEVEL_KEYS, '', problems, 'top-level key');

  const name = get(root, 'name');
  if (name && name.value.kind === 'scalar' && typeof name.value.value === 'string') file.projectName = { value: name.value.value, span: name.value.span };
  const version = get(root, 'version');
  const versionText = scalarText(version?.value);
  if (version && versionText !== undefined) file.version = { value: versionText, span: version.value.span };

  const services = get(root, 'services');
  if (services?.value.kind === 'map') {
    for (const pair of services.value.pairs) {
      const service = readService(pair.key, pair.keySpan, pair.value, problems);
      file.services.push(service);
    }
  } else if (!services) {
    problems.push({ span: { start: 0, end: 0 }, message: 'No `services:` in this compose file', severity: 'warning' });
  }
  file.volumes = readResources(get(root, 'volumes')?.value);
  file.networks = readResources(get(root, 'networks')?.value);
}

function firstLine(s: string): string {
  return s.split('\n')[0]!;
}

function validateSchema(root: RMap, problems: ComposeProblem[]): void {
  const result = composeSchema.safeParse(toPlain(root));
  if (result.success) return;
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const path = issue.path.map(String);
    const pathText = formatPath(issue.path);
    if (seen.has(pathText)) continue;
    seen.add(pathText);
    const { node } = nodeAt(root, issue.path);
    // The field a service-level message is about: services.<name>.<field>...
    const inService = path[0] === 'services' && path.length >= 3;
    const fieldIndex = inService ? 2 : 0;
    const field = path[fieldIndex];
    const expected =
      path[0] === 'services' && path.length === 2
        ? 'a service definition (a map)'
        : field !== undefined
          ? EXPECTED[inService ? field : `top:${field}`]
          : undefined;
    // Our wording for the field itself or one of its items; zod's for anything deeper.
    const message =
      expected && path.length <= fieldIndex + 2
        ? `\`${pathText}\` must be ${expected}`
        : `\`${pathText}\`: ${issue.message}`;
    problems.push({ span: node.span, message, severity: 'error', path: pathText });
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? String(seg) : `.${String(seg)}`;
  return out;
}

function checkKeys(map: RMap, known: readonly string[], where: string, problems: ComposeProblem[], what: string): void {
  for (const p of map.pairs) {
    if (p.merged || p.key.startsWith('x-') || known.includes(p.key)) continue;
    let best: string | undefined;
    let bestD = 3;
    for (const k of known) {
      const d = editDistance(p.key, k, bestD);
      if (d < bestD) {
        best = k;
        bestD = d;
      }
    }
    problems.push({
      span: p.keySpan,
      message: `Unknown ${what} \`${p.key}\`${where}${best ? `; did you mean \`${best}\`?` : ''}`,
      severity: 'error',
      path: p.key,
    });
  }
}

function located(node: RNode | undefined): Located<string> | undefined {
  const t = scalarText(node);
  return node && t !== undefined ? { value: t, span: node.span } : undefined;
}

function readService(name: string, nameSpan: Span, node: RNode, problems: ComposeProblem[]): ComposeService {
  const service: ComposeService = { name, nameSpan, span: node.span, envFiles: [], environment: [], volumes: [], ports: [], node };
  if (node.kind !== 'map') return service;
  checkKeys(node, SERVICE_KEYS, ` in service \`${name}\``, problems, 'service key');

  const set = <K extends 'image' | 'containerName' | 'networkMode' | 'restart'>(k: K, key: string) => {
    const v = located(get(node, key)?.value);
    if (v) service[k] = v;
  };
  set('image', 'image');
  set('containerName', 'container_name');
  set('networkMode', 'network_mode');
  set('restart', 'restart');
  for (const [k, key] of [['command', 'command'], ['entrypoint', 'entrypoint']] as const) {
    const v = get(node, key)?.value;
    if (v?.kind === 'scalar' && typeof v.value === 'string') service[k] = { value: v.value, span: v.span };
    else if (v?.kind === 'seq') service[k] = { value: v.items.map((i) => scalarText(i) ?? ''), span: v.span };
  }

  service.envFiles = readEnvFiles(get(node, 'env_file')?.value);
  service.environment = readEnvironment(get(node, 'environment')?.value);
  service.volumes = readVolumes(get(node, 'volumes')?.value, name, problems);
  service.ports = readPorts(get(node, 'ports')?.value, name, problems);
  return service;
}

function readEnvFiles(node: RNode | undefined): ComposeEnvFile[] {
  if (!node) return [];
  const items = node.kind === 'seq' ? node.items : [node];
  const out: ComposeEnvFile[] = [];
  for (const item of items) {
    if (item.kind === 'scalar' && typeof item.value === 'string') out.push({ path: item.value, required: true, span: item.span });
    else if (item.kind === 'map') {
      const path = get(item, 'path')?.value;
      if (path?.kind !== 'scalar' || typeof path.value !== 'string') continue;
      const required = get(item, 'required')?.value;
      out.push({ path: path.value, required: !(required?.kind === 'scalar' && required.value === false), span: path.span });
    }
  }
  return out;
}

function readEnvironment(node: RNode | undefined): ComposeEnvironmentEntry[] {
  const out: ComposeEnvironmentEntry[] = [];
  if (node?.kind === 'map') {
    for (const p of node.pairs) {
      const value = scalarText(p.value);
      const hasValue = p.value.kind === 'scalar' && p.value.value !== null;
      out.push({
        key: p.key,
        value,
        keySpan: p.keySpan,
        valueSpan: hasValue ? p.value.span : undefined,
        span: { start: p.keySpan.start, end: hasValue ? p.value.span.end : p.keySpan.end },
      });
    }
  } else if (node?.kind === 'seq') {
    for (const item of node.items) {
      if (item.kind !== 'scalar' || typeof item.value !== 'string') continue;
      const eq = item.value.indexOf('=');
      const key = eq < 0 ? item.value : item.value.slice(0, eq);
      out.push({
        key,
        value: eq < 0 ? undefined : item.value.slice(eq + 1),
        keySpan: subSpan(item, 0, key.length),
        valueSpan: eq < 0 ? undefined : subSpan(item, eq + 1, item.value.length),
        span: item.span,
      });
    }
  }
  return out;
}

function readVolumes(node: RNode | undefined, service: string, problems: ComposeProblem[]): ComposeVolumeMount[] {
  if (node?.kind !== 'seq') return [];
  const out: ComposeVolumeMount[] = [];
  for (const item of node.items) {
    if (item.kind === 'scalar' && typeof item.value === 'string') {
      const v = parseShortVolume(item.value);
      if ('error' in v) {
        problems.push({ span: item.span, message: `${v.error} in service \`${service}\``, severity: 'error' });
        continue;
      }
      const mode = v.mode?.text;
      out.push({
        type: v.type,
        source: v.source?.text,
        target: v.target.text,
        mode,
        readOnly: mode !== undefined && mode.split(',').includes('ro'),
        span: item.span,
        sourceSpan: v.source ? subSpan(item, v.source.at, v.source.at + v.source.text.length) : undefined,
        targetSpan: subSpan(item, v.target.at, v.target.at + v.target.text.length),
        form: 'short',
      });
    } else if (item.kind === 'map') {
      const type = scalarText(get(item, 'type')?.value);
      const target = get(item, 'target')?.value;
      const targetText = scalarText(target);
      if (!target || targetText === undefined) continue;
      const source = get(item, 'source')?.value;
      const sourceText = scalarText(source);
      const kind = (['volume', 'bind', 'tmpfs', 'npipe', 'cluster', 'image'] as const).find((t) => t === type) ??
        (sourceText !== undefined && isPathSource(sourceText) ? 'bind' : 'volume');
      out.push({
        type: kind,
        source: sourceText,
        target: targetText,
        mode: undefined,
        readOnly: scalarValue(get(item, 'read_only')?.value) === true,
        span: item.span,
        sourceSpan: sourceText !== undefined ? source!.span : undefined,
        targetSpan: target.span,
        form: 'long',
      });
    }
  }
  return out;
}

function scalarValue(node: RNode | undefined): RScalar['value'] | undefined {
  return node?.kind === 'scalar' ? node.value : undefined;
}

function readPorts(node: RNode | undefined, service: string, problems: ComposeProblem[]): ComposePort[] {
  if (node?.kind !== 'seq') return [];
  const out: ComposePort[] = [];
  for (const item of node.items) {
    if (item.kind === 'scalar' && (typeof item.value === 'string' || typeof item.value === 'number')) {
      const p = parseShortPort(String(item.value));
      if ('error' in p) {
        problems.push({ span: item.span, message: `${p.error} in service \`${service}\``, severity: 'error' });
        continue;
      }
      out.push({ hostIp: p.hostIp?.text, published: p.published?.range, target: p.target.range, protocol: p.protocol, span: item.span, form: 'short' });
    } else if (item.kind === 'map') {
      const targetText = scalarText(get(item, 'target')?.value);
      const target = targetText !== undefined ? parsePortRange(targetText) : undefined;
      if (!target) {
        problems.push({ span: item.span, message: `Port in service \`${service}\` needs a numeric \`target\``, severity: 'error' });
        continue;
      }
      const publishedText = scalarText(get(item, 'published')?.value);
      const published = publishedText !== undefined && publishedText !== '' ? parsePortRange(publishedText) : undefined;
      if (publishedText && !published)
        problems.push({ span: get(item, 'published')!.value.span, message: `\`${publishedText}\` is not a port or range`, severity: 'error' });
      out.push({
        hostIp: scalarText(get(item, 'host_ip')?.value),
        published,
        target,
        protocol: scalarText(get(item, 'protocol')?.value) ?? 'tcp',
        span: item.span,
        form: 'long',
      });
    }
  }
  return out;
}

function readResources(node: RNode | undefined): ComposeNamedResource[] {
  if (node?.kind !== 'map') return [];
  return node.pairs.map((p) => {
    const r: ComposeNamedResource = { name: p.key, span: p.keySpan, external: false };
    const explicit = located(get(p.value, 'name')?.value);
    if (explicit) r.explicitName = explicit;
    const ext = get(p.value, 'external')?.value;
    r.external = ext !== undefined && !(ext.kind === 'scalar' && (ext.value === false || ext.value === null));
    return r;
  });
}
