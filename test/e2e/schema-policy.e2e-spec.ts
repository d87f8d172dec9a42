import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  RESOLVER_NAME_METADATA,
  RESOLVER_PROPERTY_METADATA,
  RESOLVER_TYPE_METADATA,
} from '@nestjs/graphql/dist/graphql.constants.js';
import { isObjectType } from 'graphql';
import { startTestApi, type TestApi } from '#testing';
import { RESOLVERS } from '../../apps/api/src/graphql/graphql-api.module.js';
import { POLICY } from '../../apps/api/src/graphql/policy/policy.decorator.js';

type Method = (...args: unknown[]) => unknown;

/** "Type.field" → whether the resolver method behind it declares a policy. */
function declaredPolicies(): Map<string, boolean> {
  const declared = new Map<string, boolean>();
  for (const resolver of RESOLVERS) {
    const classPolicy = Reflect.getMetadata(POLICY, resolver) !== undefined;
    const target: unknown = Reflect.getMetadata(RESOLVER_TYPE_METADATA, resolver);
    // @Resolver(() => MemberModel) records the GraphQL type's name on the class.
    const parent = typeof target === 'string' ? target : undefined;
    const prototype = resolver.prototype as unknown as Record<string, Method>;
    for (const key of Object.getOwnPropertyNames(prototype)) {
      if (key === 'constructor') continue;
      const method = prototype[key]!;
      const root = Reflect.getMetadata(RESOLVER_TYPE_METADATA, method) as string | undefined;
      const isField = Reflect.getMetadata(RESOLVER_PROPERTY_METADATA, method) === true;
      const type = root ?? (isField ? parent : undefined);
      if (!type) continue;
      const name =
        (Reflect.getMetadata(RESOLVER_NAME_METADATA, method) as string | undefined) ?? key;
      declared.set(
        `${type}.${name}`,
        classPolicy || Reflect.getMetadata(POLICY, method) !== undefined,
      );
    }
  }
  return declared;
}

/**
 * Walks the whole executable schema: every root field and every field with a
 * resolver of its own must be backed by a resolver method that declares a
 * policy. A new resolver without one fails here (and is refused at run time
 * by the fail-closed guard).
 */
describe('authorization policy coverage', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('declares a policy for every root field and every resolved field', () => {
    const { schema } = api.app.get(GraphQLSchemaHost);
    const declared = declaredPolicies();
    const roots = new Set([
      schema.getQueryType(),
      schema.getMutationType(),
      schema.getSubscriptionType(),
    ]);
    const walked: string[] = [];
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        // Nest gives plain properties a resolver named rootFieldResolver that
        // reads the parent's property; anything else is code that needs a policy.
        const resolved =
          roots.has(type) ||
          declared.has(`${type.name}.${field.name}`) ||
          (field.resolve !== undefined && field.resolve.name !== 'rootFieldResolver');
        if (!resolved) continue;
        const key = `${type.name}.${field.name}`;
        walked.push(key);
        if (declared.get(key) !== true) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
    // The walk really covered the API: root fields and nested field resolvers alike.
    expect(walked).toEqual(
      expect.arrayContaining([
        'Query.members',
        'Mutation.login',
        'Member.residenceCommunity',
        'Community.members',
      ]),
    );
  });
});
