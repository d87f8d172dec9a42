import { describe, expect, it } from '@jest/globals';
import {
  Kind,
  parse,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
} from 'graphql';
import { selects } from './look-ahead.js';

/** The info a resolver of the document's first root field would receive. */
function infoOf(document: string): GraphQLResolveInfo {
  const parsed = parse(document);
  const operation = parsed.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = Object.fromEntries(
    parsed.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const [root] = operation.selectionSet.selections;
  return { fieldNodes: [root], fragments } as unknown as GraphQLResolveInfo;
}

describe('selects', () => {
  it('follows a path of fields', () => {
    const info = infoOf('{ members { totalCount items { name phone } } }');
    expect(selects(info, ['totalCount'])).toBe(true);
    expect(selects(info, ['items', 'phone'])).toBe(true);
    expect(selects(info, ['items', 'idNumber'])).toBe(false);
    expect(selects(info, ['phone'])).toBe(false);
  });

  it('looks through aliases, fragments and inline fragments, and stops at cycles', () => {
    const info = infoOf(`{ members { all: items { ...F } } }
      fragment F on Member { ... on Member { idNumber } ...G }
      fragment G on Member { ...F }`);
    expect(selects(info, ['items', 'idNumber'])).toBe(true);
    expect(selects(info, ['totalCount'])).toBe(false);
  });

  it('counts a field under @skip or @include as selected', () => {
    const info = infoOf('{ members { totalCount @skip(if: true) } }');
    expect(selects(info, ['totalCount'])).toBe(true);
  });
});
