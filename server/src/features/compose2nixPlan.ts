/**
 * How to rerun compose2nix for a deployment: in the compose file's folder, with the project and
 * runtime the existing generated file was made with, so volume and unit names stay the same.
 */
import * as path from 'node:path';
import type { CheckResult, DeploymentResult } from '../check/check';
import { regenerate } from '../compose2nix/generate';
import type { Compose2nixPlan } from '../api/protocol';

/** compose2nix's defaults when no generated file says otherwise (the seed's project). */
const DEFAULT_PROJECT = 'snikket';
const DEFAULT_RUNTIME = 'podman';

export function planCompose2nix(result: CheckResult, file: string): Compose2nixPlan {
  const target = path.resolve(file);
  const d = deploymentOf(result, target);
  if (!d) return { cwd: '', output: '', args: [], error: `${file} belongs to no Snikket deployment` };
  const compose = d.deployment.compose;
  if (!compose)
    return {
      cwd: '',
      output: d.deployment.files.generated ?? '',
      args: [],
      error: 'the deployment has no docker-compose.yml to run compose2nix on',
    };
  const cwd = path.dirname(compose.path);
  const c = d.facts.containers;
  const generated = c.generated;
  const project = c.project ?? compose.parsed.projectName?.value ?? DEFAULT_PROJECT;
  const runtime = generated ? (c.backend.value ?? DEFAULT_RUNTIME) : DEFAULT_RUNTIME;
  const args = ['-inputs', slashes(path.relative(cwd, compose.path)), '-project', project, '-runtime', runtime];
  args.push(...envFileArgs(d, cwd));
  const conf = d.deployment.conf;
  const made = generated
    ? regenerate({
        compose: compose.parsed,
        composePath: compose.path,
        project,
        runtime,
        generatedText: generated.text,
        envFiles: new Map(conf ? [[conf.path, conf.parsed.entries]] : []),
      })
    : undefined;
  return {
    cwd,
    output: generated?.path ?? path.join(cwd, 'snikket.nix'),
    args,
    ...(made?.ok ? { inProcess: made.text } : {}),
  };
}

function deploymentOf(result: CheckResult, file: string): DeploymentResult | undefined {
  const holds = (d: DeploymentResult) => {
    const dep = d.deployment;
    const files = [
      dep.root,
      ...Object.values(dep.files),
      ...dep.nix.map((n) => n.path),
      dep.conf?.path,
      dep.compose?.path,
      dep.script?.path,
    ];
    return files.some((f) => f === file);
  };
  const inFolder = (d: DeploymentResult) => {
    const rel = path.relative(file, d.deployment.root);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  return result.deployments.find(holds) ?? result.deployments.find(inFolder);
}

/**
 * Env file options, only when the existing output shows they were used: compose2nix inlines
 * env_file values by default and keeps paths in environmentFiles only with -include_env_files.
 */
function envFileArgs(d: DeploymentResult, cwd: string): string[] {
  const generated = d.facts.containers.generated;
  if (!generated) return [];
  const containers = d.facts.containers.containers.filter((c) => c.doc === generated);
  const withFiles = containers.filter((c) => c.environmentFiles.length > 0);
  if (withFiles.length === 0) return [];
  const compose = d.deployment.compose!;
  // Files named by env_file are read anyway; only the others came from -env_files.
  const fromCompose = new Set(compose.parsed.services.flatMap((s) => s.envFiles.map((e) => path.resolve(cwd, e.path))));
  const extra: string[] = [];
  for (const c of withFiles) {
    for (const e of c.environmentFiles) {
      if (e.value === undefined) continue;
      const abs = path.resolve(cwd, e.value);
      if (fromCompose.has(abs)) continue;
      const shown = isUnder(abs, cwd) ? slashes(path.relative(cwd, abs)) : e.value;
      if (!extra.includes(shown)) extra.push(shown);
    }
  }
  const args: string[] = [];
  if (extra.length > 0) args.push('-env_files', extra.join(','));
  args.push('-include_env_files=true');
  if (withFiles.every((c) => c.environment.length === 0)) args.push('-env_files_only=true');
  return args;
}

function isUnder(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function slashes(p: string): string {
  return p.split(path.sep).join('/');
}
