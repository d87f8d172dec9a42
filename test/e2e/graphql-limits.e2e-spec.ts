import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCommunity, productionEnv, signIn, startTestApi, type TestApi } from '#testing';

/** Queries that would make the server do unbounded work are refused before they run. */
describe('GraphQL limits', () => {
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    api = await startTestApi();
    const community = await createCommunity(api.app);
    token = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community.id }]);
  });

  afterAll(async () => {
    await api.close();
  });

  it('refuses an over-deep query', async () => {
    // member → unit → pairedCommunities → pairedUnits → … nests without end.
    let selection = 'id';
    for (let i = 0; i < 6; i++) selection = `pairedCommunities { pairedUnits { ${selection} } }`;
    const res = await api.gql(`query { units { items { ${selection} } } }`, {}, { token });
    expect(res.statusCode).toBe(400);
    expect(res.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.data).toBeNull();
  });

  it('refuses a query with too many aliases', async () => {
    const fields = Array.from({ length: 50 }, (_, i) => `a${i}: me { id }`).join(' ');
    const res = await api.gql(`query { ${fields} }`, {}, { token });
    expect(res.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses nested lists whose cost multiplies past the limit', async () => {
    const res = await api.gql(
      'query { communities(first: 100) { items { members(first: 100) { items { id name } } } } }',
      {},
      { token },
    );
    expect(res.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('answers an ordinary query', async () => {
    const res = await api.gql('query { communities { totalCount items { name } } }', {}, { token });
    expect(res.errors).toBeUndefined();
  });

  it('allows introspection outside production', async () => {
    const res = await api.gql('query { __schema { queryType { name } } }');
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('GraphQL in production', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ env: productionEnv() });
  });

  afterAll(async () => {
    await api.close();
  });

  it('refuses introspection', async () => {
    const res = await api.gql('query { __schema { types { name } } }');
    expect(res.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(res.data).toBeNull();
  });

  it('refuses batched queries', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('does not serve the GraphiQL page', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/graphiql' });
    expect(response.statusCode).toBe(404);
  });
});
