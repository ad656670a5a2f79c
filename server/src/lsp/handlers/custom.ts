/**
 * The custom requests of protocol.ts: `snikket/overview`, `snikket/compose2nixPlan`,
 * `snikket/scaffold`, answered by the pure core functions over the latest fresh check.
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
} from '../protocol';
import { errorMessage } from '../convert';
import { filesOf, type Session } from '../session';
import { guard } from './guard';

type BuildOverview = (result: CheckResult) => OverviewResult;
type PlanCompose2nix = (result: CheckResult, file: string) => Compose2nixPlan;
type Scaffold = (params: ScaffoldParams, result: CheckResult) => ScaffoldResult;

interface Core {
  buildOverview?: BuildOverview;
  planCompose2nix?: PlanCompose2nix;
  scaffold?: Scaffold;
  errors: string[];
}

let core: Core | undefined;

/**
 * The core functions, loaded on first use (each literal require sits in its own try, so a
 * missing module is reported instead of breaking the server or the bundle).
 */
function loadCore(): Core {
  if (core) return core;
  const c: Core = { errors: [] };
  try {
    c.buildOverview = (require('../../model/overview') as { buildOverview: BuildOverview }).buildOverview;
  } catch (e) {
    c.errors.push(`overview: ${errorMessage(e)}`);
  }
  try {
    c.planCompose2nix = (require('../../model/compose2nixPlan') as { planCompose2nix: PlanCompose2nix }).planCompose2nix;
  } catch (e) {
    c.errors.push(`compose2nixPlan: ${errorMessage(e)}`);
  }
  try {
    c.scaffold = (require('../../scaffold/index') as { scaffold: Scaffold }).scaffold;
  } catch (e) {
    c.errors.push(`scaffold: ${errorMessage(e)}`);
  }
  core = c;
  return c;
}

/** The part of a check that concerns one file or folder (absolute path). */
export function restrictTo(result: CheckResult, target: string): CheckResult {
  const inside = (f: string) => f === target || f.startsWith(target.endsWith(path.sep) ? target : target + path.sep);
  const deployments = result.deployments.filter((d) => filesOf(d).some(inside) || inside(d.deployment.root));
  const keep = new Set(deployments.flatMap((d) => d.findings));
  return { ...result, deployments, findings: result.findings.filter((f) => keep.has(f)) };
}

export function registerCustomRequests(session: Session): void {
  const { connection } = session;

  connection.onRequest(
    Requests.overview,
    guard(connection, Requests.overview, async (params: OverviewParams | undefined): Promise<OverviewResult> => {
      const { result } = await session.fresh();
      const build = loadCore().buildOverview;
      if (!build) throw new Error(`the overview is not available: ${loadCore().errors.join('; ')}`);
      return build(params?.file ? restrictTo(result, path.resolve(params.file)) : result);
    }, () => ({ deployments: [] })),
  );

  connection.onRequest(
    Requests.compose2nixPlan,
    guard(connection, Requests.compose2nixPlan, async (params: Compose2nixParams): Promise<Compose2nixPlan> => {
      const { result } = await session.fresh();
      const plan = loadCore().planCompose2nix;
      if (!plan) return { cwd: '', output: '', args: [], error: `compose2nix planning is not available: ${loadCore().errors.join('; ')}` };
      const out = plan(result, path.resolve(params.file));
      return { ...out, compose2nixPath: session.settings.compose2nixPath };
    }, () => ({ cwd: '', output: '', args: [], error: 'Internal error while planning compose2nix (see the server log).' })),
  );

  connection.onRequest(
    Requests.scaffold,
    guard(connection, Requests.scaffold, async (params: ScaffoldParams): Promise<ScaffoldResult> => {
      const { result } = await session.fresh();
      const scaffold = loadCore().scaffold;
      if (!scaffold) return { files: [], error: `scaffolding is not available: ${loadCore().errors.join('; ')}` };
      const folder = path.resolve(params.folder);
      // A folder outside the workspace is checked on its own, so its values can still be used.
      const base = restrictTo(result, folder).deployments.length > 0 || !session.store.exists(folder) ? result : session.checkExtra([folder]);
      return scaffold({ ...params, folder }, base);
    }, () => ({ files: [], error: 'Internal error while scaffolding (see the server log).' })),
  );
}
