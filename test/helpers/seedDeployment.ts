/**
 * A complete Snikket-behind-nginx deployment in memory, shaped like the guide's (snikket.conf,
 * docker-compose.yml, compose2nix output, snikket.nix with firewall and vhosts, nginx.nix, the
 * certificate copy script and its timer). Clean by default: each option is one value a test varies,
 * so the test shows its own defect instead of a regex edit of the demo.
 *
 *   configuration.nix          imports nginx.nix and snikket.nix; pull = "newer" for the images
 *   nginx.nix                  nginx, ports 80 443, ACME e-mail
 *   snikket.nix                let domain/http_port/https_port; firewall; three vhosts
 *   snikket/snikket.conf       the env file (comment line, then one KEY=value a line)
 *   snikket/docker-compose.yml four services, volumes acme_challenges and snikket_data
 *   snikket/snikket.nix        compose2nix's output for them, snikket.conf inlined
 *   snikket/copy-certs.sh      copies the certificate to /var/lib/snikket-certs/$DOMAIN
 *   snikket/copy-certs-job.nix the hourly timer running it
 */
import { MemoryDeployment } from './memoryDeployment';

export interface SeedOptions {
  /** Changes to snikket.conf: a value sets the key in place (or appends it), null removes the line. */
  conf?: Record<string, string | null>;
  /** The whole snikket.conf, for lines a key map cannot say (duplicates, typos). */
  confText?: string;
  /** The environment compose2nix inlined, when it differs from snikket.conf (default: snikket.conf's). */
  generatedEnv?: Record<string, string | null>;
  /** The server image, in docker-compose.yml and the compose2nix output. */
  serverImage?: string;
  /** The server container's network option in the compose2nix output (Nix list items). */
  serverNetwork?: string;
  /** The right-hand side of `domain = ...;` in snikket.nix. */
  nixDomain?: string;
  /** snikket.nix's whole firewall block, instead of the lists below. */
  firewall?: string;
  /** The firewall lists in snikket.nix (Nix expressions); null leaves the line out. */
  tcp?: string;
  udp?: string | null;
  udpRanges?: string;
  /** Attribute names of the three virtual hosts. */
  vhostNames?: [string, string, string];
  /** Values (Nix text) of every vhost. */
  vhost?: Vhost;
  /** Values (Nix text) of the first vhost, the domain's own, over `vhost`. */
  main?: Vhost;
  /** The right-hand side of `http_port = ...;` in snikket.nix. */
  httpPort?: string;
  /** The right-hand side of `https_port = ...;`; null leaves the binding out. */
  httpsPort?: string | null;
  /** snikket.nix's function head (default `{ lib, pkgs, config, ... }`). */
  args?: string;
  /** Bindings put first in snikket.nix's services.nginx (another service's vhost, say). */
  nginxExtra?: string;
  /** snikket.nix's imports (Nix list items). */
  imports?: string;
  compose?: Compose;
  /** Lines of configuration.nix after its imports (another service of the host, say). */
  host?: string;
  /** Where the compose2nix output differs from what compose2nix makes of docker-compose.yml. */
  generated?: Generated;
  script?: Script;
  /** security.acme.defaults.email in nginx.nix. */
  acmeEmail?: string;
  /** Comment lines at the top of nginx.nix. */
  nginxHeader?: string;
  job?: Job;
}

/** Where the compose2nix output was edited by hand. */
export interface Generated {
  dataVolume?: string;
  /** Containers whose environment block is gone. */
  withoutEnv?: string[];
  /** virtualisation.oci-containers.backend (default podman); also names the root target. */
  backend?: string;
  /** The compose project the names were made with (default snikket). */
  project?: string;
  /** An env file every container reads instead of an inlined environment. */
  envFile?: string;
  /** Bindings added to the server container (e.g. `podman.user = "snikket";`). */
  serverExtra?: string;
}

/** Variations of docker-compose.yml. */
export interface Compose {
  serverImage?: string;
  serverEnvFile?: string;
  /** The name of Snikket's data volume (default snikket_data). */
  dataVolume?: string;
  /** false: the cert manager does not mount the challenge volume. */
  certsChallenges?: boolean;
  /** More services (YAML, indented as a service). */
  extra?: string;
  /** Lines right after `services:`. */
  first?: string;
}

