/**
 * Generator of realistic, valid NixOS-module-shaped Nix code for benchmarks and stress tests:
 * function headers with patterns, let/in, nested attribute sets, lists, strings with
 * interpolation, indented strings, lambdas, `with`, `if`, `inherit`, comments.
 */

import { rng } from '../helpers/random';

const WORDS = [
  'services',
  'snikket',
  'nginx',
  'prosody',
  'coturn',
  'enable',
  'port',
  'domain',
  'settings',
  'extraConfig',
  'package',
  'user',
  'group',
  'dataDir',
  'openFirewall',
  'virtualHosts',
  'locations',
  'proxyPass',
  'certs',
  'networking',
  'firewall',
  'allowedTCPPorts',
  'systemd',
  'serviceConfig',
  'wantedBy',
  'after',
  'environment',
  'etc',
  'text',
  'source',
  'mkIf',
  'mkOption',
  'mkDefault',
  'types',
  'str',
  'int',
  'bool',
  'listOf',
  'attrsOf',
];

export function generateNixModule(random: () => number, targetBytes: number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const word = (): string => pick(WORDS) + (random() < 0.2 ? String(Math.floor(random() * 100)) : '');
  const out: string[] = [];
  let size = 0;
  const emit = (s: string): void => {
    out.push(s);
    size += s.length;
  };
  const value = (depth: number, indent: string): string => {
    const r = random();
    if (depth > 3 || r < 0.18) return String(Math.floor(random() * 65536));
    if (r < 0.3) return `"${word()}-\${cfg.${word()}}/${word()}"`;
    if (r < 0.38) return pick(['true', 'false', 'null', `cfg.${word()}`, `config.${word()}.${word()} or null`]);
    if (r < 0.46)
      return `[ ${Array.from({ length: 1 + Math.floor(random() * 5) }, () => (random() < 0.5 ? `"${word()}"` : word())).join(' ')} ]`;
    if (r < 0.52) return `mkIf cfg.${word()} (${value(depth + 1, indent)})`;
    if (r < 0.57) return `if cfg.${word()} then ${value(depth + 1, indent)} else ${value(depth + 1, indent)}`;
    if (r < 0.62) return `lib.concatStringsSep "," (map (x: "\${x}:${word()}") cfg.${word()})`;
    if (r < 0.67) return `./${word()}/\${cfg.${word()}}.nix`;
    if (r < 0.72) {
      const inner = indent + '  ';
      return `''\n${inner}${word()} = \${toString cfg.${word()}}\n${inner}# ${word()} ''\${literal}\n${indent}''`;
    }
    if (r < 0.76) return `cfg.${word()} // { ${word()} = ${Math.floor(random() * 10)}; }`;
    if (r < 0.8) return `(a: b: a + b * 2 - 1) 3 4`;
    // Nested attribute set.
    const inner = indent + '  ';
    const n = 1 + Math.floor(random() * 5);
    const lines: string[] = [];
    // Names carry their index: no attribute is defined twice (Nix rejects that).
    for (let i = 0; i < n; i++) {
      if (random() < 0.1) lines.push(`${inner}inherit (cfg) ${word()}_${i}a ${word()}_${i}b;`);
      else lines.push(`${inner}${word()}_${i}${random() < 0.3 ? '.' + word() : ''} = ${value(depth + 1, inner)};`);
    }
    return `{\n${lines.join('\n')}\n${indent}}`;
  };
  emit(
    `# Generated NixOS module\n{ config, lib, pkgs, ... }:\n\nwith lib;\n\nlet\n  cfg = config.services.${word()};\n`,
  );
  emit(`  ports = [ 80 443 5222 5269 5000 ];\n  /* the data directory */\n  dataDir = "/var/lib/${word()}";\nin\n{\n`);
  let i = 0;
  while (size < targetBytes - 40) {
    if (i++ % 7 === 0) emit(`  # ${word()} ${word()} settings\n`);
    emit(`  ${word()}_${i}.${word()}.${word()} = ${value(0, '  ')};\n`);
  }
  emit('}\n');
  return out.join('');
}

/** Files of realistic Nix code adding up to about `totalBytes`, deterministic for a seed. */
export function generateNixCorpus(totalBytes: number, seed: number): string[] {
  const random = rng(seed);
  const files: string[] = [];
  let total = 0;
  while (total < totalBytes) {
    const target = Math.min(totalBytes - total, 4000 + Math.floor(random() * 60000));
    const f = generateNixModule(random, Math.max(target, 400));
    files.push(f);
    total += f.length;
  }
  return files;
}
