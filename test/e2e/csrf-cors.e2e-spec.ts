import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AccountsService } from '#auth';
import {
  createCommunity,
  operatorActor,
  signIn,
  startTestApi,
  unique,
  type TestApi,
} from '#testing';

const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }';

/**
 * A page on any site can make a browser send a "simple" request to the API
 * (a form post, text/plain, multipart, a GET) without asking first. None of
 * them may run anything; only requests a browser must preflight (JSON bodies,
 * or a GET with Authorization or GraphQL-Preflight) reach GraphQL.
 */
describe('cross-site request forgery', () => {
  let api: TestApi;
  let db: DataSource;
  let accountId: string;
  const username = unique('csrf');
  const password = `pw-${randomUUID()}`;

  /** Everything a login writes for this suite's account: audit rows, sessions, refresh tokens, lockout. */
  const footprint = async () => {
    const [row] = await db.query<Record<string, string | null>[]>(
      `SELECT (SELECT count(*) FROM audit_log WHERE entity_id = $2) AS audits,
              (SELECT count(*) FROM auth_session WHERE account_id = $1) AS sessions,
              (SELECT count(*) FROM refresh_token WHERE account_id = $1) AS refresh_tokens,
              (SELECT count(*) FROM login_failure WHERE account_id = $1) AS failures`,
      [accountId, accountId],
    );
    return row;
  };

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    const account = await api.app
      .get(AccountsService)
      .createAccount(operatorActor(), { username, password, grants: [{ role: 'OPERATOR' }] });
    accountId = account.id;
  });

  afterAll(async () => {
    await api.close();
  });

  const loginAs = (secret: string) => ({
    query: LOGIN,
    variables: { i: { username, password: secret } },
  });
  const formEncoded = (body: { query: string; variables: unknown }) =>
    `query=${encodeURIComponent(body.query)}&variables=${encodeURIComponent(JSON.stringify(body.variables))}`;
  const multipart = (body: { query: string; variables: unknown }) =>
    [
      '--x-boundary',
      'Content-Disposition: form-data; name="operations"',
      '',
      JSON.stringify(body),
      '--x-boundary--',
      '',
    ].join('\r\n');

  it.each([
    ['a right password', password],
    ['a wrong password, which would count toward a lockout', 'wrong-password'],
  ])('answers 415 to every simple POST of a login with %s, writing nothing', async (_, secret) => {
    const before = await footprint();
    const body = loginAs(secret);
    const attempts = [
      { 'content-type': 'application/x-www-form-urlencoded', payload: formEncoded(body) },
      { 'content-type': 'text/plain', payload: JSON.stringify(body) },
      { 'content-type': 'text/plain;charset=UTF-8', payload: JSON.stringify(body) },
      { 'content-type': 'multipart/form-data; boundary=x-boundary', payload: multipart(body) },
      // Mercurius's own type; not simple, but GraphQL here is JSON only.
      { 'content-type': 'application/graphql', payload: body.query },
    ];
    for (const { payload, ...headers } of attempts) {
      const res = await api.raw({
        headers: { ...headers, origin: 'https://evil.example' },
        payload,
      });
      expect(res.statusCode).toBe(415);
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await footprint()).toEqual(before);
  });

  it('signs in with the same login sent as JSON, charset or not, which a browser must preflight', async () => {
    for (const contentType of [
      'application/json',
      'application/json; charset=utf-8',
      'application/graphql-response+json',
    ]) {
      const res = await api.raw<{ login: { accessToken: string } }>({
        headers: { 'content-type': contentType },
        payload: JSON.stringify(loginAs(password)),
      });
      expect(res.statusCode).toBe(200);
      expect(res.data?.login.accessToken).toEqual(expect.any(String));
    }
  });

  it('refuses a GET without Authorization or GraphQL-Preflight, saying which header to send', async () => {
    const res = await api.raw({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent('{ __typename }')}`,
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]).toMatchObject({
      message: 'A GET request needs an Authorization or a GraphQL-Preflight header',
      extensions: { code: 'PREFLIGHT_REQUIRED' },
    });
  });

  it('answers a GET query that carries GraphQL-Preflight or Authorization', async () => {
    const url = `/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const preflighted = await api.raw({
      method: 'GET',
      url,
      headers: { 'graphql-preflight': '1' },
    });
    expect(preflighted).toMatchObject({ statusCode: 200, data: { __typename: 'Query' } });
    const community = await createCommunity(api.app);
    const token = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community.id }]);
    const authorized = await api.raw({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(authorized).toMatchObject({ statusCode: 200, data: { __typename: 'Query' } });
  });

  it('still refuses a mutation over GET, even preflighted, writing nothing', async () => {
    const before = await footprint();
    const variables = JSON.stringify(loginAs(password).variables);
    const res = await api.raw({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent(LOGIN)}&variables=${encodeURIComponent(variables)}`,
      headers: { 'graphql-preflight': '1' },
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(await footprint()).toEqual(before);
  });
});

describe('CORS', () => {
  const allowed = 'https://app.example.org';
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ env: { CORS_ORIGINS: `${allowed},http://127.0.0.1:5173` } });
  });

  afterAll(async () => {
    await api.close();
  });

  const preflight = (origin: string) =>
    api.app.inject({
      method: 'OPTIONS',
      url: '/graphql',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });

  it('lets a configured origin POST JSON with the headers a client sends', async () => {
    const res = await preflight(allowed);
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(allowed);
    expect(String(res.headers['access-control-allow-methods']).split(/,\s*/)).toContain('POST');
    const headers = String(res.headers['access-control-allow-headers']).split(/,\s*/);
    for (const header of [
      'content-type',
      'authorization',
      'accept-language',
      'graphql-preflight',
      'x-request-id',
    ]) {
      expect(headers).toContain(header);
    }
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('tells the browser the allowed origin on the request itself, and exposes the request id', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { origin: allowed, 'content-type': 'application/json' },
      payload: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(allowed);
    expect(res.headers['access-control-expose-headers']).toBe('x-request-id');
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['a look-alike of the allowed origin', 'https://app.example.org.evil.example'],
    ['the allowed host over plain HTTP', 'http://app.example.org'],
    ['a sandboxed page', 'null'],
  ])('refuses the preflight of %s with 403 and no CORS headers', async (_, origin) => {
    const res = await preflight(origin);
    expect(res.statusCode).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('gives a request from another origin no Access-Control-Allow-Origin, so its page cannot read the answer', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      payload: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS by default', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('allows no origin at all', async () => {
    const res = await api.app.inject({
      method: 'OPTIONS',
      url: '/graphql',
      headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