/** Parts of copy-certs.sh. */
export interface Script {
  /** Comment lines after the shebang. */
  header?: string;
  domain?: string;
  source?: string;
  target?: string;
  /** The lines that copy SOURCE to TARGET. */
  copy?: string;
  /** The line renaming privkey.pem to key.pem; null leaves it out. */
  rename?: string | null;
  /** Lines after the rest. */
  after?: string;
}

/** Parts of copy-certs-job.nix. */
export interface Job {
  /** The ExecStart value (Nix text). */
  execStart?: string;
  /** More bindings of the service. */
  extra?: string;
}

export interface Vhost {
  /** The certificate line (default `enableACME = true;`). */
  certificate?: string;
  /** null leaves the line out. */
  acmeFallback?: string | null;
  /** A comment line before acmeFallbackHost. */
  fallbackComment?: string;
  /** The extraConfig value (Nix text); null leaves the line out. */
  extraConfig?: string | null;
  proxyPass?: string;
}

const DOMAIN = 'chat.hedgehog.test';

const CONF: [string, string][] = [
  ['SNIKKET_DOMAIN', DOMAIN],
  ['SNIKKET_ADMIN_EMAIL', 'ops@hedgehog.test'],
  ['SNIKKET_TWEAK_HTTP_PORT', '5080'],
  ['SNIKKET_TWEAK_HTTPS_PORT', '5443'],
  ['SNIKKET_TWEAK_TURNSERVER_MIN_PORT', '49152'],
  ['SNIKKET_TWEAK_TURNSERVER_MAX_PORT', '49252'],
];

function withChanges(base: [string, string][], changes: Record<string, string | null> = {}): [string, string][] {
  const out = base.filter(([k]) => changes[k] !== null).map(([k, v]): [string, string] => [k, changes[k] ?? v]);
  for (const [k, v] of Object.entries(changes)) {
    if (v !== null && !base.some(([b]) => b === k)) out.push([k, v]);
  }
  return out;
}

/** snikket.conf's text: a comment line, then one KEY=value per line. */
function confText(changes?: Record<string, string | null>): string {
  const lines = withChanges(CONF, changes).map(([k, v]) => `${k}=${v}`);
  return `# Snikket on the hedgehog host, behind nginx.\n${lines.join('\n')}\n`;
}

/** The variables an env file sets, each once with its last value, as compose2nix inlines them. */
function envOf(text: string): [string, string][] {
  const env = new Map<string, string>();
  for (const l of text.split('\n')) {
    if (/^[A-Z_0-9]+=/.test(l)) env.set(l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1));
  }
  return [...env];
}

const SERVICES: { service: string; container: string; image: string; mounts: string[] }[] = [
  {
    service: 'snikket_proxy',
    container: 'snikket-proxy',
    image: 'snikket/snikket-web-proxy:stable',
    mounts: ['snikket_data:/snikket', 'acme_challenges:/var/www/html/.well-known/acme-challenge'],
  },
  {
    service: 'snikket_certs',
    container: 'snikket-certs',
    image: 'snikket/snikket-cert-manager:stable',
    mounts: ['snikket_data:/snikket', 'acme_challenges:/var/www/.well-known/acme-challenge'],
  },
  { service: 'snikket_portal', container: 'snikket-portal', image: 'snikket/snikket-web-portal:stable', mounts: [] },
  {
    service: 'snikket_server',
    container: 'snikket',
    image: 'snikket/snikket-server:stable',
    mounts: ['snikket_data:/snikket'],
  },
];

function compose(serverImage: string, c: Compose): string {
  const data = c.dataVolume ?? 'snikket_data';
  const blocks = SERVICES.map((s) => {
    const server = s.container === 'snikket';
    const mounts = s.mounts
      .filter((m) => c.certsChallenges !== false || s.container !== 'snikket-certs' || !m.startsWith('acme'))
      .map((m) => m.replace(/^snikket_data:/, `${data}:`));
    const volumes = mounts.length ? `    volumes:\n${mounts.map((m) => `      - ${m}\n`).join('')}` : '';
    const envFile = (server ? c.serverEnvFile : undefined) ?? 'snikket.conf';
    return `  ${s.service}:\n    container_name: ${s.container}\n    image: ${server ? serverImage : s.image}\n    network_mode: host\n    env_file: ${envFile}\n${volumes}    restart: "unless-stopped"\n`;
  });
  return `services:\n${c.first === undefined ? '' : `${c.first}\n`}${blocks.join('')}${c.extra ?? ''}\nvolumes:\n  acme_challenges:\n  ${data}:\n`;
}

