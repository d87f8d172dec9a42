import { spawn, type ChildProcess } from 'node:child_process';
import { READY_MESSAGE, type Logger } from '#core';

/** Signals that stop the apps; each is passed on as it came. */
export const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/** Time the apps get to finish in-flight work after a stop before they are killed. */
const STOP_TIMEOUT_MS = 5_000;

/** How often the supervisor looks whether its own parent (npm, a shell) is still there. */
const PARENT_POLL_MS = 500;

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/**
 * Runs the given apps side by side, each script in its own Node process with
 * an IPC channel, until this process is asked to stop or one of them exits;
 * then stops the others and resolves once every one has exited, with the
 * exit code for this process (0 after a requested stop, 1 when an app ended
 * on its own). `onReady` runs once every app has reported ready.
 *
 * Stopping covers every way the demo ends: a signal to this process is
 * passed on to the apps; an app that does not finish in time is killed; if
 * this process's own parent dies (npm forwards only SIGINT and SIGTERM and
 * dies of anything else) the apps are stopped too; and if this process is
 * killed outright, the apps see their IPC channel close and stop themselves
 * (see `linkToParent`). Aborting `signal` stops them as a stop signal does
 * (`cli dev` restarts them so after a rebuild).
 */
/**
 * The apps' environment: this process's, without the superuser's URL, which
 * only `migrate` needs (beside the embedded PostgreSQL it carries the
 * superuser's password).
 */
const APPS_ENV = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.DATABASE_ADMIN_URL;
  return env;
};

export function runTogether(
  apps: Readonly<Record<string, string>>,
  logger: Logger,
  onReady: () => void,
  signal?: AbortSignal,
): Promise<number> {
  const children = Object.entries(apps).map(([name, script]) => ({
    name,
    process: spawn(process.execPath, [script], {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: APPS_ENV(),
    }),
  }));
  let exitCode: number | undefined;
  const stop = (signal: NodeJS.Signals, code: number) => {
    if (exitCode !== undefined) return;
    exitCode = code;
    for (const child of children) if (running(child.process)) child.process.kill(signal);
    setTimeout(() => {
      for (const child of children) {
        if (!running(child.process)) continue;
        logger.warn({ app: child.name }, 'did not stop in time, killing it');
        child.process.kill('SIGKILL');
      }
    }, STOP_TIMEOUT_MS).unref();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (exitCode === undefined) logger.info({ signal }, 'stopping');
    stop(signal, 0);
  };
  for (const stopSignal of STOP_SIGNALS) process.on(stopSignal, onSignal);
  signal?.addEventListener(
    'abort',
    () => {
      stop('SIGTERM', 0);
    },
    { once: true },
  );
  const parent = process.ppid;
  const parentWatch = setInterval(() => {
    if (process.ppid === parent || exitCode !== undefined) return;
    logger.info('parent process gone, stopping');
    stop('SIGTERM', 0);
  }, PARENT_POLL_MS);

  let ready = 0;
  return Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.process.on('message', (message) => {
            if (message === READY_MESSAGE && ++ready === children.length) onReady();
          });
          child.process.on('exit', (code, signal) => {
            if (exitCode === undefined) {
              logger.error(
                { app: child.name, code, signal },
                'exited on its own, stopping the others',
              );
              stop('SIGTERM', 1);
            }
            resolve();
          });
        }),
    ),
  ).then(() => {
    clearInterval(parentWatch);
    for (const stopSignal of STOP_SIGNALS) process.off(stopSignal, onSignal);
    return exitCode ?? 1;
  });
}
