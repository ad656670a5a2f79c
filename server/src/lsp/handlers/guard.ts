/** Handlers never take the server down: an exception is logged and a harmless answer given. */
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { errorMessage } from '../convert';

export function guard<P, R>(
  connection: Connection,
  name: string,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
  fallback: () => R,
): (params: P, token: CancellationToken) => Promise<R> {
  return async (params, token) => {
    try {
      return await handler(params, token);
    } catch (e) {
      connection.console.error(`${name} failed: ${errorMessage(e)}`);
      return fallback();
    }
  };
}

/** The same for notifications. */
export function guardNotification<P>(connection: Connection, name: string, handler: (params: P) => void | Promise<void>): (params: P) => void {
  return (params) => {
    try {
      const r = handler(params);
      if (r && typeof (r as Promise<void>).catch === 'function') {
        (r as Promise<void>).catch((e: unknown) => connection.console.error(`${name} failed: ${errorMessage(e)}`));
      }
    } catch (e) {
      connection.console.error(`${name} failed: ${errorMessage(e)}`);
    }
  };
}
