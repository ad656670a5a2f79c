/** The typed model of a compose file that the reader produces, every value with its span. */
import type { Span } from '../../text/span';
import type { PortRange } from './shortSyntax';
import type { RNode } from './tree';

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
