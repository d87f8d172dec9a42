import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionNode,
  NoSchemaIntrospectionCustomRule,
  type ASTVisitor,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { AppConfig } from '#core';

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

/**
 * Refuses documents with more than `max` aliases: aliases let one request
 * repeat an expensive field many times under different names.
 */
export function aliasLimitRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let count = 0;
    return {
      Field(node) {
        if (node.alias && ++count === max + 1) {
          context.reportError(
            new GraphQLError(`Too many aliases (at most ${max})`, {
              nodes: [node],
              extensions: { code: QUERY_TOO_COMPLEX },
            }),
          );
        }
      },
    };
  };
}

/**
 * Refuses operations nested deeper than `max` fields (fragments followed),
 * the classic way to make one small query do enormous work.
 */
export function depthLimitRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    const depthOf = (selections: readonly SelectionNode[], seen: ReadonlySet<string>): number => {
      let deepest = 0;
      for (const selection of selections) {
        if (selection.kind === Kind.FIELD) {
          const below = selection.selectionSet
            ? depthOf(selection.selectionSet.selections, seen)
            : 0;
          deepest = Math.max(deepest, 1 + below);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet.selections, seen));
        } else {
          const fragment = fragments.get(selection.name.value);
          if (fragment && !seen.has(fragment.name.value)) {
            const next = new Set(seen).add(fragment.name.value);
            deepest = Math.max(deepest, depthOf(fragment.selectionSet.selections, next));
          }
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet.selections, new Set());
        if (depth > max) {
          context.reportError(
            new GraphQLError(`Query depth ${depth} exceeds the limit of ${max}`, {
              nodes: [node],
              extensions: { code: QUERY_TOO_COMPLEX },
            }),
          );
        }
      },
    };
  };
}

/**
 * Validation rules, run once per distinct document (Mercurius caches them):
 * depth, aliases and, in production, no introspection.
 */
export function validationRules(config: AppConfig): ValidationRule[] {
  return [
    depthLimitRule(config.graphql.maxDepth),
    aliasLimitRule(config.graphql.maxAliases),
    ...(config.isProduction ? [NoSchemaIntrospectionCustomRule] : []),
  ];
}

/** Distinct variable sets remembered per document; a document rarely has more. */
const COSTS_PER_DOCUMENT = 64;

/**
 * The cost check, as a Mercurius preExecution hook because cost depends on
 * the variables (`first: $n`): a paged field weighs its children once per
 * requested row, so nested lists that would fan out to thousands of rows are
 * refused before anything runs. Cost depends only on the document, the
 * operation and the variables, and Mercurius hands back the same parsed
 * document for the same query text, so each cost is computed once and kept
 * with the document.
 */
export function costLimitHook(config: AppConfig) {
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  return (
    schema: GraphQLSchema,
    document: DocumentNode,
    context: { reply: { request: { body?: unknown } } },
    variables: Record<string, unknown> | undefined,
  ): void => {
    const body = context.reply.request.body as { operationName?: unknown } | undefined;
    const operationName = typeof body?.operationName === 'string' ? body.operationName : undefined;
    const known = costs.get(document) ?? new Map<string, number>();
    const key = `${operationName ?? ''}\n${variables ? JSON.stringify(variables) : ''}`;
    let cost = known.get(key);
    if (cost === undefined) {
      cost = queryCost(schema, document, variables ?? {}, operationName);
      if (known.size >= COSTS_PER_DOCUMENT) known.clear();
      known.set(key, cost);
      costs.set(document, known);
    }
    assertCost(cost, config);
  };
}

/** The cost of an operation: a paged field's children once per requested row, other fields 1. */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    ...(operationName ? { operationName } : {}),
    estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
  });
}

export function assertCost(cost: number, config: AppConfig): void {
  if (cost > config.graphql.maxCost) {
    throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${config.graphql.maxCost}`, {
      extensions: { code: QUERY_TOO_COMPLEX },
    });
  }
}
