import { expect } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig, Clock } from '#core';
import { createApiApp } from '../../../apps/api/src/bootstrap.js';
import { captureLogs } from './log-capture.js';
import { suiteDatabaseReady } from './test-database.js';
import { testConfig } from './test-config.js';

export interface GraphQLResponse<T> {
  readonly statusCode: number;
  readonly headers: Record<string, unknown>;
  readonly data: T | null;
  readonly errors?: {
    message: string;
    path?: (string | number)[];
    extensions: {
      code: string;
      category?: string;
      field?: string;
      requestId?: string;
      retryAfterSeconds?: number;
      lockedUntil?: string;
    };
  }[];
}

/** How a test request is sent: its bearer token, language, and the client's IP address. */
export interface GqlOptions {
  readonly token?: string;
  readonly language?: string;
  /** The peer address Fastify sees (request.ip without TRUST_PROXY); inject's default is 127.0.0.1. */
  readonly remoteAddress?: string;
}

export interface TestApi {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  /** Every log line the API wrote, as JSON text. */
  readonly logLines: () => string[];
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: GqlOptions,
  ): Promise<GraphQLResponse<T>>;
  /**
   * Sends a request as given (any method, headers and body text), for what
   * a GraphQL client never sends: form posts, huge or malformed bodies, GETs.
   */
  raw<T = Record<string, unknown>>(request: RawRequest): Promise<GraphQLResponse<T>>;
  /**
   * The data of an operation that names its one field `r` (`{ r: field(…) }`),
   * failing the test on any error.
   */
  ok<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T>;
  /** The extensions of the first error an operation gets, or `{ code: 'OK' }` if none. */
  errorOf(
    query: string,
    variables: Record<string, unknown>,
    token: string,
  ): Promise<Record<string, unknown>>;
  /** Listens on a free port (once) for what inject cannot carry, WebSockets: the GraphQL ws:// URL. */
  webSocketUrl(): Promise<string>;
  close(): Promise<void>;
}

export interface RawRequest {
  readonly method?: 'GET' | 'POST';
  /** Defaults to /graphql. */
  readonly url?: string;
  readonly headers?: Record<string, string>;
  readonly payload?: string;
}

/**
 * Boots the real API (same bootstrap as production) against this run's
 * database, migrated, with logs captured; requests go through Fastify's
 * inject, so no port is opened.
 */
export async function startTestApi(
  options: { env?: Record<string, string>; clock?: Clock } = {},
): Promise<TestApi> {
  const config = testConfig(options.env);
  await suiteDatabaseReady();
  const logs = captureLogs('api');
  const app = await createApiApp({
    config,
    logger: logs.logger,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  let listening: Promise<string> | undefined;
  const api: TestApi = {
    app,
    config,
    logLines: logs.lines,
    webSocketUrl() {
      listening ??= app
        .listen(0, '127.0.0.1')
        .then(() => app.getUrl())
        .then((url) => `${url.replace(/^http/, 'ws')}/graphql`);
      return listening;
    },
    async gql<T>(
      query: string,
      variables?: Record<string, unknown>,
      opts: GqlOptions = {},
    ): Promise<GraphQLResponse<T>> {
      const response = await app.inject({
        method: 'POST',
        url: '/graphql',
        ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
        headers: {
          'content-type': 'application/json',
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.language ? { 'accept-language': opts.language } : {}),
        },
        payload: JSON.stringify({ query, variables }),
      });
      const body = response.json<Omit<GraphQLResponse<T>, 'statusCode' | 'headers'>>();
      return { ...body, statusCode: response.statusCode, headers: response.headers };
    },
    async raw<T>(request: RawRequest): Promise<GraphQLResponse<T>> {
      const response = await app.inject({
        method: request.method ?? 'POST',
        url: request.url ?? '/graphql',
        headers: request.headers ?? {},
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      });
      const body = response.json<Omit<GraphQLResponse<T>, 'statusCode'>>();
      return { statusCode: response.statusCode, ...body };
    },
    async ok<T>(query: string, variables: Record<string, unknown>, token: string) {
      const res = await api.gql<{ r: T }>(query, variables, { token });
      expect(res.errors).toBeUndefined();
      return res.data?.r as T;
    },
    async errorOf(query: string, variables: Record<string, unknown>, token: string) {
      const res = await api.gql(query, variables, { token });
      return res.errors?.[0]?.extensions ?? { code: 'OK' };
    },
    close: () => app.close(),
  };
  return api;
}
