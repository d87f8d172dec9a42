import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { AccountSummary } from '#auth';
import { CommonErrors, type Actor } from '#core';
import type { RequestLoaders } from '../common/loaders.js';
import type { GraphQLContext } from '../graphql-context.js';

/** The signed-in actor; only on resolvers whose policy requires one. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => {
    const { actor } = GqlExecutionContext.create(context).getContext<GraphQLContext>();
    if (!actor) throw CommonErrors.unauthenticated();
    return actor;
  },
);

/** The signed-in account (read with the actor, so `me` costs no further statement). */
export const CurrentAccount = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AccountSummary => {
    const { account } = GqlExecutionContext.create(context).getContext<GraphQLContext>();
    if (!account) throw CommonErrors.unauthenticated();
    return account;
  },
);

/** The request's loader factory: `this.featureLoaders.of(loaders)` gives a feature's loaders. */
export const Loaders = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestLoaders =>
    GqlExecutionContext.create(context).getContext<GraphQLContext>().loaders,
);

/** The request's id, for anonymous calls that are still audited (login). */
export const RequestId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string =>
    GqlExecutionContext.create(context).getContext<GraphQLContext>().requestId,
);

/**
 * The caller's IP address: the peer's, or with TRUST_PROXY the one the
 * trusted proxies report. Rate limits and lockouts count per address.
 */
export const ClientAddress = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string =>
    GqlExecutionContext.create(context).getContext<GraphQLContext>().request.ip,
);
