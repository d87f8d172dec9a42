import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isLocalDate } from '#core';

const MESSAGE = 'Expected a calendar date YYYY-MM-DD between 1900 and 9999';

function parse(value: unknown): string {
  if (!isLocalDate(value)) {
    throw new GraphQLError(MESSAGE, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value;
}

/**
 * A calendar date without time or zone (birth dates, planned periods).
 * Checked at the edge as a real date, so 2025-02-30 is a BAD_USER_INPUT and
 * never reaches PostgreSQL, which would refuse it.
 */
export const LocalDateScalar = new GraphQLScalarType({
  name: 'LocalDate',
  description: 'A calendar date, YYYY-MM-DD (1900-01-01 to 9999-12-31).',
  serialize: (value) => parse(value),
  parseValue: (value) => parse(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError(MESSAGE, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return parse(ast.value);
  },
});
