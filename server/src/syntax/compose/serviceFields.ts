/** Readers for the values of service fields (env_file, environment, volumes, ports) and plain scalars. */
import type {
  ComposeEnvFile,
  ComposeEnvironmentEntry,
  ComposePort,
  ComposeProblem,
  ComposeVolumeMount,
  Located,
} from './model';
import { parsePortRange, parseShortPort, parseShortVolume, isPathSource } from './shortSyntax';
import { get, scalarText, subSpan, type RNode, type RScalar } from './tree';

export function located(node: RNode | undefined): Located<string> | undefined {
  const t = scalarText(node);
  return node && t !== undefined ? { value: t, span: node.span } : undefined;
}

export function readEnvFiles(node: RNode | undefined): ComposeEnvFile[] {
  if (!node) return [];
  const items = node.kind === 'seq' ? node.items : [node];
  const out: ComposeEnvFile[] = [];
  for (const item of items) {
    if (item.kind === 'scalar' && typeof item.value === 'string')
      out.push({ path: item.value, required: true, span: item.span });
    else if (item.kind === 'map') {
      const path = get(item, 'path')?.value;
      if (path?.kind !== 'scalar' || typeof path.value !== 'string') continue;
      const required = get(item, 'required')?.value;
      out.push({
        path: path.value,
        required: !(required?.kind === 'scalar' && required.value === false),
        span: path.span,
      });
    }
  }
  return out;
}

export function readEnvironment(node: RNode | undefined): ComposeEnvironmentEntry[] {
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

export function readVolumes(
  node: RNode | undefined,
  service: string,
  problems: ComposeProblem[],
): ComposeVolumeMount[] {
  if (node?.kind !== 'seq') return [];
  const out: ComposeVolumeMount[] = [];
  for (const item of node.items) {
    if (item.kind === 'scalar' && typeof item.value === 'string') {
      const v = parseShortVolume(item.value);
      if ('error' in v) {
        problems.push({ span: item.span, message: `${v.error} in service '${service}'`, severity: 'error' });
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
      const kind =
        (['volume', 'bind', 'tmpfs', 'npipe', 'cluster', 'image'] as const).find((t) => t === type) ??
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

export function readPorts(node: RNode | undefined, service: string, problems: ComposeProblem[]): ComposePort[] {
  if (node?.kind !== 'seq') return [];
  const out: ComposePort[] = [];
  for (const item of node.items) {
    if (item.kind === 'scalar' && (typeof item.value === 'string' || typeof item.value === 'number')) {
      const p = parseShortPort(String(item.value));
      if ('error' in p) {
        problems.push({ span: item.span, message: `${p.error} in service '${service}'`, severity: 'error' });
        continue;
      }
      out.push({
        hostIp: p.hostIp?.text,
        published: p.published?.range,
        target: p.target.range,
        protocol: p.protocol,
        span: item.span,
        form: 'short',
      });
    } else if (item.kind === 'map') {
      const targetText = scalarText(get(item, 'target')?.value);
      const target = targetText !== undefined ? parsePortRange(targetText) : undefined;
      if (!target) {
        problems.push({
          span: item.span,
          message: `Port in service '${service}' needs a numeric 'target'`,
          severity: 'error',
        });
        continue;
      }
      const publishedText = scalarText(get(item, 'published')?.value);
      const published = publishedText !== undefined && publishedText !== '' ? parsePortRange(publishedText) : undefined;
      if (publishedText && !published)
        problems.push({
          span: get(item, 'published')!.value.span,
          message: `'${publishedText}' is not a port or range`,
          severity: 'error',
        });
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
