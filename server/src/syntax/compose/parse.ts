/**
 * Reader for docker-compose.yml: a typed model of what the Snikket checks need, every value with
 * the span of the text that wrote it, plus problems for YAML errors and schema violations.
 * Extraction is tolerant: a malformed part is reported and skipped, the rest is still read.
 */
import { parseDocument } from 'yaml';
import type { Span } from '../../text/span';
import type { ComposeFile, ComposeNamedResource, ComposeParseOptions, ComposeProblem, ComposeService } from './model';
import { SERVICE_KEYS, TOP_LEVEL_KEYS } from './schema';
import { located, readEnvFiles, readEnvironment, readPorts, readVolumes } from './serviceFields';
import { get, resolveTree, scalarText, type RNode, type TreeProblem } from './tree';
import { checkKeys, validateSchema } from './validate';

export type { ComposeService, ComposeFile, ComposeParseOptions } from './model';

export function parseCompose(text: string, options: ComposeParseOptions = {}): ComposeFile {
  const file: ComposeFile = { text, services: [], volumes: [], networks: [], problems: [], root: undefined };
  try {
    read(file, options);
  } catch (e) {
    // The reader must never throw; a bug here becomes a problem at the top of the file.
    file.problems.push({
      span: { start: 0, end: 0 },
      message: `Internal error reading the compose file: ${String(e)}`,
      severity: 'error',
    });
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
  for (const w of doc.warnings)
    problems.push({ span: clamp(w.pos), message: firstLine(w.message), severity: 'warning' });

  const treeProblems: TreeProblem[] = [];
  const root = resolveTree(doc, text, treeProblems, options.nodeBudget);
  for (const p of treeProblems) problems.push({ ...p, severity: 'error' });
  file.root = root;
  if (!root) return;
  if (root.kind !== 'map') {
    problems.push({
      span: root.span,
      message: "A compose file must be a map with a 'services:' key",
      severity: 'error',
    });
    return;
  }

  validateSchema(root, problems);
  checkKeys(root, TOP_LEVEL_KEYS, '', problems, 'top-level key');

  const name = get(root, 'name');
  if (name && name.value.kind === 'scalar' && typeof name.value.value === 'string')
    file.projectName = { value: name.value.value, span: name.value.span };
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
    problems.push({ span: { start: 0, end: 0 }, message: "No 'services:' in this compose file", severity: 'warning' });
  }
  file.volumes = readResources(get(root, 'volumes')?.value);
  file.networks = readResources(get(root, 'networks')?.value);
}

function firstLine(s: string): string {
  return s.split('\n')[0]!;
}

function readService(name: string, nameSpan: Span, node: RNode, problems: ComposeProblem[]): ComposeService {
  const service: ComposeService = {
    name,
    nameSpan,
    span: node.span,
    envFiles: [],
    environment: [],
    volumes: [],
    ports: [],
    node,
  };
  if (node.kind !== 'map') return service;
  checkKeys(node, SERVICE_KEYS, ` in service '${name}'`, problems, 'service key');

  const set = <K extends 'image' | 'containerName' | 'networkMode' | 'restart'>(k: K, key: string) => {
    const v = located(get(node, key)?.value);
    if (v) service[k] = v;
  };
  set('image', 'image');
  set('containerName', 'container_name');
  set('networkMode', 'network_mode');
  set('restart', 'restart');
  for (const [k, key] of [
    ['command', 'command'],
    ['entrypoint', 'entrypoint'],
  ] as const) {
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
