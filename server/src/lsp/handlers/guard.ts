/** Handlers never take the server down: an exception is logged and a harmless answer given. */
import { ErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import { errorMessage } from '../convert';

let shutDown = false;

/** After `shutdown` the protocol allows only `exit`: every other request is answered InvalidRequest. */
export function markShutDown(): void {
  shutDown = true;
}

export function guard<P, R>(
  connection: Connection,
  name: string,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
  fallback: () => R,
): (params: P, token: CancellationToken) => Promise<R> {
  return async (params, token) => {
    if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, `${name} after shutdown`);
    try {
      return await handler(params, token);
    } catch (e) {
      connection.console.error(`${name} failed: ${errorMessage(e)}`);
      return fallback();
    }
  };
}

/** The same for notifications. */
export function guardNotification<P>(
  connection: Connection,
  name: string,
  handler: (params: P) => void | Promise<void>,
): (params: P) => void {
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
