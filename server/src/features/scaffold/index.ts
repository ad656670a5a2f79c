/**
 * Scaffolding: the text of files a deployment lacks, as TypeScript templates. Files are
 * returned, never written: the client creates them without overwriting anything.
 */
import * as path from 'node:path';
import { nixPathLiteral } from '../../syntax/nix/edits';
import type { CheckResult } from '../../check/check';
import type { ScaffoldFile, ScaffoldParams, ScaffoldResult, ScaffoldValues } from '../../api/protocol';
import { composeFile } from './composeFile';
import { copyJob } from './copyJob';
import { copyScript } from './copyScript';
import { deploymentIn, isUnder, knownValues, type KnownValues } from './fromDeployment';
import { generatedNix } from './generatedNix';
import { nginxModule } from './nginxModule';
import { snikketConf } from './snikketConf';
import { snikketModule } from './snikketModule';
import { DEFAULTS, dataVolume, invalidValues } from './values';

export function scaffold(params: ScaffoldParams, result: CheckResult): ScaffoldResult {
  if (!path.isAbsolute(params.folder)) return fail(`folder must be an absolute path, got ${params.folder}`);
  const given = params.values ?? {};
  const bad = invalidValues(given);
  if (bad) return fail(bad);
  switch (params.kind) {
    case 'deployment':
      return deployment(params.folder, given);
    case 'nginx':
      return nginx(params.folder, given, result);
    case 'certCopy':
      return certCopy(params.folder, given, result);
    default:
      return fail(`unknown scaffold kind ${String((params as { kind: unknown }).kind)}`);
  }
}

function fail(error: string): ScaffoldResult {
  return { files: [], error };
}

/** Explicit values win; then what the deployment says; then the defaults. */
function merge(
  given: Partial<ScaffoldValues>,
  known: Partial<ScaffoldValues>,
): Partial<ScaffoldValues> & typeof DEFAULTS {
  return { ...DEFAULTS, ...known, ...given };
}

function complete(v: Partial<ScaffoldValues> & typeof DEFAULTS): ScaffoldValues | string {
  const missing = [
    v.domain === undefined ? 'domain' : undefined,
    v.adminEmail === undefined ? 'adminEmail' : undefined,
  ].filter((x): x is string => !!x);
  if (missing.length > 0)
    return `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} needed for a new deployment`;
  return v as ScaffoldValues;
}

function deployment(folder: string, given: Partial<ScaffoldValues>): ScaffoldResult {
  const v = complete(merge(given, {}));
  if (typeof v === 'string') return fail(v);
  const bad = invalidValues(v);
  if (bad) return fail(bad);
  const at = (rel: string, text: string): ScaffoldFile => ({ path: path.join(folder, ...rel.split('/')), text });
  return {
    files: [
      at('nginx.nix', nginxModule(v.adminEmail)),
      at('snikket.nix', snikketModule(v)),
      at('snikket/copy-certs-job.nix', copyJob('./copy-certs.sh')),
      at('snikket/copy-certs.sh', copyScript({ domain: v.domain, backend: v.backend, volume: dataVolume(v.project) })),
      at('snikket/docker-compose.yml', composeFile()),
      at('snikket/snikket.conf', snikketConf(v)),
      at('snikket/snikket.nix', generatedNix(v)),
    ],
  };
}

function known(folder: string, result: CheckResult): KnownValues | undefined {
  const d = deploymentIn(result, folder);
  return d ? knownValues(d) : undefined;
}

function nginx(folder: string, given: Partial<ScaffoldValues>, result: CheckResult): ScaffoldResult {
  const k = known(folder, result);
  const email = given.adminEmail ?? k?.values.adminEmail;
  if (email === undefined) {
    return fail(
      k
        ? `the deployment in ${folder} sets no SNIKKET_ADMIN_EMAIL: nginx.nix needs the e-mail address for Let's Encrypt (give adminEmail)`
        : `no Snikket deployment found in ${folder} to take the admin e-mail from (give adminEmail, or create a deployment first)`,
    );
  }
  const bad = invalidValues({ adminEmail: email });
  if (bad) return fail(`${bad} (from ${k && given.adminEmail === undefined ? 'the deployment' : 'the values given'})`);
  const dir = k?.moduleDir && isUnder(k.moduleDir, folder) ? k.moduleDir : folder;
  return { files: [{ path: path.join(dir, 'nginx.nix'), text: nginxModule(email) }] };
}

function certCopy(folder: string, given: Partial<ScaffoldValues>, result: CheckResult): ScaffoldResult {
  const k = known(folder, result);
  const v = merge(given, k?.values ?? {});
  if (v.domain === undefined) {
    return fail(
      k
        ? `the deployment in ${folder} sets no SNIKKET_DOMAIN: the copy script needs the domain whose certificate it copies (give domain)`
        : `no Snikket deployment found in ${folder} to take the domain, backend and project from (give domain, or create a deployment first)`,
    );
  }
  const bad = invalidValues(v);
  if (bad) return fail(`${bad}${k ? ' (values from the deployment and the values given)' : ''}`);
  const dir = k?.snikketDir && isUnder(k.snikketDir, folder) ? k.snikketDir : path.join(folder, 'snikket');
  const timerPath = k?.timerPath ?? path.join(dir, 'copy-certs-job.nix');
  const scriptPath = k?.scriptPath ?? path.join(path.dirname(timerPath), 'copy-certs.sh');
  const rel = nixPathLiteral(timerPath, scriptPath);
  if (!rel)
    return fail(
      `${scriptPath} cannot be written as a Nix path literal relative to ${timerPath} (spaces or special characters): move the folder`,
    );
  // Without an import of the job the timer never reaches the system: say where it belongs.
  const importHint =
    !k?.proxyFile || k.imported.includes(timerPath)
      ? undefined
      : `${path.basename(k.proxyFile)} (imports = [ ${nixPathLiteral(k.proxyFile, timerPath) ?? timerPath} ];)`;
  const volume = given.project !== undefined ? dataVolume(given.project) : (k?.dataVolume ?? dataVolume(v.project));
  return {
    files: [
      // Vhosts that already read Snikket's certificate from a folder (sslCertificate) get the copy
      // there, and nginx reloaded; otherwise nginx serves NixOS's own certificates and the copy
      // goes to certDir(), outside /var/lib/acme.
      {
        path: scriptPath,
        text: copyScript({
          domain: v.domain,
          backend: v.backend,
          volume,
          ...(k?.certTarget ? { target: k.certTarget } : {}),
        }),
      },
      { path: timerPath, text: copyJob(rel, { importHint, nginxReads: k?.certTarget !== undefined }) },
    ],
  };
}
