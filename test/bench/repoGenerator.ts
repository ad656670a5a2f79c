/**
 * A generated NixOS configuration repository for the workspace-scale benchmark: hosts whose
 * configuration.nix imports hardware-configuration.nix, host modules and shared modules
 * (services, users, networking), with Snikket deployments like examples/blog on some hosts.
 *
 * Deterministic: the same seed and sizes give the same bytes, so figures from different runs
 * measure the checker, not the input. Generating takes seconds, so the repository is cached
 * under os.tmpdir() in a folder named by GENERATOR_VERSION (bump it when the output changes).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rng } from '../helpers/random';

const GENERATOR_VERSION = 'v2';

export interface RepoOptions {
  seed: number;
  nixFiles: number;
  /** Total size of the .nix files aimed at. */
  totalBytes: number;
  deployments: number;
}

const DEFAULT_REPO: RepoOptions = { seed: 20261101, nixFiles: 5000, totalBytes: 25 * 1024 * 1024, deployments: 20 };

export interface RepoInfo {
  dir: string;
  nixFiles: number;
  nixBytes: number;
  deploymentHosts: string[];
  /** A hand-written snikket.nix and a snikket.conf of one deployment, for the re-check measurement. */
  sampleNix: string;
  sampleConf: string;
  /** A shared module that no deployment depends on in a Snikket way (a user list). */
  sampleUnrelated: string;
}

/** The cached repository, generated first if it is missing or incomplete. */
export function cachedRepo(options: RepoOptions = DEFAULT_REPO): RepoInfo {
  const key = `${GENERATOR_VERSION}-${options.seed}-${options.nixFiles}-${options.totalBytes}-${options.deployments}`;
  const dir = path.join(os.tmpdir(), `snikket-bench-repo-${key}`);
  const marker = path.join(dir, '.bench-complete.json');
  if (fs.existsSync(marker)) return JSON.parse(fs.readFileSync(marker, 'utf8')) as RepoInfo;
  fs.rmSync(dir, { recursive: true, force: true });
  const info = generateRepo(dir, options);
  // Written last: an interrupted generation is regenerated next time.
  fs.writeFileSync(marker, JSON.stringify(info));
  return info;
}

const SERVICES = [
  'nginx',
  'postgresql',
  'redis',
  'grafana',
  'prometheus',
  'loki',
  'gitea',
  'nextcloud',
  'openssh',
  'fail2ban',
  'borgbackup',
  'syncthing',
  'jellyfin',
  'vaultwarden',
  'mosquitto',
  'home-assistant',
];
const USERS = [
  'alice',
  'bob',
  'carol',
  'dave',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'mallory',
  'niaj',
  'olivia',
  'peggy',
  'rupert',
  'sybil',
  'trent',
  'victor',
  'walter',
];
const PACKAGES = [
  'git',
  'vim',
  'htop',
  'curl',
  'wget',
  'jq',
  'ripgrep',
  'fd',
  'tmux',
  'rsync',
  'restic',
  'age',
  'sops',
  'nmap',
  'tcpdump',
  'iperf3',
  'lsof',
  'strace',
];
const KERNEL_MODULES = [
  'xhci_pci',
  'ahci',
  'nvme',
  'usb_storage',
  'sd_mod',
  'virtio_pci',
  'virtio_blk',
  'virtio_scsi',
  'sr_mod',
  'uas',
];

