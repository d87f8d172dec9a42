import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { CommonErrors, type Actor } from '#core';
import type { GraphQLContext } from '../graphql-context.js';

/** The signed-in actor; only on resolvers whose policy requires one. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => {
    const { actor } = GqlExecutionContext.create(context).getContext<GraphQLContext>();
    if (!actor) throw CommonErrors.unauthenticated();
    return actor;
  },
);

/** The request's per-request loaders. */
export const Loaders = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    GqlExecutionContext.create(context).getContext<GraphQLContext>().loaders,
);

/** The request's id, for anonymous calls that are still audited (login). */
export const RequestId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string =>
    GqlExecutionContext.create(context).getContext<GraphQLContext>().requestId,
);
