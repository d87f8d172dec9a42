import { SetMetadata } from '@nestjs/common';
import type { Role } from '#core';

/**
 * Who may call a resolver, declared on every Query, Mutation and
 * ResolveField. The guard enforces the coarse part (signed in, role held);
 * services enforce the actor's scope. A resolver without a policy is refused
 * at run time and fails the schema-walk test.
 */
export type Policy =
  | { readonly kind: 'public' }
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'roles'; readonly roles: readonly Role[] };

export const POLICY = Symbol('POLICY');

/** Open to anonymous callers (login, token refresh). */
export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata(POLICY, { kind: 'public' } satisfies Policy);

/** Any signed-in actor; the service narrows what they see to their scope. */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  SetMetadata(POLICY, { kind: 'authenticated' } satisfies Policy);

/** Signed-in actors holding one of these roles; the service still checks scope. */
export const RequireRoles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(POLICY, { kind: 'roles', roles } satisfies Policy);
