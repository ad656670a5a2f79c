/**
 * The custom requests of protocol.ts: `snikket/overview`, `snikket/compose2nixPlan`,
 * `snikket/scaffold`, answered by the pure core functions over the latest fresh check, and
 * `snikket/validateValues`, which needs no check.
 */
import * as path from 'node:path';
import type { CheckResult } from '../../check/check';
import {
  Requests,
  type Compose2nixParams,
  type Compose2nixPlan,
  type OverviewParams,
  type OverviewResult,
  type ScaffoldParams,
  type ScaffoldResult,
  type ScaffoldValues,
  type ValidateValuesResult,
} from '../../api/protocol';
import { confineNewFiles } from '../../confine/boundary';
import { planCompose2nix } from '../../features/compose2nixPlan';
import { buildOverview } from '../../features/overview';
import { scaffold } from '../../features/scaffold/index';
import { invalidValues } from '../../features/scaffold/values';
import { deploymentFiles } from '../../model/discovery';
import type { Session } from '../session';
import { guard } from './guard';

/** The part of a check that concerns one file or folder (absolute path). */
function restrictTo(result: CheckResult, target: string): CheckResult {
  const inside = (f: string) => f === target || f.startsWith(target.endsWith(path.sep) ? target : target + path.sep);
  const deployments = result.deployments.filter(
    (d) => deploymentFiles(d.deployment).some(inside) || inside(d.deployment.root),
  );
  const keep = new Set(deployments.flatMap((d) => d.findings));
  return { ...result, deployments, findings: result.findings.filter((f) => keep.has(f)) };
}

export function registerCustomRequests(session: Session): void {
  const { connection } = session;

  connection.onRequest(
    Requests.overview,
    guard(
      connection,
      Requests.overview,
      async (params: OverviewParams | undefined): Promise<OverviewResult> => {
        const { result } = await session.fresh();
        return buildOverview(params?.file ? restrictTo(result, path.resolve(params.file)) : result);
      },
      () => ({ deployments: [] }),
    ),
  );

  connection.onRequest(
    Requests.compose2nixPlan,
    guard(
      connection,
      Requests.compose2nixPlan,
      async (params: Compose2nixParams): Promise<Compose2nixPlan> => {
        const { result } = await session.fresh();
        const out = planCompose2nix(result, path.resolve(params.file));
        return { ...out, compose2nixPath: session.settings.compose2nixPath };
      },
      () => ({
        cwd: '',
        output: '',
        args: [],
        error: 'Internal error while planning compose2nix (see the server log).',
      }),
    ),
  );

  connection.onRequest(
    Requests.scaffold,
    guard(
      connection,
      Requests.scaffold,
      async (params: ScaffoldParams): Promise<ScaffoldResult> => {
        const { result } = await session.fresh();
        const folder = path.resolve(params.folder);
        // A folder outside the workspace is checked on its own, so its values can still be used.
        const base =
          restrictTo(result, folder).deployments.length > 0 || !session.store.exists(folder)
            ? result
            : session.checkExtra([folder]);
        const out = scaffold({ ...params, folder }, base);
        const confined = confineNewFiles(out.files, folder);
        return confined.error ? { files: [], error: confined.error } : out;
      },
      () => ({ files: [], error: 'Internal error while scaffolding (see the server log).' }),
    ),
  );

  connection.onRequest(
    Requests.validateValues,
    guard(
      connection,
      Requests.validateValues,
      async (params: Partial<ScaffoldValues> | null): Promise<ValidateValuesResult> => {
        const error = typeof params === 'object' && params !== null ? invalidValues(params) : undefined;
        return error === undefined ? {} : { error };
      },
      () => ({ error: 'Internal error while checking the values (see the server log).' }),
    ),
  );
}
