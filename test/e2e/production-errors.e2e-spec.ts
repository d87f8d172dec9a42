import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { productionEnv, startTestApi, type TestApi } from '#testing';

/** Misspellings for which graphql-js would suggest a name the schema has. */
const MISSPELT: [string, string, Record<string, unknown> | undefined][] = [
  ['field', '{ memer { id } }', undefined],
  ['argument', '{ members(frist: 5) { totalCount } }', undefined],
  ['type', 'query($f: MemberFiltr) { members(filter: $f) { totalCount } }', undefined],
  ['input field', '{ members(filter: { kinnd: RESIDENT }) { totalCount } }', undefined],
  ['enum value', '{ members(filter: { kind: RESIDNT }) { totalCount } }', undefined],
  [
    'enum value in a variable',
    'query($f: MemberFilterInput) { members(filter: $f) { totalCount } }',
    { f: { kind: 'RESIDNT' } },
  ],
  ['field of a nested object', '{ me { usernme } }', undefined],
];

async function messagesOf(api: TestApi, query: string, variables?: Record<string, unknown>) {
  // Twice: the second run of a document goes through graphql-jit's compiled path.
  const first = await api.gql(query, variables);
  const second = await api.gql(query, variables);
  expect(first.errors?.length).toBeGreaterThan(0);
  expect(first.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  return [...(first.errors ?? []), ...(second.errors ?? [])].map((e) => e.message);
}

/** In production, error messages do not hand out the schema introspection hides. */
describe('field suggestions in production', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ env: productionEnv() });
  });

  afterAll(async () => {
    await api.close();
  });

  it.each(MISSPELT)('suggests nothing for a misspelt %s', async (_, query, variables) => {
    const messages = await messagesOf(api, query, variables);
    for (const message of messages) expect(message).not.toContain('Did you mean');
  });

  it('still says what was wrong', async () => {
    const [message] = await messagesOf(api, '{ memer { id } }');
    expect(message).toContain('Cannot query field "memer" on type "Query".');
  });
});

describe('field suggestions in development', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it.each(MISSPELT)('helps with a misspelt %s', async (_, query, variables) => {
    const [message] = await messagesOf(api, query, variables);
    expect(message).toContain('Did you mean');
  });
});
