import type { Logger } from 'pino';

/** What an app tells a supervising parent once it serves. */
export const READY_MESSAGE = 'vanguard:ready';

/**
 * How long an app whose parent is gone gives its own graceful shutdown before
 * it exits anyway: nobody is left to escalate to SIGKILL.
 */
const ORPHAN_SHUTDOWN_MS = 10_000;

/**
 * Ties an app started by a supervising parent over an IPC channel (`cli demo`)
 * to that parent: the app reports ready, and shuts down gracefully once the
 * channel closes. The channel closes however the parent ended, even on a
 * SIGKILL it could not forward, so a dead parent leaves no app running.
 * Started on its own (no channel), the app is left alone.
 */
export function linkToParent(app: { close(): Promise<void> }, logger: Logger): void {
  if (!process.send) return;
  const stop = () => {
    logger.info('supervising process gone, shutting down');
    setTimeout(() => process.exit(1), ORPHAN_SHUTDOWN_MS).unref();
    app.close().catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  if (process.connected) {
    process.once('disconnect', stop);
    process.send(READY_MESSAGE);
  } else {
    stop(); // the parent went while the app was starting
  }
}
