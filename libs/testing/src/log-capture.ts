import { Writable } from 'node:stream';
import { createLogger, type Logger } from '#core';

/** A real pino logger whose lines are kept in memory, so tests can read what was logged. */
export function captureLogs(service = 'test'): { logger: Logger; lines: () => string[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: 'debug', service }, sink);
  return { logger, lines: () => chunks.join('').split('\n').filter(Boolean) };
}
