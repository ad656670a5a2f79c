import type { Ctx } from '../context';

/** A command is a small factory over the shared context (as in rust-analyzer's client). */
export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