/** What compose2nix writes for `compose(...)`, containers in name order. */
function generated(env: [string, string][], serverImage: string, serverNetwork: string, g: Generated): string {
  const data = g.dataVolume ?? 'snikket_data';
  const sortedEnv = [...env].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const name = g.project ?? 'snikket';
  const root = `${g.backend ?? 'podman'}-compose-${name}-root`;
  const project = (m: string) => `${name}_${m}:rw`;
  const containers = [...SERVICES]
    .sort((a, b) => (a.container < b.container ? -1 : 1))
    .map((s) => {
      const image = s.container === 'snikket' ? serverImage : s.image;
      const own = s.mounts.map((m) => m.replace(/^snikket_data:/, `${data}:`));
      const mounts = [...own].sort().map(project);
      const vols = own.map((m) => `podman-volume-${name}_${m.split(':')[0]}.service`).sort();
      const volumes = mounts.length ? `    volumes = [\n${mounts.map((m) => `      "${m}"\n`).join('')}    ];\n` : '';
      const deps = vols.length
        ? `    after = [\n${vols.map((v) => `      "${v}"\n`).join('')}    ];\n    requires = [\n${vols.map((v) => `      "${v}"\n`).join('')}    ];\n`
        : '';
      const network = s.container === 'snikket' ? serverNetwork : '"--network=host"';
      return `  virtualisation.oci-containers.containers."${s.container}" = {
    image = "${image}";
${g.envFile !== undefined ? `    environmentFiles = [ "${g.envFile}" ];\n` : g.withoutEnv?.includes(s.container) ? '' : `    environment = {\n${sortedEnv.map(([k, v]) => `      "${k}" = "${v}";\n`).join('')}    };\n`}${volumes}    log-driver = "journald";
${s.container === 'snikket' && g.serverExtra ? `    ${g.serverExtra}\n` : ''}    extraOptions = [
      ${network}
    ];
  };
  systemd.services."podman-${s.container}" = {
    serviceConfig = {
      Restart = lib.mkOverride 90 "always";
    };
${deps}    partOf = [
      "${root}.target"
    ];
    wantedBy = [
      "${root}.target"
    ];
  };
`;
    });
  const volume = (v: string) => `  systemd.services."podman-volume-${name}_${v}" = {
    path = [ pkgs.podman ];
    serviceConfig = {
      Type = "oneshot";
      RemainAfterExit = true;
    };
    script = ''
      podman volume inspect ${name}_${v} || podman volume create ${name}_${v}
    '';
    partOf = [ "${root}.target" ];
    wantedBy = [ "${root}.target" ];
  };
`;
  return `# Auto-generated using compose2nix v0.3.1.
{ pkgs, lib, config, ... }:

{
  # Runtime
  virtualisation.podman = {
    enable = true;
    autoPrune.enable = true;
    dockerCompat = true;
  };
  virtualisation.oci-containers.backend = "${g.backend ?? 'podman'}";

  # Containers
${containers.join('')}
  # Volumes
${volume('acme_challenges')}${volume(data)}
  # Root service
  # When started, this will automatically create all resources and start
  # the containers. When stopped, this will teardown all resources.
  systemd.targets."${root}" = {
    unitConfig = {
      Description = "Root target generated by compose2nix.";
    };
    wantedBy = [ "multi-user.target" ];
  };
}
`;
}

function vhost(name: string, o: Vhost): string {
  return `    virtualHosts.${name} = {
      ${o.certificate ?? 'enableACME = true;'}
      forceSSL = true;
${o.fallbackComment === undefined ? '' : `      ${o.fallbackComment}\n`}${o.acmeFallback === null ? '' : `      acmeFallbackHost = ${o.acmeFallback ?? '"localhost:${toString http_port}"'};\n`}      locations."/" = {
        proxyPass = ${o.proxyPass ?? '"https://localhost:${toString https_port}"'};
        proxyWebsockets = true;
${o.extraConfig === null ? '' : `        extraConfig = ${o.extraConfig ?? '"client_max_body_size 104857616; proxy_read_timeout 900s;"'};\n`}      };
    };
`;
}

function firewall(o: SeedOptions): string {
  const udp = o.udp === null ? '' : `    allowedUDPPorts = ${o.udp ?? '[ 3478 3479 5349 5350 ]'};\n`;
  return `  networking.firewall = {
    allowedTCPPorts = ${o.tcp ?? '[ 5222 5269 5000 3478 3479 5349 5350 ]'};
${udp}    allowedUDPPortRanges = ${o.udpRanges ?? '[ { from = 49152; to = 49252; } ]'};
  };
`;
}

