import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccountsService } from '#auth';
import { operatorActor, startTestApi, unique, type GqlOptions, type TestApi } from '#testing';

const LOGIN = `mutation($u: String!, $p: String!) {
  login(input: { username: $u, password: $p }) { accessToken refreshToken }
}`;
const REFRESH = `mutation($t: String!) {
  refreshToken(input: { refreshToken: $t }) { accessToken refreshToken }
}`;

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Per-client limits on login and refreshToken, through GraphQL, with two API processes. */
describe('rate limits on login and token refresh', () => {
  let api: TestApi;
  /** A second API process on the same Redis, which also sits behind a trusted proxy. */
  let behindProxy: TestApi;
  let db: DataSource;
  const PROXY = '198.51.100.1';
  let octet = 0;
  /** A fresh client address for each use (TEST-NET-3), so tests never share a count. */
  const address = () => `203.0.113.${++octet}`;

  beforeAll(async () => {
    const limits = {
      LOGIN_RATE_LIMIT: '3',
      LOGIN_RATE_WINDOW_SECONDS: '60',
      REFRESH_RATE_LIMIT: '2',
      REFRESH_RATE_WINDOW_SECONDS: '60',
    };
    api = await startTestApi({ env: limits });
    behindProxy = await startTestApi({
      env: { ...limits, LOGIN_RATE_WINDOW_SECONDS: '2', TRUST_PROXY: PROXY },
    });
    db = api.app.get(DataSource);
  });

  afterAll(async () => {
    await Promise.all([api.close(), behindProxy.close()]);
  });

  const newAccount = async () => {
    const username = unique('limited');
    const password = `pw-${randomUUID()}`;
    const { id } = await api.app
      .get(AccountsService)
      .createAccount(operatorActor(), { username, password, grants: [{ role: 'OPERATOR' }] });
    return { id, username, password };
  };

  const login = (u: string, p: string, options: GqlOptions, on = api) =>
    on.gql<{ login: Tokens }>(LOGIN, { u, p }, options);

  /** A login refused before any work: the cheapest call that still counts. */
  const cheapLogin = (options: GqlOptions, on = api) => login('x'.repeat(65), 'x', options, on);

  /** Everything a login writes about these accounts: audit lines, sessions, counted failures. */
  const footprint = (...accountIds: string[]) =>
    db.query<{ n: number }[]>(
      `SELECT (SELECT count(*) FROM audit_log WHERE entity_id = ANY($1))::int
            + (SELECT count(*) FROM auth_session WHERE account_id = ANY($1::uuid[]))::int
            + (SELECT coalesce(sum(failure_count), 0) FROM login_failure
                WHERE account_id = ANY($1::uuid[]))::int AS n`,
      [accountIds],
    );

  const code = (res: { errors?: { extensions: { code: string } }[] }) =>
    res.errors?.[0]?.extensions.code;

  it('limits logins per address, whoever they try, with 429, Retry-After and when to retry', async () => {
    const target = await newAccount();
    const other = await newAccount();
    const here = { remoteAddress: address() };
    expect(code(await login(target.username, 'wrong-password-1', here))).toBe(
      'INVALID_CREDENTIALS',
    );
    expect(code(await login(unique('nobody'), 'wrong-password-2', here))).toBe(
      'INVALID_CREDENTIALS',
    );
    expect(code(await login(other.username, other.password, here))).toBeUndefined();

    const before = await footprint(target.id, other.id);
    const refused = await login(other.username, other.password, here);
    expect(refused.statusCode).toBe(429);
    expect(refused.data).toBeNull();
    const error = refused.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'RATE_LIMITED', category: 'RATE_LIMITED' });
    const seconds = error?.extensions.retryAfterSeconds ?? 0;
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(refused.headers['retry-after']).toBe(String(seconds));
    expect(error?.message).toBe(`请求过于频繁，请 ${seconds} 秒后再试`);
    const english = await login(target.username, 'wrong-password-3', { ...here, language: 'en' });
    expect(english.errors?.[0]?.message).toMatch(/^Too many requests; try again in \d+ seconds$/);
    // Refused before anything was read or written: no audit line, no session, no failure counted.
    const after = await footprint(target.id, other.id);
    expect(after).toEqual(before);
    // Another address is not affected.
    expect(
      code(await login(other.username, other.password, { remoteAddress: address() })),
    ).toBeUndefined();
  });

  it('counts every address of one IPv6 /64 as one client', async () => {
    const prefix = `2001:db8:${(++octet).toString(16)}:1`;
    for (const host of ['1', '2', 'abcd:1']) {
      expect(code(await cheapLogin({ remoteAddress: `${prefix}::${host}` }))).toBe(
        'INVALID_CREDENTIALS',
      );
    }
    expect(code(await cheapLogin({ remoteAddress: `${prefix}:ffff:ffff:ffff:ffff` }))).toBe(
      'RATE_LIMITED',
    );
    expect(code(await cheapLogin({ remoteAddress: `2001:db8:${octet.toString(16)}:2::1` }))).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it('limits token refreshes per address; a refused refresh leaves the token unused', async () => {
    const { username, password } = await newAccount();
    const client = { remoteAddress: address() };
    let tokens = (await login(username, password, { remoteAddress: address() })).data!.login;
    for (let i = 0; i < 2; i++) {
      const res = await api.gql<{ refreshToken: Tokens }>(
        REFRESH,
        { t: tokens.refreshToken },
        client,
      );
      expect(res.errors).toBeUndefined();
      tokens = res.data!.refreshToken;
    }
    const refused = await api.gql(REFRESH, { t: tokens.refreshToken }, client);
    expect(refused.statusCode).toBe(429);
    expect(code(refused)).toBe('RATE_LIMITED');
    // Not counted as a use: from another address the same token still rotates.
    const elsewhere = await api.gql<{ refreshToken: Tokens }>(
      REFRESH,
      { t: tokens.refreshToken },
      { remoteAddress: address() },
    );
    expect(elsewhere.errors).toBeUndefined();
  });

  it('shares the count between API processes', async () => {
    const client = { remoteAddress: address() };
    expect(code(await cheapLogin(client, api))).toBe('INVALID_CREDENTIALS');
    expect(code(await cheapLogin(client, behindProxy))).toBe('INVALID_CREDENTIALS');
    expect(code(await cheapLogin(client, api))).toBe('INVALID_CREDENTIALS');
    expect(code(await cheapLogin(client, behindProxy))).toBe('RATE_LIMITED');
  });

  it('lets a client in again once its window has passed', async () => {
    const client = { remoteAddress: address() };
    for (let i = 0; i < 3; i++) await cheapLogin(client, behindProxy);
    const refused = await cheapLogin(client, behindProxy);
    expect(code(refused)).toBe('RATE_LIMITED');
    const wait = (refused.errors?.[0]?.extensions.retryAfterSeconds ?? 0) * 1000;
    expect(wait).toBeLessThanOrEqual(2000);
    await new Promise((resolve) => setTimeout(resolve, wait + 100));
    expect(code(await cheapLogin(client, behindProxy))).toBe('INVALID_CREDENTIALS');
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY names the proxy it comes from', async () => {
    // Without TRUST_PROXY a client cannot escape its limit by claiming other addresses.
    const direct = address();
    for (let i = 0; i < 4; i++) {
      const res = await api.app.inject({
        method: 'POST',
        url: '/graphql',
        remoteAddress: direct,
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address() },
        payload: JSON.stringify({ query: LOGIN, variables: { u: 'x'.repeat(65), p: 'x' } }),
      });
      expect(
        res.json<{ errors: { extensions: { code: string } }[] }>().errors[0]?.extensions.code,
      ).toBe(i < 3 ? 'INVALID_CREDENTIALS' : 'RATE_LIMITED');
    }
    // Behind the configured proxy, each forwarded client has a count of its own...
    const viaProxy = (forwardedFor: string, peer = PROXY) =>
      behindProxy.app.inject({
        method: 'POST',
        url: '/graphql',
        remoteAddress: peer,
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        payload: JSON.stringify({ query: LOGIN, variables: { u: 'x'.repeat(65), p: 'x' } }),
      });
    const codeOf = async (reply: ReturnType<typeof viaProxy>) =>
      (await reply).json<{ errors: { extensions: { code: string } }[] }>().errors[0]?.extensions
        .code;
    const first = address();
    for (let i = 0; i < 3; i++) expect(await codeOf(viaProxy(first))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(viaProxy(first))).toBe('RATE_LIMITED');
    expect(await codeOf(viaProxy(address()))).toBe('INVALID_CREDENTIALS');
    // ...but a peer that is not the proxy is counted as itself, whatever it forwards.
    const impostor = address();
    for (let i = 0; i < 3; i++) await codeOf(viaProxy(address(), impostor));
    expect(await codeOf(viaProxy(address(), impostor))).toBe('RATE_LIMITED');
  });
});
