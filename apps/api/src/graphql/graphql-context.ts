import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountSummary } from '#auth';
import type { Actor, Locale } from '#core';
import type { RequestLoaders } from './common/loaders.js';

/**
 * What every resolver receives: the request's id and language, the signed-in
 * actor and account (null when anonymous or when the token did not verify)
 * and this request's loader factory (each feature's loaders, built on first use). Mercurius adds `reply` itself.
 */
export interface GraphQLContext {
  readonly reply: FastifyReply;
  readonly request: FastifyRequest;
  readonly requestId: string;
  readonly locale: Locale;
  readonly actor: Actor | null;
  readonly account: AccountSummary | null;
  readonly loaders: RequestLoaders;
}
