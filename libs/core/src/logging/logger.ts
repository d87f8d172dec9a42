import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { scrubString } from './personal-data-scrubber.js';

export type { Logger } from 'pino';

/** Injection token of the process's pino logger. */
export const LOGGER = Symbol('LOGGER');

/**
 * Structured JSON logs. Personal data is kept out in two ways: known fields
 * are redacted by path, and every finished line is scrubbed of phone- and
 * ID-shaped strings on its way to the destination, whatever put them there
 * (a message, an error's stack, a driver's detail).
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
        '*.password',
        '*.phone',
        '*.idNumber',
        '*.accessToken',
        '*.refreshToken',
        '*.variables',
      ],
      censor: '[REDACTED]',
    },
    serializers: {
      err: pino.stdSerializers.err,
      // Fastify hands over its request and reply objects; keep what an operator
      // needs to follow a request and nothing a client typed: the query string
      // is dropped (a GET query could carry variables) and no body is logged.
      req: (req: { method?: string; url?: string }) => ({
        method: req.method,
        path: req.url?.split('?')[0],
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
  const sink = destination ?? pino.destination(1);
  return pino(config, {
    write: (line: string) => {
      sink.write(scrubString(line));
    },
  });
}
