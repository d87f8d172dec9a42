import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { CommonErrors, hasRole } from '#core';
import type { GraphQLContext } from '../graphql-context.js';
import { POLICY, type Policy } from './policy.decorator.js';

/**
 * The global guard, run on root fields and field resolvers alike
 * (`fieldResolverEnhancers: ['guards']`). It fails closed: no declared policy
 * means no access.
 */
@Injectable()
export class PolicyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const policy = this.reflector.getAllAndOverride<Policy | undefined>(POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) throw CommonErrors.forbidden();
    if (policy.kind === 'public') return true;
    if (context.getType<string>() !== 'graphql') throw CommonErrors.forbidden();
    const { actor } = GqlExecutionContext.create(context).getContext<GraphQLContext>();
    if (!actor) throw CommonErrors.unauthenticated();
    if (policy.kind === 'roles' && !policy.roles.some((role) => hasRole(actor, role))) {
      throw CommonErrors.forbidden();
    }
    return true;
  }
}
