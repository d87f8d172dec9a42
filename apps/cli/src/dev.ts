import { fileURLToPath } from 'node:url';
import type { Logger } from '#core';
import { runTogether, STOP_SIGNALS } from './supervisor.js';

/** The build configuration `npm run build` compiles, from dist/apps/cli/src. */
const BUILD_CONFIG = fileURLToPath(new URL('../../../../tsconfig.build.json', import.meta.url));

/**
 * `cli dev`: recompiles on every change of a source file and restarts the
 * apps once a compile ends without errors; a compile with errors leaves the
 * running apps alone, and an app that crashed starts again after the next
 * good compile. TypeScript's watch runs inside this process (TypeScript is a
 * development dependency, so it is loaded here only), so nothing of it can
 * outlive the command. Resolves with the exit code once a stop signal has
 * stopped everything; `onReady` runs each time the apps are ready again.
 */
export async function develop(
  apps: Readonly<Record<string, string>>,
  logger: Logger,
  onReady: () => void,
): Promise<number> {
  const ts = (await import('typescript')).default;
  let running: { stop: AbortController; done: Promise<number> } | undefined;
  let stopped = false;
  let restarts = Promise.resolve();
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));

  const start = () => {
    const stop = new AbortController();
    const done = runTogether(apps, logger, onReady, stop.signal);
    running = { stop, done };
    void done.then((code) => {
      if (running?.done === done) running = undefined;
      // Stopped by us for a rebuild: the next generation is on its way.
      if (stop.signal.aborted) return;
      if (code === 0) stopped = true; // a stop signal reached the apps
      if (stopped) finish(0);
      else logger.warn('an app stopped; waiting for a change to start them again');
    });
  };
  const restart = async () => {
    if (running) {
      running.stop.abort();
      await running.done;
    }
    if (!stopped) start();
  };

  const formatHost = {
    getCanonicalFileName: (name: string) => name,
    getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
    getNewLine: () => ts.sys.newLine,
  };
  const host = ts.createWatchCompilerHost(
    BUILD_CONFIG,
    {},
    ts.sys,
    ts.createEmitAndSemanticDiagnosticsBuilderProgram,
    (diagnostic) => {
      process.stderr.write(ts.formatDiagnosticsWithColorAndContext([diagnostic], formatHost));
    },
    (diagnostic, _newLine, _options, errorCount) => {
      logger.info(ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
      // The error count comes with the status that ends a compile.
      if (errorCount === 0) restarts = restarts.then(restart);
    },
  );
  const watch = ts.createWatchProgram(host);

  // Between two generations no app runs, and no supervisor listens for signals.
  const onSignal = () => {
    stopped = true;
    if (!running) finish(0);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  const code = await finished;
  for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  watch.close();
  await restarts;
  return code;
}
