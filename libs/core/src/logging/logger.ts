import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { currentRequestId } from '../context/request-context.js';
import { scrubString } from './personal-data-scrubber.js';

export type { Logger } from 'pino';

/** JSON lines for machines (production, tests); one readable line per entry for a terminal. */
export type LogFormat = 'json' | 'pretty';

/** Injection token of the process's pino logger. */
export const LOGGER = Symbol('LOGGER');

/**
 * Renders a finished JSON line for a person at a terminal:
 * `[10:31:02.417] INFO: [api] api listening {"url":"…"}`. Errors keep their
 * stack on the lines below. A line that is not JSON passes through as it is.
 */
function prettyLines(): (line: string) => string {
  return prettyFactory({
    translateTime: 'SYS:HH:MM:ss.l',
    messageFormat: '[{service}] {msg}',
    ignore: 'service',
    singleLine: true,
  });
}

/**
 * Structured logs, JSON by default. Personal data is kept out in two ways:
 * known fields are redacted by path, and every finished line is scrubbed of
 * phone- and ID-shaped strings on its way to the destination, whatever put
 * them there (a message, an error's stack, a driver's detail). The pretty
 * format is rendered from the scrubbed line, so it carries the same
 * guarantee.
 */
export function createLogger(
  options: { level: LoggerOptions['level']; service: string; format?: LogFormat },
  destination?: DestinationStream,
): Logger {
  const config: LoggerOptions = {
    level: options.level,
    base: { service: options.service },
    // Every line written while serving a request or running a job names its
    // request, so one query by request id follows a mutation through the
    // API, the outbox relay and the job handler.
    mixin: () => {
      const requestId = currentRequestId();
      return requestId === undefined ? {} : { requestId };
    },
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
  const pretty = options.format === 'pretty';
  // A terminal gets each line as it is logged, in order with what other
  // processes print there (the demo's banner follows the apps' start-up
  // lines); JSON lines for a collector are written asynchronously.
  const sink = destination ?? pino.destination({ dest: 1, sync: pretty });
  const render = pretty ? prettyLines() : (line: string) => line;
  return pino(config, {
    write: (line: string) => {
      sink.write(render(scrubString(line)));
    },
  });
}
