/** What the position-based features share: the file's text as checked, its deployments, their links. */
import * as path from 'node:path';
import type { Position } from 'vscode-languageserver';
import type { CheckResult, DeploymentResult } from '../../check/check';
import { deploymentFiles } from '../../model/discovery';
import { linkedValues, linksAt, type Link, type LinkUse } from '../../model/links';
import type { DotenvEntry, DotenvFile } from '../../syntax/dotenv/file';
import type { LineIndex } from '../../text/lineIndex';
import { errorMessage, uriToPath } from '../convert';
import type { Session } from '../session';

export interface FileContext {
  file: string;
  text: string;
  lines: LineIndex;
  result: CheckResult;
  deployments: DeploymentResult[];
  /** Every link of the file's deployments. */
  links: Link[];
  isConf: boolean;
  /** The parsed env file, when the file is one. */
  conf: DotenvFile | undefined;
}

export async function fileContext(session: Session, uri: string): Promise<FileContext | undefined> {
  const file = uriToPath(uri);
  if (!file) return undefined;
  const { result } = await session.fresh();
  const text = session.text(file);
  const lines = session.lines(file);
  if (text === undefined || !lines) return undefined;
  const deployments = deploymentsOf(result, file);
  const links = deployments.flatMap((d) => linksOf(session, d));
  const languageId = session.document(file)?.languageId;
  const isConf =
    languageId === 'snikket-conf' ||
    result.deployments.some((d) => d.deployment.conf?.path === file) ||
    /(^|[./])snikket\.conf$/.test(path.basename(file));
  return { file, text, lines, result, deployments, links, isConf, conf: isConf ? session.dotenv(file) : undefined };
}

/** What the editor links between a deployment's values, computed once per check. */
const linkCache = new WeakMap<DeploymentResult, Link[]>();

function linksOf(session: Session, d: DeploymentResult): Link[] {
  let l = linkCache.get(d);
  if (!l) {
    try {
      l = linkedValues(d.facts);
    } catch (e) {
      session.connection.console.error(`Linking values failed: ${errorMessage(e)}`);
      l = [];
    }
    linkCache.set(d, l);
  }
  return l;
}

export function linksAtPosition(ctx: FileContext, position: Position): ReturnType<typeof linksAt> {
  return linksAt(ctx.links, ctx.file, ctx.lines.offset(position));
}

/** The env-file entry on a position's line, if any. */
export function confEntryAt(ctx: FileContext, position: Position): DotenvEntry | undefined {
  const offset = ctx.lines.offset(position);
  return ctx.conf?.entries.find((e) => e.lineSpan.start <= offset && offset <= e.lineSpan.end);
}

/** A place for people: `snikket.nix:28`, relative to the deployment's folder. */
export function placeName(
  ctx: FileContext,
  session: Session,
  file: string,
  offset: number,
): { label: string; line: number } {
  const line = (session.lines(file)?.position(offset).line ?? 0) + 1;
  const base =
    session.folders.find((f) => file.startsWith(f + path.sep)) ??
    path.dirname(ctx.deployments[0]?.deployment.root ?? file);
  return { label: `${path.relative(base, file) || path.basename(file)}:${line}`, line };
}

export function uniqueUses(uses: LinkUse[]): LinkUse[] {
  const seen = new Set<string>();
  return uses.filter((u) => {
    const k = `${u.file}:${u.span.start}:${u.span.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The deployments a file belongs to (a shared file belongs to several). */
export function deploymentsOf(result: CheckResult, file: string): DeploymentResult[] {
  return result.deployments.filter((d) => deploymentFiles(d.deployment).includes(file));
}
