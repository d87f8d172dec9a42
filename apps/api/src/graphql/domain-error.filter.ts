import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { GqlArgumentsHost } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { DomainError } from '#core';
import { formatDomainError } from './error-formatter.js';
import type { GraphQLContext } from './graphql-context.js';
import { isLiveContext } from './live/live-connections.js';

/**
 * A DomainError is an answer, not a fault: bad input, a refused transition, a
 * missing permission. Rethrowing it here hands it straight to GraphQL (whose
 * error formatter localises it) instead of Nest's default handler, which
 * would log every refused request at error level. Unexpected errors still go
 * to Nest's handler, are logged, and are masked by the formatter.
 *
 * A rate-limited call also gets a Retry-After header, for proxies and HTTP
 * clients that back off without reading GraphQL (the formatter answers 429).
 *
 * A subscription refused at its start (a role, a scope, a cap) never meets
 * the error formatter (Mercurius sends it as is), so it is formatted here,
 * as the formatter would: localised, with its code.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): never {
    if (host.getType<string>() === 'graphql') {
      const context = GqlArgumentsHost.create(host).getContext<object>();
      if (isLiveContext(context)) {
        const { message, extensions } = formatDomainError(error, context.locale, context.requestId);
        throw new GraphQLError(message, { extensions });
      }
    }
    const retryAfter = error.details?.retryAfterSeconds;
    if (
      error.category === 'RATE_LIMITED' &&
      retryAfter !== undefined &&
      host.getType<string>() === 'graphql'
    ) {
      const { reply } = GqlArgumentsHost.create(host).getContext<GraphQLContext>();
      void reply.header('retry-after', String(retryAfter));
    }
    throw error;
  }
}