class Gen {
  readonly r: () => number;
  constructor(seed: number) {
    this.r = rng(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }
  b64(n: number): string {
    const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    let s = '';
    for (let i = 0; i < n; i++) s += A[this.int(0, 63)];
    return s;
  }
}

// ---- module shapes -------------------------------------------------------------------------
// Each shape writes one piece at a time until the file reaches its size, so file sizes follow
// the chosen distribution while the code stays module-shaped.

function serviceModule(g: Gen, name: string, target: number): string {
  const svc = g.pick(SERVICES);
  const out = [
    `# ${name}: ${svc} and the units around it.`,
    `{ config, lib, pkgs, ... }:`,
    ``,
    `with lib;`,
    ``,
    `let`,
    `  cfg = config.services.${svc};`,
    `  port = ${g.int(1024, 65000)};`,
    `  dataDir = "/var/lib/${svc}";`,
    `in`,
    `{`,
  ];
  out.push(
    `  services.${svc} = {`,
    `    enable = true;`,
    `    # Listen on the internal network only.`,
    `    settings = {`,
    `      listen_address = "10.${g.int(0, 255)}.${g.int(0, 255)}.1:\${toString port}";`,
    `      data_dir = dataDir;`,
    `    };`,
    `  };`,
  );
  let size = out.join('\n').length;
  let i = 0;
  while (size < target) {
    const unit = `${svc}-${g.pick(['backup', 'rotate', 'sync', 'report', 'prune', 'warmup'])}-${i++}`;
    const piece = [
      ``,
      `  systemd.services."${unit}" = {`,
      `    description = "${svc} ${unit} job (runs ${g.pick(['hourly', 'daily', 'weekly'])})";`,
      `    after = [ "network-online.target" "${svc}.service" ];`,
      `    wants = [ "network-online.target" ];`,
      `    path = with pkgs; [ ${g.pick(PACKAGES)} ${g.pick(PACKAGES)} coreutils ];`,
      `    environment = {`,
      `      DATA_DIR = dataDir;`,
      `      RETENTION_DAYS = toString ${g.int(1, 90)};`,
      `    };`,
      `    serviceConfig = {`,
      `      Type = "oneshot";`,
      `      User = "${svc}";`,
      `      Nice = ${g.int(0, 19)};`,
      `      ExecStart = "\${pkgs.${g.pick(PACKAGES)}}/bin/${g.pick(PACKAGES)} --${g.pick(['verbose', 'quiet', 'all'])} \${dataDir}";`,
      `    };`,
      `    script = ''`,
      `      set -eu`,
      `      # keep the newest ${g.int(2, 30)} copies`,
      `      find \${dataDir}/${g.hex(6)} -mtime +${g.int(1, 60)} -delete || true`,
      `    '';`,
      `  };`,
      `  systemd.timers."${unit}" = {`,
      `    wantedBy = [ "timers.target" ];`,
      `    timerConfig.OnCalendar = "*-*-* ${String(g.int(0, 23)).padStart(2, '0')}:${String(g.int(0, 59)).padStart(2, '0')}:00";`,
      `  };`,
    ].join('\n');
    out.push(piece);
    size += piece.length + 1;
  }
  out.push(`}`, ``);
  return out.join('\n');
}

function usersModule(g: Gen, target: number): string {
  const out = [
    `# People with a login on these hosts.`,
    `{ config, pkgs, ... }:`,
    ``,
    `{`,
    `  users.mutableUsers = false;`,
  ];
  let size = out.join('\n').length;
  let i = 0;
  while (size < target) {
    const u = `${g.pick(USERS)}${i++}`;
    const piece = [
      `  users.users.${u} = {`,
      `    isNormalUser = true;`,
      `    description = "${u[0]!.toUpperCase()}${u.slice(1)}";`,
      `    extraGroups = [ ${g.r() < 0.3 ? '"wheel" ' : ''}"networkmanager" "video" ];`,
      `    shell = pkgs.${g.pick(['bash', 'zsh', 'fish'])};`,
      `    openssh.authorizedKeys.keys = [`,
      `      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${g.b64(43)} ${u}@laptop"`,
      `    ];`,
      `  };`,
    ].join('\n');
    out.push(piece);
    size += piece.length + 1;
  }
  out.push(`}`, ``);
  return out.join('\n');
}

function networkingModule(g: Gen, target: number): string {
  const iface = g.pick(['eth0', 'ens3', 'enp1s0', 'eno1']);
  const out = [
    `{ lib, ... }:`,
    ``,
    `let`,
    `  prefix = "10.${g.int(0, 255)}";`,
    `in`,
    `{`,
    `  networking.useDHCP = false;`,
    `  networking.nameservers = [ "9.9.9.9" "1.1.1.1" ];`,
  ];
  let size = out.join('\n').length;
  let i = 0;
  // One extraCommands at the end: an attribute defined twice is an error to Nix, and the benchmark
  // compares with nix-instantiate --parse, which stops at the first file it cannot parse.
  const rules: string[] = [];
  while (size < target) {
    const piece = [
      `  networking.interfaces.${iface}-${i}.ipv4.addresses = [ { address = "\${prefix}.${i % 256}.${g.int(2, 254)}"; prefixLength = ${g.pick([24, 16, 28])}; } ];`,
      `  networking.hosts."10.${g.int(0, 255)}.${g.int(0, 255)}.${g.int(1, 254)}" = [ "node${i}.internal" "node${i}" ];`,
    ].join('\n');
    const rule = `    iptables -A nixos-fw -s \${prefix}.${i % 256}.0/24 -p tcp --dport ${g.int(1024, 65000)} -j nixos-fw-accept`;
    i++;
    out.push(piece);
    rules.push(rule);
    size += piece.length + rule.length + 2;
  }
  out.push(`  networking.firewall.extraCommands = lib.mkAfter ''`, ...rules, `  '';`, `}`, ``);
  return out.join('\n');
}

function hardwareConfiguration(g: Gen, target: number): string {
  const out = [
    `# Do not modify this file!  It was generated by 'nixos-generate-config'`,
    `# and may be overwritten by future invocations.`,
    `{ config, lib, pkgs, modulesPath, ... }:`,
    ``,
    `{`,
    `  boot.initrd.availableKernelModules = [ ${Array.from({ length: 5 }, () => `"${g.pick(KERNEL_MODULES)}"`).join(' ')} ];`,
    `  boot.kernelModules = [ "kvm-${g.pick(['intel', 'amd'])}" ];`,
    `  fileSystems."/" = { device = "/dev/disk/by-uuid/${g.hex(8)}-${g.hex(4)}-${g.hex(4)}-${g.hex(4)}-${g.hex(12)}"; fsType = "ext4"; };`,
  ];
  let size = out.join('\n').length;
  let i = 0;
  while (size < target) {
    const piece = `  fileSystems."/srv/disk${i++}" = { device = "/dev/disk/by-uuid/${g.hex(8)}-${g.hex(4)}"; fsType = "${g.pick(['ext4', 'xfs', 'btrfs'])}"; options = [ "noatime" "nofail" ]; };`;
    out.push(piece);
    size += piece.length + 1;
  }
  out.push(`  nixpkgs.hostPlatform = lib.mkDefault "x86_64-linux";`, `}`, ``);
  return out.join('\n');
}

function hostConfiguration(host: string, imports: string[], g: Gen): string {
  return [
    `# ${host}: imports its hardware, its own modules and the shared ones.`,
    `{ config, pkgs, lib, ... }:`,
    ``,
    `{`,
    `  imports = [`,
    ...imports.map((i) => `    ${i}`),
    `  ];`,
    ``,
    `  networking.hostName = "${host}";`,
    `  time.timeZone = "${g.pick(['UTC', 'Europe/Berlin', 'America/New_York'])}";`,
    `  environment.systemPackages = with pkgs; [ ${Array.from({ length: 6 }, () => g.pick(PACKAGES)).join(' ')} ];`,
    `  system.stateVersion = "24.11";`,
    `}`,
    ``,
  ].join('\n');
}

// ---- Snikket deployments ---------------------------------------------------------------------
// Built from examples/blog with varied values. Some carry a mistake the checker should report,
// so the benchmark's finding set is not trivially empty.

const EXAMPLE = path.resolve(__dirname, '..', '..', '..', 'examples', 'blog');

function snikketFiles(g: Gen, n: number): Record<string, string> {
  const read = (f: string) => fs.readFileSync(path.join(EXAMPLE, f), 'utf8');
  const domain = `chat${n}.${g.pick(['family', 'club', 'team', 'home'])}-${g.hex(4)}.org`;
  const https = 5443 + n;
  const http = 5080 + n;
  const turnMin = 49152 + n * 200;
  const turnMax = turnMin + 100;
  const mistake = n % 4; // 0: none, 1: firewall range off, 2: vhost port off, 3: domain off
  const sub = (text: string) =>
    text
      .replaceAll('chat.example.com', domain)
      .replaceAll('admin@example.com', `admin@${domain}`)
      .replaceAll('5443', String(https))
      .replaceAll('5080', String(http))
      .replaceAll('49152', String(turnMin))
      .replaceAll('49252', String(turnMax));
  let handWritten = sub(read('snikket.nix'));
  if (mistake === 1) handWritten = handWritten.replace(`to = ${turnMax};`, `to = ${turnMax - 50};`);
  if (mistake === 2) handWritten = handWritten.replace(`port = ${https};`, `port = ${https + 1};`);
  if (mistake === 3) handWritten = handWritten.replace(`domain = "${domain}";`, `domain = "x${domain}";`);
  return {
    'snikket.nix': handWritten,
    'nginx.nix': sub(read('nginx.nix')),
    'snikket/snikket.nix': sub(read('snikket/snikket.nix')),
    'snikket/snikket.conf': sub(read('snikket/snikket.conf')),
    'snikket/docker-compose.yml': sub(read('snikket/docker-compose.yml')),
    'snikket/copy-certs-job.nix': sub(read('snikket/copy-certs-job.nix')),
    'snikket/copy-certs.sh': sub(read('snikket/copy-certs.sh')),
  };
}

// ---- the repository ---------------------------------------------------------------------------

function generateRepo(dir: string, options: RepoOptions): RepoInfo {
  const g = new Gen(options.seed);
  const files = new Map<string, string>();
  const hostsCount = Math.max(options.deployments, Math.round(options.nixFiles / 50));
  const hosts = Array.from({ length: hostsCount }, (_, i) => `h${String(i).padStart(3, '0')}`);
  const step = hostsCount / options.deployments;
  const deploymentHosts = Array.from({ length: options.deployments }, (_, i) => hosts[Math.floor(i * step)]!);

  // Fixed files per host, and per deployment host the Snikket files (5 of them .nix).
  // 10 shared profile modules and flake.nix are the rest.
  const fixedNix = hostsCount * 2 + options.deployments * 4 + 11;
  const sharedCount = Math.round((options.nixFiles - fixedNix) * 0.2);
  const perHostModules = Math.floor((options.nixFiles - fixedNix - sharedCount) / hostsCount);
  const extra = options.nixFiles - fixedNix - sharedCount - perHostModules * hostsCount;
  const generic = sharedCount + perHostModules * hostsCount + extra;
  // Sizes: a skewed distribution (most modules small, a few large) scaled to the total.
  const fixedBytes = hostsCount * (700 + 1500) + options.deployments * 9000;
  const meanGeneric = Math.max(500, (options.totalBytes - fixedBytes) / generic);
  const size = () => Math.round(meanGeneric * (0.25 + 1.5 * g.r() ** 2) * 1.26);

  const shared: string[] = [];
  for (let i = 0; i < sharedCount; i++) {
    const kind = i % 5 === 0 ? 'users' : i % 5 === 1 ? 'networking' : 'services';
    const rel = `modules/${kind}/${kind === 'services' ? g.pick(SERVICES) : kind}-${i}.nix`;
    files.set(
      rel,
      kind === 'users'
        ? usersModule(g, size())
        : kind === 'networking'
          ? networkingModule(g, size())
          : serviceModule(g, rel, size()),
    );
    shared.push(rel);
  }
  // A few shared aggregates import a slice each: the usual `modules/default.nix` shape.
  const aggregates: string[] = [];
  for (let a = 0; a < 10; a++) {
    const rel = `modules/profile-${a}.nix`;
    const slice = shared.slice(a * 40, a * 40 + 40).map((s) => `./${path.posix.relative('modules', s)}`);
    aggregates.push(rel);
    files.set(
      rel,
      `# Profile ${a}: a bundle of shared modules.\n{ ... }:\n\n{\n  imports = [\n${slice.map((s) => `    ${s}`).join('\n')}\n  ];\n}\n`,
    );
  }

  for (let h = 0; h < hosts.length; h++) {
    const host = hosts[h]!;
    const imports = ['./hardware-configuration.nix'];
    files.set(`hosts/${host}/hardware-configuration.nix`, hardwareConfiguration(g, 1500));
    const own = perHostModules + (h < extra ? 1 : 0);
    for (let m = 0; m < own; m++) {
      const kind = m % 3 === 0 ? 'networking' : 'services';
      const rel = `hosts/${host}/${kind}/${kind === 'services' ? g.pick(SERVICES) : 'net'}-${m}.nix`;
      files.set(rel, kind === 'networking' ? networkingModule(g, size()) : serviceModule(g, rel, size()));
      imports.push(`./${path.posix.relative(`hosts/${host}`, rel)}`);
    }
    if (g.r() < 0.5) {
      for (let k = 0; k < 4; k++) imports.push(`../../${g.pick(shared)}`);
    } else {
      imports.push(`../../${g.pick(aggregates)}`);
    }
    const n = deploymentHosts.indexOf(host);
    if (n >= 0) {
      for (const [rel, text] of Object.entries(snikketFiles(g, n))) {
        files.set(`hosts/${host}/${rel}`, text);
      }
      imports.push('./nginx.nix', './snikket.nix');
    }
    files.set(`hosts/${host}/configuration.nix`, hostConfiguration(host, imports, g));
  }
  files.set(
    'flake.nix',
    `{\n  description = "Generated fleet";\n  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";\n  outputs = { self, nixpkgs }: {\n    nixosConfigurations = {\n${hosts.map((h) => `      ${h} = nixpkgs.lib.nixosSystem { system = "x86_64-linux"; modules = [ ./hosts/${h}/configuration.nix ]; };`).join('\n')}\n    };\n  };\n}\n`,
  );
  files.set('README.md', '# Generated NixOS fleet for the snikket-nixos benchmark\n');

  let nixBytes = 0;
  let nixFiles = 0;
  for (const [rel, text] of files) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    if (rel.endsWith('.nix')) {
      nixBytes += Buffer.byteLength(text);
      nixFiles++;
    }
  }
  // A fleet without Snikket (the large-workspace figure) has no deployment to sample.
  const first = deploymentHosts[0] ?? hosts[0]!;
  return {
    dir,
    nixFiles,
    nixBytes,
    deploymentHosts,
    sampleNix: path.join(dir, 'hosts', first, 'snikket.nix'),
    sampleConf: path.join(dir, 'hosts', first, 'snikket', 'snikket.conf'),
    sampleUnrelated: path.join(dir, shared.find((s) => s.startsWith('modules/users/'))!),
  };
}

/** One valid, module-shaped Nix file of about `bytes` bytes; `mark` goes in its first comment. */
export function nixModuleOfSize(seed: number, bytes: number, mark = 'module'): string {
  return serviceModule(new Gen(seed), mark, bytes);
}
