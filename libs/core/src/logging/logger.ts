import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { scrubPersonalData, scrubString } from './personal-data-scrubber.js';

export type { Logger } from 'pino';

/** Injection token of the process's pino logger. */
export const LOGGER = Symbol('LOGGER');

/**
 * Structured JSON logs. Personal data is kept out in two ways: known fields
 * are redacted by path, and every line is scrubbed of phone- and ID-shaped
 * strings before it is written.
 */
export function createLogger(
  options: { level: LoggerOptions['level']; service: string },
  destination?: DestinationStream,
): Logger {
  const config: LoggerOptions = {
    level: options.level,
    base: { service: options.service },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.phone',
        '*.idNumber',
        '*.accessToken',
        '*.refreshToken',
        '*.variables',
      ],
      censor: '[REDACTED]',
    },
    formatters: { log: (object) => scrubPersonalData(object) },
    serializers: { err: (err: unknown) => scrubPersonalData(err) },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg: unknown) =>
          typeof arg === 'string' ? scrubString(arg) : arg,
        ) as Parameters<typeof method>;
        method.apply(this, scrubbed);
      },
    },
  };
  return destination ? pino(config, destination) : pino(config);
}
