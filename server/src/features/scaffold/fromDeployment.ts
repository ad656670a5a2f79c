/** What an existing deployment already says, for scaffolding the files it lacks. */
import * as path from 'node:path';
import type { DeploymentResult, CheckResult } from '../../check/check';
import type { ScaffoldValues } from '../../api/protocol';
import { intSetting } from '../../model/facts/settings';
import { findDefinitions } from '../../syntax/nix/options';

export interface KnownValues {
  values: Partial<ScaffoldValues>;
  /** The named volume mounted at /snikket in the server or cert manager container. */
  dataVolume?: string;
  /** Folder of the entry module (where nginx.nix goes beside it). */
  moduleDir?: string;
  /** Folder of the compose file, generated Nix or env file (where the copy job goes). */
  snikketDir?: string;
  /** A missing file that an `imports` entry or ExecStart already names. */
  timerPath?: string;
  scriptPath?: string;
  /**
   * Folder the vhosts read their certificate from (`sslCertificate`), when they say: a deployment
   * that serves Snikket's copied certificate instead of enableACME's, so the copy goes there.
   */
  certTarget?: string;
  /** The hand-written module that should import the copy job, if one exists. */
  proxyFile?: string;
  /** Files some module of the deployment imports. */
  imported: string[];
}

export function isUnder(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The deployment whose files lie in or under `folder` (the one with most files there). */
export function deploymentIn(result: CheckResult, folder: string): DeploymentResult | undefined {
  let best: { d: DeploymentResult; n: number } | undefined;
  for (const d of result.deployments) {
    const files = [d.deployment.root, ...Object.values(d.deployment.files)].filter((f): f is string => !!f);
    const n = files.filter((f) => isUnder(f, folder)).length;
    if (n > 0 && (!best || n > best.n)) best = { d, n };
  }
  return best?.d;
}

export function knownValues(d: DeploymentResult): KnownValues {
  const f = d.facts;
  const values: Partial<ScaffoldValues> = {};
  const str = (name: string) => f.settings.get(name)?.value.trim() || undefined;
  const domain = str('SNIKKET_DOMAIN');
  if (domain) values.domain = domain;
  const email = str('SNIKKET_ADMIN_EMAIL');
  if (email) values.adminEmail = email;
  if (f.settings.source) {
    const int = (name: string, fallback: number) => intSetting(f.settings, name, fallback)?.value;
    const set = (key: 'httpPort' | 'httpsPort' | 'turnMin' | 'turnMax', n: number | undefined) => {
      if (n !== undefined) values[key] = n;
    };
    set('httpPort', int('SNIKKET_TWEAK_HTTP_PORT', 80));
    set('httpsPort', int('SNIKKET_TWEAK_HTTPS_PORT', 443));
    set('turnMin', int('SNIKKET_TWEAK_TURNSERVER_MIN_PORT', 49152));
    set('turnMax', int('SNIKKET_TWEAK_TURNSERVER_MAX_PORT', 65535));
  }
  if (f.containers.containers.length > 0 && f.containers.backend.value) values.backend = f.containers.backend.value;
  if (f.containers.project) values.project = f.containers.project;

  const out: KnownValues = {
    values,
    imported: d.deployment.references.filter((r) => r.kind === 'imports').map((r) => r.target),
  };
  const dataVolume = mountedAt(d, '/snikket');
  if (dataVolume) out.dataVolume = dataVolume;
  const root = d.deployment.root;
  out.moduleDir = root.endsWith('.nix') ? path.dirname(root) : root;
  const files = d.deployment.files;
  const anchor = files.generated ?? files.compose ?? files.conf;
  if (anchor) out.snikketDir = path.dirname(anchor);
  if (files.proxy) out.proxyFile = files.proxy;

  // References to files the deployment does not have yet: the admin already chose their names.
  const absent = (p: string) => !d.deployment.nix.some((n) => n.path === p) && p !== files.script && p !== files.timer;
  for (const ref of d.deployment.references) {
    if (!ref.local || !absent(ref.target)) continue;
    if (ref.kind === 'imports' && /cert/i.test(path.relative(path.dirname(ref.from), ref.target)))
      out.timerPath ??= ref.target;
    if (ref.kind === 'ExecStart' && ref.target.endsWith('.sh')) out.scriptPath ??= ref.target;
  }
  const certTarget = sslCertificateDir(d);
  if (certTarget) out.certTarget = certTarget;
  return out;
}

function mountedAt(d: DeploymentResult, target: string): string | undefined {
  for (const c of d.facts.containers.containers) {
    if (c.role !== 'server' && c.role !== 'certs') continue;
    for (const v of c.volumes) {
      const parts = v.value?.split(':');
      if (parts && parts[1] === target && parts[0] && !parts[0].startsWith('/')) return parts[0];
    }
  }
  return undefined;
}

/** The folder of the vhosts' `sslCertificate`, when every Snikket vhost that sets one agrees. */
function sslCertificateDir(d: DeploymentResult): string | undefined {
  const dirs = new Set<string>();
  for (const doc of d.deployment.nix) {
    for (const def of findDefinitions(doc.defs, ['services', 'nginx', 'virtualHosts', '*', 'sslCertificate'])) {
      const v = doc.ev.evaluate(def.value);
      if (v.kind === 'string' && v.value.startsWith('/')) dirs.add(path.posix.dirname(v.value));
    }
  }
  return dirs.size === 1 ? [...dirs][0] : undefined;
}
