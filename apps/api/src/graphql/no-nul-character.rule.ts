import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/**
 * Refuses string literals holding U+0000 (written raw, as `\u0000` or as
 * `\u{0}`): PostgreSQL cannot store it in text. A validation rule, so it runs
 * once per distinct document (Mercurius caches validation), not per request;
 * variables are checked as the body is parsed (apps/api/src/http).
 */
export function NoNulCharacterRule(context: ValidationContext): ASTVisitor {
  return {
    StringValue(node) {
      if (node.value.includes('\u0000')) {
        context.reportError(
          new GraphQLError('String values must not contain a NUL character (U+0000)', {
            nodes: [node],
            extensions: { code: 'BAD_USER_INPUT' },
          }),
        );
      }
    },
  };
}
