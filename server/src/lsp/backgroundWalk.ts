/**
 * Discovery on a large workspace runs between requests: the walk and the first read of every
 * file go in slices of a few milliseconds, with `window/workDoneProgress` (cancellable) where the
 * client shows progress. A hover or a diagnostics request meanwhile is answered at once.
 */
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';

/** Work done in one go before the server looks at its messages again. */
const SLICE_MS = 15;
const REPORT_EVERY_MS = 250;

export type WalkEnd = 'done' | 'cancelled' | 'abandoned';

/** Runs `steps` (which yield the number of files looked at) for at most SLICE_MS; whether it finished. */
export function runSlice(steps: Generator<number, void>, onStep?: (looked: number) => void): boolean {
  const end = Date.now() + SLICE_MS;
  for (;;) {
    const r = steps.next();
    if (r.done) return true;
    onStep?.(r.value);
    if (Date.now() >= end) return false;
  }
}

/**
 * Finishes a walk in slices, one per turn of the event loop. `stillWanted` is asked between
 * slices: when the roots or listings changed meanwhile, the walk is abandoned (the caller starts
 * another one).
 */
export async function walkInBackground(
  connection: Connection,
  steps: Generator<number, void>,
  stillWanted: () => boolean,
  log: (message: string) => void,
): Promise<WalkEnd> {
  let cancelled = false;
  let looked = 0;
  let progress: WorkDoneProgressServerReporter | undefined;
  try {
    progress = await connection.window.createWorkDoneProgress();
    progress.begin('Snikket: looking for deployments', undefined, 'listing files', true);
    progress.token.onCancellationRequested(() => {
      cancelled = true;
    });
  } catch (e) {
    log(`No progress shown: ${e instanceof Error ? e.message : String(e)}`);
  }
  const started = Date.now();
  let reported = started;
  try {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (cancelled) return 'cancelled';
      if (!stillWanted()) return 'abandoned';
      if (runSlice(steps, (n) => (looked = n))) return 'done';
      if (Date.now() - reported >= REPORT_EVERY_MS) {
        reported = Date.now();
        progress?.report(`${looked} files and folders looked at`);
      }
    }
  } finally {
    progress?.done();
    log(
      `Looked for deployments in the background: ${looked} files and folders in ${Date.now() - started} ms${cancelled ? ' (cancelled)' : ''}`,
    );
  }
}
