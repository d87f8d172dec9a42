import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isUuid } from '#core';

function parse(value: unknown): string {
  if (!isUuid(value)) {
    throw new GraphQLError('Expected a UUID', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value.toLowerCase();
}

/**
 * Record ids. Checked at the edge so a malformed id is a BAD_USER_INPUT, not
 * a database error.
 */
export const UuidScalar = new GraphQLScalarType({
  name: 'UUID',
  description: 'A record id (RFC 4122 UUID).',
  serialize: (value) => parse(value),
  parseValue: (value) => parse(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Expected a UUID', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return parse(ast.value);
  },
});

/** The one way an argument names a record: `@Args('id', ID_ARG)`. */
export const ID_ARG = { type: () => UuidScalar } as const;

/** An argument that may name a record: `@Args('teamId', OPTIONAL_ID_ARG)`. */
export const OPTIONAL_ID_ARG = { type: () => UuidScalar, nullable: true } as const;
