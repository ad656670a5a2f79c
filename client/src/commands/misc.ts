/** Snikket: Restart language server, Snikket: Show log. */
import type { CommandFactory } from './types';

export const restartServer: CommandFactory = (ctx) => async (): Promise<{ running: boolean }> => {
  const client = await ctx.restart();
  return { running: client !== undefined };
};

export const showLog: CommandFactory = (ctx) => (): void => {
  ctx.log.show(true);
};
