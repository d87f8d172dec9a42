import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountSummary } from '#auth';
import type { Actor, Locale } from '#core';
import type { Loaders } from './loaders.js';

/**
 * What every resolver receives: the request's id and language, the signed-in
 * actor and account (null when anonymous or when the token did not verify)
 * and this request's loaders. Mercurius adds `reply` itself.
 */
export interface GraphQLContext {
  readonly reply: FastifyReply;
  readonly request: FastifyRequest;
  readonly requestId: string;
  readonly locale: Locale;
  readonly actor: Actor | null;
  readonly account: AccountSummary | null;
  readonly loaders: Loaders;
}
