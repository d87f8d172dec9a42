import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { LogController, type FastifyRequest } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  NestPinoLogger,
  runInRequestContext,
  type AppConfig,
  type Clock,
  type Logger,
} from '#core';
import { PhotosService } from '#domain/photos';
import { ReportExports } from '#domain/reports';
import { ApiModule } from './api.module.js';
import { configureCors } from './http/cors.js';
import { registerGraphqlTransport } from './http/graphql-transport.js';
import { registerFileRoutes } from './http/file-routes.js';
import { registerQueueDashboard } from './queue-dashboard/index.js';

const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

/** Keeps a well-formed incoming X-Request-Id (a gateway's) and mints one otherwise. */
function requestId(header: unknown): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * Builds the API application exactly as production runs it; main.ts listens
 * on a port, tests use Fastify's inject.
 */
export async function createApiApp(options: {
  config: AppConfig;
  logger: Logger;
  clock?: Clock;
}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: options.logger,
    genReqId: (request: IncomingMessage) => requestId(request.headers['x-request-id']),
    // One line per request, written when it is answered (below), instead of
    // Fastify's two: on the busiest path a log line is a measurable cost.
    logController: new LogController({ disableRequestLogging: true }),
    // GraphQL documents are small; a large body is an attack or a mistake.
    bodyLimit: options.config.api.bodyLimitBytes,
    trustProxy: options.config.api.trustProxy,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(options),
    adapter,
    {
      logger: new NestPinoLogger(options.logger),
      // No form or other parsers: the API reads JSON only (graphql-transport.ts).
      bodyParser: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // Every line logged while serving the request names it (the logger's
  // mixin reads the async context), and so does any outbox row it writes. The
  // context is entered again once the body is read: the body's stream events
  // arrive outside the context entered when the request did.
  const enterRequestContext = (request: FastifyRequest, done: () => void) => {
    runInRequestContext({ requestId: request.id }, done);
  };
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    enterRequestContext(request, done);
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    enterRequestContext(request, done);
  });
  // The access line is built here from plain values: small objects for the
  // serializers (which drop the query string: a GET query could carry
  // variables), and no body is ever logged. Its keys are fixed and none is a
  // redacted one, so it skips the redaction walk (three quarters of a line's
  // cost); the scrubbing of the finished line still applies.
  const accessLog = options.logger.child({}, { redact: [] });
  fastify.addHook('onResponse', (request, reply, done) => {
    accessLog.info(
      {
        reqId: request.id,
        req: { method: request.method, url: request.url },
        res: { statusCode: reply.statusCode },
        responseTime: reply.elapsedTime,
      },
      'request completed',
    );
    done();
  });
  configureCors(app, options.config.api.corsOrigins);
  registerGraphqlTransport(fastify, options.config.api.bodyLimitBytes);
  app.enableShutdownHooks();
  await app.init();
  // After init: the dashboard reads the queues, whose Redis connection opens at init.
  registerQueueDashboard(app, options.config);
  registerFileRoutes(
    fastify,
    { photos: app.get(PhotosService), exports: app.get(ReportExports) },
    { maxBytes: options.config.photos.maxBytes, logger: options.logger },
  );
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
