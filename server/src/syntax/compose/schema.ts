/**
 * The part of the Compose specification this tool relies on, as zod schemas. Objects are loose:
 * unknown keys are checked separately (against the key lists below) so that a typo gets a
 * did-you-mean instead of a bare "unrecognized key".
 */
import { z } from 'zod';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const envFileItem = z.union([
  z.string(),
  z.looseObject({ path: z.string(), required: z.boolean().optional(), format: z.string().optional() }),
]);

const volumeItem = z.union([
  z.string(),
  z.looseObject({
    type: z.enum(['volume', 'bind', 'tmpfs', 'npipe', 'cluster', 'image']),
    source: z.string().optional(),
    target: z.string(),
    read_only: z.boolean().optional(),
  }),
]);

const portNumber = z.union([z.number().int(), z.string()]);
const portItem = z.union([
  z.string(),
  z.number().int(),
  z.looseObject({
    target: portNumber,
    published: portNumber.optional(),
    protocol: z.string().optional(),
    host_ip: z.string().optional(),
    mode: z.string().optional(),
    name: z.string().optional(),
  }),
]);

const stringOrList = z.union([z.string(), z.array(z.string()), z.null()]);

const serviceSchema = z.looseObject({
  image: z.string().optional(),
  container_name: z.string().optional(),
  env_file: z.union([z.string(), z.array(envFileItem)]).optional(),
  environment: z.union([z.record(z.string(), z.union([scalar, z.null()])), z.array(z.string())]).optional(),
  volumes: z.array(volumeItem).optional(),
  ports: z.array(portItem).optional(),
  network_mode: z.string().optional(),
  restart: z
    .union([z.enum(['no', 'always', 'unless-stopped', 'on-failure']), z.string().regex(/^on-failure:\d+$/)])
    .optional(),
  command: stringOrList.optional(),
  entrypoint: stringOrList.optional(),
  networks: z.union([z.array(z.string()), z.record(z.string(), z.unknown())]).optional(),
  depends_on: z.union([z.array(z.string()), z.record(z.string(), z.unknown())]).optional(),
});

const namedResource = z.union([
  z.null(),
  z.looseObject({ name: z.string().optional(), external: z.unknown().optional() }),
]);

export const composeSchema = z.looseObject({
  version: z.union([z.string(), z.number()]).optional(),
  name: z.string().optional(),
  services: z.record(z.string(), serviceSchema.nullable()).optional(),
  volumes: z.union([z.record(z.string(), namedResource), z.null()]).optional(),
  networks: z.union([z.record(z.string(), namedResource), z.null()]).optional(),
});

/** What a field must look like, for messages (zod's union messages say only "Invalid input"); `top:` keys are top-level fields. */
export const EXPECTED: Record<string, string> = {
  'top:services': 'a map of service names to service definitions',
  'top:volumes': 'a map of volume names to definitions (or empty)',
  'top:networks': 'a map of network names to definitions (or empty)',
  'top:version': 'a version string (obsolete in Compose v2)',
  'top:name': 'a project name (text)',
  image: 'an image reference (text)',
  container_name: 'a container name (text)',
  env_file: "a path, or a list of paths or '{path, required}' entries",
  environment: "a map of 'KEY: value' or a list of 'KEY=value' strings",
  volumes: "a list of 'source:target[:mode]' strings or '{type, source, target}' maps",
  ports: "a list of '[host:]published:target[/protocol]' strings or '{target, published, protocol}' maps",
  network_mode: "text such as 'host' or 'bridge'",
  restart: "one of 'no', 'always', 'unless-stopped', 'on-failure[:N]'",
  command: 'a string or a list of strings',
  entrypoint: 'a string or a list of strings',
};

/** Service keys of the Compose specification (compose-spec schema), for typo detection. */
export const SERVICE_KEYS: readonly string[] = [
  'annotations',
  'attach',
  'blkio_config',
  'build',
  'cap_add',
  'cap_drop',
  'cgroup',
  'cgroup_parent',
  'command',
  'configs',
  'container_name',
  'cpu_count',
  'cpu_percent',
  'cpu_period',
  'cpu_quota',
  'cpu_rt_period',
  'cpu_rt_runtime',
  'cpu_shares',
  'cpus',
  'cpuset',
  'credential_spec',
  'depends_on',
  'deploy',
  'develop',
  'device_cgroup_rules',
  'devices',
  'dns',
  'dns_opt',
  'dns_search',
  'domainname',
  'entrypoint',
  'env_file',
  'environment',
  'expose',
  'extends',
  'external_links',
  'extra_hosts',
  'gpus',
  'group_add',
  'healthcheck',
  'hostname',
  'image',
  'init',
  'ipc',
  'isolation',
  'label_file',
  'labels',
  'links',
  'logging',
  'mac_address',
  'mem_limit',
  'mem_reservation',
  'mem_swappiness',
  'memswap_limit',
  'models',
  'network_mode',
  'networks',
  'oom_kill_disable',
  'oom_score_adj',
  'pid',
  'pids_limit',
  'platform',
  'ports',
  'post_start',
  'pre_stop',
  'privileged',
  'profiles',
  'provider',
  'pull_policy',
  'pull_refresh_after',
  'read_only',
  'restart',
  'runtime',
  'scale',
  'secrets',
  'security_opt',
  'shm_size',
  'stdin_open',
  'stop_grace_period',
  'stop_signal',
  'storage_opt',
  'sysctls',
  'tmpfs',
  'tty',
  'ulimits',
  'use_api_socket',
  'user',
  'userns_mode',
  'uts',
  'volumes',
  'volumes_from',
  'working_dir',
];

export const TOP_LEVEL_KEYS: readonly string[] = [
  'version',
  'name',
  'include',
  'services',
  'volumes',
  'networks',
  'configs',
  'secrets',
  'models',
];
