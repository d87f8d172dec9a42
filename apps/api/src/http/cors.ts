import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** What a browser page may send cross-site; GraphQL-Preflight lets it use GET. */
const ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'accept-language',
  'graphql-preflight',
  'x-request-id',
];

/**
 * Cross-origin access for browser clients served from other origins (a web
 * front end), listed exactly in CORS_ORIGINS; none by default. Tokens travel
 * in the Authorization header (the queue dashboard's cookie is same-site
 * only), so credentials stay off.
 *
 * @fastify/cors answers the preflights of allowed origins and leaves the
 * others alone; the hook then refuses those with 403 and no CORS headers, so
 * the browser never sends the request itself.
 */
export function configureCors(app: NestFastifyApplication, origins: readonly string[]): void {
  const allowed = new Set(origins);
  app.enableCors({
    origin: (origin: string | undefined, callback: (error: null, allow: boolean) => void) => {
      callback(null, origin !== undefined && allowed.has(origin));
    },
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: ['x-request-id'],
    maxAge: 600,
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const preflight =
        request.method === 'OPTIONS' &&
        request.headers['access-control-request-method'] !== undefined;
      if (preflight) void reply.code(403).send();
      else done();
    });
}
