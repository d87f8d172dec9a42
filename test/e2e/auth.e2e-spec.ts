import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccountsService } from '#auth';
import {
  createCommunity,
  operatorActor,
  startTestApi,
  TestClock,
  unique,
  type TestApi,
} from '#testing';

const LOGIN = `mutation($u: String!, $p: String!) {
  login(input: { username: $u, password: $p }) { accessToken refreshToken accessTokenExpiresAt }
}`;
const REFRESH = `mutation($t: String!) {
  refreshToken(input: { refreshToken: $t }) { accessToken refreshToken }
}`;
const ME = 'query { me { id username grants { role communityId } } }';

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Sign-in, token rotation, theft detection and lockout, through GraphQL. */
describe('authentication', () => {
  let api: TestApi;
  let db: DataSource;
  const clock = new TestClock();
  let communityId: string;

  beforeAll(async () => {
    api = await startTestApi({
      clock,
      env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_MINUTES: '15' },
    });
    db = api.app.get(DataSource);
    communityId = (await createCommunity(api.app)).id;
  });

  afterAll(async () => {
    await api.close();
  });

  const newAccount = async () => {
    const username = unique('admin');
    const password = `pw-${randomUUID()}`;
    await api.app.get(AccountsService).createAccount(operatorActor(), {
      username,
      password,
      grants: [{ role: 'COMMUNITY_ADMIN', communityId }],
    });
    return { username, password };
  };

  const login = async (u: string, p: string, remoteAddress?: string, language?: string) => {
    const res = await api.gql<{ login: Tokens }>(
      LOGIN,
      { u, p },
      { ...(remoteAddress ? { remoteAddress } : {}), ...(language ? { language } : {}) },
    );
    const error = res.errors?.[0];
    return { tokens: res.data?.login, code: error?.extensions.code, error };
  };

  const refresh = async (t: string) => {
    const res = await api.gql<{ refreshToken: Tokens }>(REFRESH, { t });
    return { tokens: res.data?.refreshToken, code: res.errors?.[0]?.extensions.code };
  };

  it('signs in, and the access token identifies the account and its grants', async () => {
    const { username, password } = await newAccount();
    const { tokens } = await login(username.toUpperCase(), password);
    expect(tokens?.accessToken).toBeDefined();
    const me = await api.gql<{
      me: { username: string; grants: { role: string; communityId: string }[] };
    }>(ME, {}, { token: tokens!.accessToken });
    expect(me.data?.me).toMatchObject({
      username,
      grants: [{ role: 'COMMUNITY_ADMIN', communityId }],
    });
  });

  it('answers the same for an unknown user and a wrong password', async () => {
    const { username } = await newAccount();
    expect((await login(username, 'wrong-password-123')).code).toBe('INVALID_CREDENTIALS');
    expect((await login(unique('nobody'), 'wrong-password-123')).code).toBe('INVALID_CREDENTIALS');
  });

  it('answers a username no account can have (too long, wrong characters) like a wrong password', async () => {
    for (const u of ['x'.repeat(65), '张三']) {
      const { code, error } = await login(u, 'wrong-password-123');
      expect(code).toBe('INVALID_CREDENTIALS');
      expect(error?.message).toBe('用户名或密码错误');
    }
    // A NUL byte is refused at the edge, before any service sees the input.
    expect((await login('ab\u0000cd', 'wrong-password-123')).code).toBe('BAD_USER_INPUT');
  });

  it('rotates refresh tokens: each works once and yields a new pair', async () => {
    const { username, password } = await newAccount();
    const first = (await login(username, password)).tokens!;
    const second = await refresh(first.refreshToken);
    expect(second.code).toBeUndefined();
    expect(second.tokens!.refreshToken).not.toBe(first.refreshToken);
    const third = await refresh(second.tokens!.refreshToken);
    expect(third.code).toBeUndefined();
    const me = await api.gql(ME, {}, { token: third.tokens!.accessToken });
    expect(me.errors).toBeUndefined();
  });

  it('revokes the whole family when a used refresh token comes back', async () => {
    const { username, password } = await newAccount();
    const stolen = (await login(username, password)).tokens!.refreshToken;
    const legit = (await refresh(stolen)).tokens!;
    // The thief replays the old token: refused, and the session is killed...
    expect((await refresh(stolen)).code).toBe('REFRESH_TOKEN_REUSED');
    // ...so the legitimate holder's newer tokens stop working too, the access
    // token on its very next request, not when it expires.
    expect((await refresh(legit.refreshToken)).code).toBe('REFRESH_TOKEN_INVALID');
    const me = await api.gql(ME, {}, { token: legit.accessToken });
    expect(me.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    // Another session of the same account is not affected.
    const other = (await login(username, password)).tokens!;
    expect((await refresh(other.refreshToken)).code).toBeUndefined();
  });

  it('lets only one of two concurrent refreshes of one token through', async () => {
    const { username, password } = await newAccount();
    const token = (await login(username, password)).tokens!.refreshToken;
    const results = await Promise.all([refresh(token), refresh(token)]);
    expect(results.filter((r) => r.tokens).length).toBe(1);
    expect(results.map((r) => r.code).filter(Boolean)).toEqual(['REFRESH_TOKEN_REUSED']);
  });

  it('ends the session on logout, its access token included', async () => {
    const { username, password } = await newAccount();
    const tokens = (await login(username, password)).tokens!;
    const other = (await login(username, password)).tokens!;
    expect((await api.gql(ME, {}, { token: tokens.accessToken })).errors).toBeUndefined();
    const out = await api.gql('mutation($t: String!) { logout(input: { refreshToken: $t }) }', {
      t: tokens.refreshToken,
    });
    expect(out.data).toEqual({ logout: true });
    expect((await refresh(tokens.refreshToken)).code).toBe('REFRESH_TOKEN_INVALID');
    const me = await api.gql(ME, {}, { token: tokens.accessToken });
    expect(me.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    // The account's other session goes on.
    expect((await api.gql(ME, {}, { token: other.accessToken })).errors).toBeUndefined();
  });

  it('refuses a token whose signature, header or claims were tampered with', async () => {
    const { username, password } = await newAccount();
    const { accessToken } = (await login(username, password)).tokens!;
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: 9_999_999_999 })).toString(
      'base64url',
    );
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    for (const token of [
      `${header}.${forged}.${signature}`,
      `${none}.${payload}.`,
      `${none}.${payload}.${signature}`,
      `${header}.${payload}.${signature.slice(0, -2)}`,
      'not-a-token',
    ]) {
      const me = await api.gql(ME, {}, { token });
      expect(me.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses an expired refresh token and an expired access token', async () => {
    const { username, password } = await newAccount();
    const tokens = (await login(username, password)).tokens!;
    clock.advance(16 * 60 * 1000);
    const me = await api.gql(ME, {}, { token: tokens.accessToken });
    expect(me.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    clock.advance(31 * 24 * 3600 * 1000);
    expect((await refresh(tokens.refreshToken)).code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('locks the account for the address the failures came from, even for the right password, until the lockout ends', async () => {
    const { username, password } = await newAccount();
    const guesser = '198.51.100.21';
    const owner = '203.0.113.21';
    expect((await login(username, 'wrong-password-1', guesser)).code).toBe('INVALID_CREDENTIALS');
    expect((await login(username, 'wrong-password-2', guesser)).code).toBe('INVALID_CREDENTIALS');
    expect((await login(username, 'wrong-password-3', guesser)).code).toBe('ACCOUNT_LOCKED');
    expect((await login(username, password, guesser)).code).toBe('ACCOUNT_LOCKED');
    // The owner, elsewhere, is not locked out by someone else's guesses.
    expect((await login(username, password, owner)).tokens).toBeDefined();
    clock.advance(16 * 60 * 1000);
    expect((await login(username, password, guesser)).tokens).toBeDefined();
  });

  it('keeps an operator signing in while a stranger fails 20 times, and tells the stranger until when', async () => {
    const username = unique('operator');
    const password = `pw-${randomUUID()}`;
    await api.app
      .get(AccountsService)
      .createAccount(operatorActor(), { username, password, grants: [{ role: 'OPERATOR' }] });
    // Move the clock to 10:00:30 Beijing time (02:00:30 UTC), so the expected wall-clock time is known.
    const day = 24 * 3600 * 1000;
    const target = 2 * 3600 * 1000 + 30 * 1000;
    clock.advance((((target - (clock.now().getTime() % day)) % day) + day) % day);
    const lockedAt = clock.now();
    const stranger = '198.51.100.22';
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await login(username, `guess-${i}-xxxxxx`, stranger));
    expect(answers.map((a) => a.code)).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      ...new Array<string>(18).fill('ACCOUNT_LOCKED'),
    ]);
    const lockedUntil = new Date(lockedAt.getTime() + 15 * 60 * 1000);
    expect(answers[19]?.error?.extensions.lockedUntil).toBe(lockedUntil.toISOString());
    // 10:15:30, rounded up: after 10:16 the stranger may try again.
    expect(answers[19]?.error?.message).toContain('请于 10:16（北京时间）后再试');
    const english = await login(username, 'guess-en-xxxxxx', stranger, 'en');
    expect(english.error?.message).toContain('try again after 10:16 (Beijing time)');
    expect(english.error?.extensions.lockedUntil).toBe(lockedUntil.toISOString());
    // Nothing personal in the answer: not the username, not the address.
    expect(JSON.stringify(english.error)).not.toContain(username);
    expect(JSON.stringify(english.error)).not.toContain(stranger);

    // The operator, from their own address, signs in at once.
    const own = await login(username, password, '203.0.113.22');
    expect(own.code).toBeUndefined();
    const me = await api.gql<{ me: { username: string } }>(
      ME,
      {},
      { token: own.tokens!.accessToken },
    );
    expect(me.data?.me.username).toBe(username);
    // The stranger's lock counted only the stranger's address.
    const rows = await db.query<{ address: string; locked_until: Date }[]>(
      `SELECT host(f.address) AS address, f.locked_until FROM login_failure f
         JOIN account a ON a.id = f.account_id WHERE a.username = $1`,
      [username],
    );
    expect(rows).toEqual([{ address: stranger, locked_until: lockedUntil }]);
  });

  it('audits logins without usernames or passwords', async () => {
    const { username, password } = await newAccount();
    await login(username, 'wrong-password-xyz');
    await login(username, password);
    const rows = await db.query<Record<string, unknown>[]>(
      `SELECT a.* FROM audit_log a JOIN account acc ON acc.id = a.account_id
       WHERE acc.username = $1 AND a.action LIKE 'auth.%' ORDER BY a.id`,
      [username],
    );
    expect(rows.map((r) => r.action)).toEqual(['auth.login.failed', 'auth.login']);
    expect(JSON.stringify(rows)).not.toContain(username);
    expect(JSON.stringify(rows)).not.toContain('wrong-password-xyz');
  });

  it('lets only an operator create accounts, and writes nothing otherwise', async () => {
    const adminActor = {
      accountId: randomUUID(),
      grants: [{ role: 'COMMUNITY_ADMIN' as const, communityId }],
      requestId: 't',
    };
    const username = unique('sneaky');
    await expect(
      api.app.get(AccountsService).createAccount(adminActor, {
        username,
        password: 'long-enough-password',
        grants: [{ role: 'OPERATOR' }],
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const found = await db.query<unknown[]>('SELECT 1 FROM account WHERE username = $1', [
      username,
    ]);
    expect(found).toHaveLength(0);
    const { username: taken } = await newAccount();
    await expect(
      api.app.get(AccountsService).createAccount(operatorActor(), {
        username: taken,
        password: 'long-enough-password',
        grants: [{ role: 'OPERATOR' }],
      }),
    ).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
  });
});
