import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import { EdgeErrors } from './edge-errors.js';
import { containsNul, mayContainNul } from './nul-character.js';

/** Where the API serves GraphQL. */
export const GRAPHQL_PATH = '/graphql';

/** The request bodies GraphQL accepts; a browser must ask (preflight) before sending either. */
const JSON_MEDIA_TYPES = ['application/json', 'application/graphql-response+json'];

/** `application/json; charset=utf-8` → `application/json`. */
function mediaTypeOf(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  const end = contentType.indexOf(';');
  return (end === -1 ? contentType : contentType.slice(0, end)).trim().toLowerCase();
}

/**
 * Which HTTP requests may reach GraphQL: the CSRF prevention of Apollo
 * Server and GraphQL Yoga. A page on any site can make a browser send a
 * "simple" request (a form post, `text/plain`, multipart, or a GET) without
 * asking the API first; none of those may execute anything.
 *
 * - POST needs a JSON body (`application/json` or
 *   `application/graphql-response+json`, charset allowed), which no simple
 *   request can carry: anything else is 415 UNSUPPORTED_MEDIA_TYPE, refused
 *   before the body is read.
 * - GET (queries only; Mercurius refuses mutations over GET) needs an
 *   `Authorization` or a `GraphQL-Preflight` header (any value), which no
 *   simple request can carry either: otherwise 400 PREFLIGHT_REQUIRED.
 * - A WebSocket upgrade (subscriptions) passes: a browser sends no
 *   credentials with it that the API honours (the access token travels in
 *   the connection's init message, which a page of another site does not
 *   have), so a cross-site page can open a socket but do nothing with it.
 */
function graphqlRequestGuard(path: string) {
  return (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (request.routeOptions.url !== path || isWebSocketUpgrade(request)) {
      done();
    } else if (request.method === 'POST') {
      const json = JSON_MEDIA_TYPES.includes(mediaTypeOf(request.headers['content-type']));
      done(json ? undefined : EdgeErrors.unsupportedMediaType());
    } else if (
      request.headers.authorization === undefined &&
      request.headers['graphql-preflight'] === undefined
    ) {
      done(EdgeErrors.preflightRequired());
    } else {
      done(getVariablesHoldNul(request) ? EdgeErrors.nulCharacter() : undefined);
    }
  };
}

function isWebSocketUpgrade(request: FastifyRequest): boolean {
  return request.method === 'GET' && request.headers.upgrade?.toLowerCase() === 'websocket';
}

/** A GET's variables are JSON text in the query string; parsed here only if they may hold NUL. */
function getVariablesHoldNul(request: FastifyRequest): boolean {
  const { variables } = request.query as { variables?: unknown };
  if (typeof variables !== 'string' || !mayContainNul(variables)) return false;
  try {
    return containsNul(JSON.parse(variables));
  } catch {
    return false; // Mercurius refuses malformed variables itself
  }
}

/**
 * Parses JSON bodies (Fastify's parser, safe against prototype poisoning) and
 * refuses a body holding U+0000 anywhere, before GraphQL runs. The walk only
 * happens when the raw text has the `\u0000` escape, so ordinary requests
 * pay one substring search.
 */
function registerJsonParser(fastify: FastifyInstance, bodyLimit: number): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error') as (
    request: FastifyRequest,
    body: string,
    done: (error: Error | null, value?: unknown) => void,
  ) => void;
  fastify.addContentTypeParser(
    JSON_MEDIA_TYPES,
    { parseAs: 'string', bodyLimit },
    (request, body, done) => {
      const text = body as string;
      parseJson(request, text, (error, value) => {
        if (error) done(EdgeErrors.malformedRequest());
        else if (mayContainNul(text) && containsNul(value)) done(EdgeErrors.nulCharacter());
        else done(null, value);
      });
    },
  );
}

/** Installs the JSON body parser and the request guard for the GraphQL route. */
export function registerGraphqlTransport(fastify: FastifyInstance, bodyLimit: number): void {
  registerJsonParser(fastify, bodyLimit);
  fastify.addHook('onRequest', graphqlRequestGuard(GRAPHQL_PATH));
}
