/**
 * Custom requests and notifications between the VS Code client and the language server, beyond
 * standard LSP. Plain types only: the client imports this file too, and any other editor may
 * implement them.
 */

export interface ScaffoldValues {
  domain: string;
  adminEmail: string;
  httpPort: number;
  httpsPort: number;
  turnMin: number;
  turnMax: number;
  backend: 'podman' | 'docker';
  project: string;
}

export type ScaffoldKind = 'deployment' | 'nginx' | 'certCopy';

export interface ScaffoldParams {
  kind: ScaffoldKind;
  /** Absolute folder the files go into (the NixOS configuration directory). */
  folder: string;
  /** Omitted fields are taken from the deployment found in `folder`, then from defaults. */
  values?: Partial<ScaffoldValues>;
}

export interface ScaffoldFile {
  /** Absolute path. */
  path: string;
  text: string;
}

export interface ScaffoldResult {
  files: ScaffoldFile[];
  /** Why a kind cannot be scaffolded here (no deployment to take values from, ...). */
  error?: string;
}

export interface Compose2nixParams {
  /** Any file of the deployment; the server finds its generated Nix file and compose file. */
  file: string;
}

export interface Compose2nixPlan {
  /** Folder to run in (the compose file's folder). */
  cwd: string;
  /** Absolute path of the generated Nix file that the new output replaces. */
  output: string;
  /** compose2nix arguments except `-output` (the client points that at a temp file). */
  args: string[];
  error?: string;
  /** The output made by the in-process generator, offered when compose2nix cannot run; absent when it does not handle this compose file. */
  inProcess?: string;
  /** The `snikket.compose2nixPath` setting as the server read it (empty: auto-detect). Added by the server work. */
  compose2nixPath?: string;
}

export interface OverviewPort {
  protocol: 'tcp' | 'udp';
  from: number;
  to: number;
  purpose: string;
  /** Whether the NixOS firewall opens it, or a container publishes it. */
  open: boolean;
  /** Whether it should be open (needed) or closed (internal). */
  expected: 'open' | 'closed';
}

export interface OverviewDeployment {
  root: string;
  files: Record<string, string>;
  values: Record<string, string>;
  dnsRecords: string[];
  ports: OverviewPort[];
  /** `line` is 1-based (as shown to users). */
  findings: { file: string; line: number; severity: string; code: string; message: string }[];
  /** Container backend of the generated Nix file (`virtualisation.oci-containers.backend`), if known. Added by the client work. */
  backend?: 'podman' | 'docker';
}

/** Parameters of `snikket/overview`. Added by the client work; every field is optional. */
export interface OverviewParams {
  /** Only the deployment that holds this file or folder (absolute path); omitted: all deployments. */
  file?: string;
}

export interface OverviewResult {
  deployments: OverviewDeployment[];
}

export interface ServerStatus {
  state: 'starting' | 'ready' | 'checking' | 'error';
  deployments: number;
  message?: string;
}

/**
 * `snikket/validateValues` (params: `Partial<ScaffoldValues>`): why these values cannot be
 * scaffolded, by the scaffold's own checks, so that a prompt accepts only what the scaffold will.
 * Only the fields given are checked.
 */
export interface ValidateValuesResult {
  error?: string;
}

export const Requests = {
  scaffold: 'snikket/scaffold',
  compose2nixPlan: 'snikket/compose2nixPlan',
  overview: 'snikket/overview',
  validateValues: 'snikket/validateValues',
} as const;

export const Notifications = {
  status: 'snikket/status',
} as const;

/** Settings under the `snikket` section, read at run time by the server. */
export interface Settings {
  /** Rule codes to ignore. */
  ignore: string[];
  /** Severity per rule code; 'off' ignores the rule. */
  severity: Record<string, 'error' | 'warning' | 'information' | 'hint' | 'off'>;
  /** compose2nix command (executable path or name); empty means auto-detect. */
  compose2nixPath: string;
  /** Extra folders (absolute or workspace-relative) searched for deployment files. */
  searchPaths: string[];
  /** Folder entries one walk of a root may look at (default 200,000; see docs/SECURITY.md). */
  maxFiles?: number;
}

export const defaultSettings: Settings = {
  ignore: [],
  severity: {},
  compose2nixPath: '',
  searchPaths: [],
};