function snikketNix(o: SeedOptions): string {
  const names = o.vhostNames ?? ['"${domain}"', '"groups.${domain}"', '"share.${domain}"'];
  const https =
    o.httpsPort === null
      ? ''
      : `  https_port = ${o.httpsPort ?? '5443'}; # Keep in sync with SNIKKET_TWEAK_HTTPS_PORT.\n`;
  return `${o.args ?? '{ lib, pkgs, config, ... }'}:
let
  domain = ${o.nixDomain ?? `"${DOMAIN}"`}; # Keep in sync with SNIKKET_DOMAIN.
  http_port = ${o.httpPort ?? '5080'}; # Keep in sync with SNIKKET_TWEAK_HTTP_PORT.
${https}in
{
  imports = [ ${o.imports ?? './snikket/snikket.nix ./snikket/copy-certs-job.nix'} ];

${o.firewall ?? firewall(o)}
  services.nginx = {
${o.nginxExtra ?? ''}${names.map((n, i) => vhost(n, { ...o.vhost, ...(i === 0 ? o.main : {}) })).join('')}  };
}
`;
}

const configuration = (host = '') => `{ config, lib, ... }:
{
  imports = [ ./nginx.nix ./snikket.nix ];
${host}  virtualisation.oci-containers.containers = lib.genAttrs [ "snikket" "snikket-certs" "snikket-portal" "snikket-proxy" ] (name: { pull = "newer"; });
}
`;

const nginx = (o: SeedOptions) => `${o.nginxHeader === undefined ? '' : `${o.nginxHeader}\n`}{ ... }:
{
  networking.firewall.allowedTCPPorts = [ 80 443 ];
  services.nginx = {
    enable = true;
    recommendedProxySettings = true;
  };
  security.acme.acceptTerms = true;
  security.acme.defaults.email = "${o.acmeEmail ?? 'ops@hedgehog.test'}";
}
`;

function script(o: Script): string {
  const lines = [
    '#!/usr/bin/env bash',
    ...(o.header === undefined ? [] : [o.header]),
    'set -euo pipefail',
    `DOMAIN="${o.domain ?? DOMAIN}"`,
    `SOURCE="${o.source ?? '/var/lib/containers/storage/volumes/snikket_snikket_data/_data/letsencrypt/live/$DOMAIN'}"`,
    `TARGET="${o.target ?? '/var/lib/snikket-certs/$DOMAIN'}"`,
    o.copy ?? 'mkdir -p "$TARGET"\ncp -rL "$SOURCE/." "$TARGET/"',
    ...(o.rename === null ? [] : [o.rename ?? 'mv "$TARGET/privkey.pem" "$TARGET/key.pem"']),
    'chown -R root:nginx "$TARGET"',
    'chmod 640 "$TARGET/key.pem"',
    ...(o.after === undefined ? [] : [o.after]),
  ];
  return `${lines.join('\n')}\n`;
}

function job(o: Job): string {
  return `{ pkgs, ... }:
{
  systemd.timers."snikket-copy-certs" = {
    wantedBy = [ "timers.target" ];
    timerConfig.OnCalendar = "hourly";
  };
  systemd.services."snikket-copy-certs" = {
    serviceConfig.Type = "oneshot";
    serviceConfig.ExecStart = ${o.execStart ?? '"${pkgs.bash}/bin/bash ${./copy-certs.sh}"'};
${o.extra ?? ''}  };
}
`;
}

/** The seed-shaped deployment with the given variations. */
export function seed(o: SeedOptions = {}): MemoryDeployment {
  const conf = o.confText ?? confText(o.conf);
  const serverImage = o.serverImage ?? 'snikket/snikket-server:stable';
  const env = withChanges(envOf(conf), o.generatedEnv);
  return new MemoryDeployment({
    'configuration.nix': configuration(o.host === undefined ? '' : `${o.host}\n`),
    'nginx.nix': nginx(o),
    'snikket.nix': snikketNix(o),
    'snikket/snikket.conf': conf,
    'snikket/docker-compose.yml': compose(o.compose?.serverImage ?? serverImage, o.compose ?? {}),
    'snikket/snikket.nix': generated(env, serverImage, o.serverNetwork ?? '"--network=host"', o.generated ?? {}),
    'snikket/copy-certs.sh': script(o.script ?? {}),
    'snikket/copy-certs-job.nix': job(o.job ?? {}),
  });
}
