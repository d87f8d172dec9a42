import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccountsService } from '#auth';
import type { RoleGrant } from '#core';
import {
  createCommunity,
  createCourtyard,
  createMember,
  createServingMember,
  createUnit,
  operatorActor,
  signIn,
  startTestApi,
  unique,
  type GqlOptions,
  type TestApi,
} from '#testing';

const LOGIN = `mutation($u: String!, $p: String!) {
  login(input: { username: $u, password: $p }) { accessToken refreshToken }
}`;
const REFRESH = `mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { refreshToken } }`;
const ME = '{ me { id username grants { id role communityId memberId partyGroupId } } }';
const ACCOUNT_FIELDS =
  'id username disabledAt grants { id role communityId memberId partyGroupId }';
const CHANGE = `mutation($c: String!, $n: String!) {
  changePassword(input: { currentPassword: $c, newPassword: $n })
}`;
const RESET = `mutation($a: UUID!, $n: String!) {
  resetPassword(input: { accountId: $a, newPassword: $n }) { ${ACCOUNT_FIELDS} }
}`;
const DISABLE = `mutation($id: UUID!) { disableAccount(id: $id) { ${ACCOUNT_FIELDS} } }`;
const ENABLE = `mutation($id: UUID!) { enableAccount(id: $id) { ${ACCOUNT_FIELDS} } }`;
const GRANT = `mutation($a: UUID!, $g: RoleGrantInput!) {
  grantRole(input: { accountId: $a, grant: $g }) { ${ACCOUNT_FIELDS} }
}`;
const REVOKE = `mutation($id: UUID!) { revokeRoleGrant(id: $id) { ${ACCOUNT_FIELDS} } }`;

interface Tokens {
  accessToken: string;
  refreshToken: string;
}
interface GrantView {
  id: string | null;
  role: string;
  communityId: string | null;
  memberId: string | null;
  partyGroupId: string | null;
}
interface AccountView {
  id: string;
  username: string;
  disabledAt: string | null;
  grants: GrantView[];
}

/** Account corrections through GraphQL: passwords, disabling, role grants, finding accounts. */
describe('account corrections', () => {
  let api: TestApi;
  let db: DataSource;
  let community: string;
  let otherCommunity: string;
  let pairedUnit: string;
  let operator: string;
  let operatorId: string;
  let committee: string;

  beforeAll(async () => {
    api = await startTestApi({ env: { LOGIN_MAX_FAILURES: '3' } });
    db = api.app.get(DataSource);
    community = (await createCommunity(api.app)).id;
    otherCommunity = (await createCommunity(api.app)).id;
    pairedUnit = (await createUnit(api.app, [community])).id;
    operator = await signIn(api.app, [{ role: 'OPERATOR' }]);
    operatorId = (await api.gql<{ me: { id: string } }>(ME, {}, { token: operator })).data!.me.id;
    committee = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community }]);
  });

  afterAll(async () => {
    await api.close();
  });

  /** An account with these grants (made by an operator) and its password. */
  async function account(grants: RoleGrant[], stem = 'acct') {
    const username = unique(stem);
    const password = `pw-${randomUUID()}`;
    const { id } = await api.app
      .get(AccountsService)
      .createAccount(operatorActor(), { username, password, grants });
    return { id, username, password };
  }

  async function residentAccount(residenceCommunityId = community) {
    const { member } = await createMember(api.app, { kind: 'RESIDENT', residenceCommunityId });
    return account([{ role: 'MEMBER', memberId: member.id }], 'resident');
  }

  const login = async (u: string, p: string, options: GqlOptions = {}) => {
    const res = await api.gql<{ login: Tokens }>(LOGIN, { u, p }, options);
    return { tokens: res.data?.login, error: res.errors?.[0] };
  };

  const signedIn = async (u: string, p: string) => {
    const { tokens, error } = await login(u, p);
    expect(error).toBeUndefined();
    return tokens!;
  };

  const call = <T = Record<string, AccountView>>(
    query: string,
    variables: Record<string, unknown>,
    token: string,
    language?: string,
  ) => api.gql<T>(query, variables, { token, ...(language ? { language } : {}) });

  const codeOf = (res: { errors?: { extensions: { code: string } }[] }) =>
    res.errors?.[0]?.extensions.code;

  const meCode = async (token: string) => codeOf(await api.gql(ME, {}, { token }));

  const sessionReasons = async (accountId: string) =>
    (
      await db.query<{ revoke_reason: string | null }[]>(
        'SELECT revoke_reason FROM auth_session WHERE account_id = $1 ORDER BY created_at, id',
        [accountId],
      )
    ).map((r) => r.revoke_reason);

  const audited = async (action: string, entityId: string) =>
    (
      await db.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND entity_id = $2',
        [action, entityId],
      )
    )[0]?.n;

  describe('finding accounts', () => {
    it('lets an operator page through accounts by username, any case', async () => {
      const stem = `find${randomUUID().slice(0, 6)}`;
      const made = [await account([{ role: 'OPERATOR' }], stem)];
      made.push(
        await account([{ role: 'OPERATOR' }], stem),
        await account([{ role: 'OPERATOR' }], stem),
      );
      const page = (offset: number) =>
        call<{ accounts: { totalCount: number; items: { username: string }[] } }>(
          `query($q: String, $o: Int!) { accounts(username: $q, first: 2, offset: $o) {
             totalCount items { username } } }`,
          { q: stem.toUpperCase(), o: offset },
          operator,
        );
      const first = await page(0);
      const second = await page(2);
      expect(first.data?.accounts.totalCount).toBe(3);
      const names = [...first.data!.accounts.items, ...second.data!.accounts.items].map(
        (a) => a.username,
      );
      expect(names).toEqual(made.map((a) => a.username).sort());
      const malformed = await call(
        'query($q: String) { accounts(username: $q) { totalCount } }',
        { q: 'a'.repeat(65) },
        operator,
      );
      expect(malformed.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'username',
      });
    });

    it('shows an account with its grant ids, none for a derived GROUP_LEADER grant', async () => {
      // A seconded member serving in the community leads a party group.
      const { member } = await createServingMember(api.app, {
        unitId: pairedUnit,
        communityId: community,
      });
      const branch = await call<{ r: { id: string } }>(
        `mutation($i: CreateTemporaryBranchInput!) { r: createTemporaryBranch(input: $i) { id } }`,
        {
          i: {
            communityId: community,
            name: unique('支部'),
            purpose: '应急',
            startsOn: '2026-01-01',
          },
        },
        committee,
      );
      const courtyard = (await createCourtyard(api.app, community)).id;
      const group = await call<{ r: { id: string } }>(
        `mutation($i: CreatePartyGroupInput!) { r: createPartyGroup(input: $i) { id } }`,
        { i: { branchId: branch.data?.r.id, courtyardId: courtyard, name: unique('党小组') } },
        committee,
      );
      const partyGroupId = group.data!.r.id;
      const assigned = await call(
        `mutation($i: AssignMemberInput!) { assignMember(input: $i) { id } }`,
        { i: { memberId: member.id, partyGroupId, role: 'LEADER' } },
        committee,
      );
      expect(assigned.errors).toBeUndefined();
      const leader = await account([{ role: 'MEMBER', memberId: member.id }]);

      const res = await call<{ account: AccountView }>(
        `query($id: UUID!) { account(id: $id) { ${ACCOUNT_FIELDS} } }`,
        { id: leader.id },
        operator,
      );
      const [stored] = await db.query<{ id: string }[]>(
        'SELECT id FROM role_grant WHERE account_id = $1',
        [leader.id],
      );
      const expected = expect.arrayContaining([
        {
          id: stored?.id,
          role: 'MEMBER',
          communityId: null,
          memberId: member.id,
          partyGroupId: null,
        },
        { id: null, role: 'GROUP_LEADER', communityId: null, memberId: null, partyGroupId },
      ]);
      expect(res.data?.account.grants).toHaveLength(2);
      expect(res.data?.account.grants).toEqual(expected);
      // The holder sees the same through `me`.
      const own = await signedIn(leader.username, leader.password);
      const me = await api.gql<{ me: { grants: GrantView[] } }>(ME, {}, { token: own.accessToken });
      expect(me.data?.me.grants).toHaveLength(2);
      expect(me.data?.me.grants).toEqual(expected);
    });

    it('keeps the account list to operators', async () => {
      const target = await residentAccount();
      expect(codeOf(await call('{ accounts { totalCount } }', {}, committee))).toBe('FORBIDDEN');
      expect(
        codeOf(
          await call('query($id: UUID!) { account(id: $id) { id } }', { id: target.id }, committee),
        ),
      ).toBe('FORBIDDEN');
      expect(
        codeOf(
          await call(
            'query($id: UUID!) { account(id: $id) { id } }',
            { id: randomUUID() },
            operator,
          ),
        ),
      ).toBe('NOT_FOUND');
    });
  });

  describe('changing one’s own password', () => {
    it('needs the current password, and refuses a weak or unchanged new one, changing nothing', async () => {
      const { id, username, password } = await residentAccount();
      const mine = await signedIn(username, password);
      const wrong = await call(
        CHANGE,
        { c: 'not-my-password', n: 'a-new-password-1' },
        mine.accessToken,
      );
      expect(wrong.errors?.[0]?.extensions).toMatchObject({
        code: 'WRONG_CURRENT_PASSWORD',
        field: 'currentPassword',
      });
      expect(wrong.errors?.[0]?.message).toBe('当前密码不正确');
      const english = await call(
        CHANGE,
        { c: 'not-my-password', n: 'a-new-password-1' },
        mine.accessToken,
        'en',
      );
      expect(english.errors?.[0]?.message).toBe('The current password is wrong');
      for (const n of ['too-short', 'x'.repeat(129), password]) {
        const res = await call(CHANGE, { c: password, n }, mine.accessToken);
        expect(res.errors?.[0]?.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: 'newPassword',
        });
      }
      // The password and every session are as they were.
      expect((await login(username, password)).error).toBeUndefined();
      expect(await sessionReasons(id)).toEqual([null, null]);
      expect(await audited('account.password.change', id)).toBe(0);
    });

    it("ends the account's other sessions and keeps the caller's", async () => {
      const { id, username, password } = await residentAccount();
      const mine = await signedIn(username, password);
      const other = await signedIn(username, password);
      const res = await call(CHANGE, { c: password, n: 'my-new-password-1' }, mine.accessToken);
      expect(res.data).toEqual({ changePassword: true });
      expect(await meCode(mine.accessToken)).toBeUndefined();
      expect(await meCode(other.accessToken)).toBe('UNAUTHENTICATED');
      expect(codeOf(await api.gql(REFRESH, { t: other.refreshToken }))).toBe(
        'REFRESH_TOKEN_INVALID',
      );
      expect(codeOf(await api.gql(REFRESH, { t: mine.refreshToken }))).toBeUndefined();
      expect(await sessionReasons(id)).toEqual([null, 'PASSWORD_CHANGED']);
      expect((await login(username, password)).error?.extensions.code).toBe('INVALID_CREDENTIALS');
      expect((await login(username, 'my-new-password-1')).error).toBeUndefined();
      expect(await audited('account.password.change', id)).toBe(1);
    });

    it('counts wrong current passwords towards the lockout of the caller’s address', async () => {
      const { id, username, password } = await residentAccount();
      const mine = await signedIn(username, password);
      const codes = [];
      for (let i = 0; i < 3; i++) {
        codes.push(
          codeOf(
            await call(CHANGE, { c: `guess-${i}-xxxxx`, n: 'a-new-password-1' }, mine.accessToken),
          ),
        );
      }
      expect(codes).toEqual(['WRONG_CURRENT_PASSWORD', 'WRONG_CURRENT_PASSWORD', 'ACCOUNT_LOCKED']);
      const locked = await call(CHANGE, { c: password, n: 'a-new-password-1' }, mine.accessToken);
      expect(locked.errors?.[0]?.extensions.code).toBe('ACCOUNT_LOCKED');
      expect(locked.errors?.[0]?.extensions.lockedUntil).toEqual(expect.any(String));
      // Meeting the lockout leaves a trace, as a locked login does.
      expect(await audited('auth.login.locked', id)).toBe(1);
      // The lock holds for this address only.
      expect(
        (await login(username, password, { remoteAddress: '198.51.100.40' })).error,
      ).toBeUndefined();
    });
  });

  describe('resetting a password', () => {
    it('lets an operator set a new one: every session ends and every lockout lifts', async () => {
      const { id, username, password } = await account([
        { role: 'COMMUNITY_ADMIN', communityId: otherCommunity },
      ]);
      const session = await signedIn(username, password);
      const where = { remoteAddress: '198.51.100.41' };
      for (let i = 0; i < 3; i++) await login(username, `guess-${i}-xxxxx`, where);
      expect((await login(username, password, where)).error?.extensions.code).toBe(
        'ACCOUNT_LOCKED',
      );

      const res = await call<{ resetPassword: AccountView }>(
        RESET,
        { a: id, n: 'reset-password-1' },
        operator,
      );
      expect(res.data?.resetPassword).toMatchObject({ id, username, disabledAt: null });
      expect(await meCode(session.accessToken)).toBe('UNAUTHENTICATED');
      expect(codeOf(await api.gql(REFRESH, { t: session.refreshToken }))).toBe(
        'REFRESH_TOKEN_INVALID',
      );
      expect(await sessionReasons(id)).toEqual(['PASSWORD_RESET']);
      expect((await login(username, password)).error?.extensions.code).toBe('INVALID_CREDENTIALS');
      expect((await login(username, 'reset-password-1', where)).error).toBeUndefined();
      expect(await audited('account.password.reset', id)).toBe(1);
    });

    it('refuses an operator’s own account, a weak password and an unknown account', async () => {
      const own = await call(RESET, { a: operatorId, n: 'reset-password-1' }, operator);
      expect(own.errors?.[0]?.extensions.code).toBe('OWN_ACCOUNT');
      expect(await meCode(operator)).toBeUndefined();
      const { id } = await residentAccount();
      const weak = await call(RESET, { a: id, n: 'short' }, operator);
      expect(weak.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'newPassword',
      });
      expect(codeOf(await call(RESET, { a: randomUUID(), n: 'reset-password-1' }, operator))).toBe(
        'NOT_FOUND',
      );
      expect(await audited('account.password.reset', id)).toBe(0);
    });
  });

  describe('what a community committee may correct', () => {
    it('resets, disables and re-enables the own logins of members living in its community', async () => {
      const { member: seconded } = await createMember(api.app, {
        kind: 'SECONDED',
        unitId: pairedUnit,
        residenceCommunityId: community,
      });
      for (const target of [
        await residentAccount(),
        await account([{ role: 'MEMBER', memberId: seconded.id }]),
      ]) {
        const session = await signedIn(target.username, target.password);
        const reset = await call(RESET, { a: target.id, n: 'from-the-office-1' }, committee);
        expect(reset.errors).toBeUndefined();
        expect(await meCode(session.accessToken)).toBe('UNAUTHENTICATED');
        expect((await login(target.username, 'from-the-office-1')).error).toBeUndefined();
        const disabled = await call<{ disableAccount: AccountView }>(
          DISABLE,
          { id: target.id },
          committee,
        );
        expect(disabled.data?.disableAccount.disabledAt).toEqual(expect.any(String));
        const enabled = await call<{ enableAccount: AccountView }>(
          ENABLE,
          { id: target.id },
          committee,
        );
        expect(enabled.data?.enableAccount.disabledAt).toBeNull();
      }
    });

    it('cannot reach any other account, and writes nothing trying', async () => {
      const { member: resident } = await createMember(api.app, {
        kind: 'RESIDENT',
        residenceCommunityId: community,
      });
      const { member: pairedOnly } = await createMember(api.app, {
        kind: 'SECONDED',
        unitId: pairedUnit,
      });
      const outOfReach = [
        await residentAccount(otherCommunity),
        await account([{ role: 'MEMBER', memberId: pairedOnly.id }]),
        // a resident who also holds a staff role is staff
        await account([
          { role: 'MEMBER', memberId: resident.id },
          { role: 'COMMUNITY_ADMIN', communityId: community },
        ]),
        await account([{ role: 'COMMUNITY_ADMIN', communityId: community }]),
        await account([{ role: 'UNIT_HR', unitId: pairedUnit }]),
        await account([{ role: 'OPERATOR' }]),
      ];
      for (const target of outOfReach) {
        const session = await signedIn(target.username, target.password);
        expect(codeOf(await call(RESET, { a: target.id, n: 'from-the-office-1' }, committee))).toBe(
          'NOT_FOUND',
        );
        expect(codeOf(await call(DISABLE, { id: target.id }, committee))).toBe('NOT_FOUND');
        expect(await meCode(session.accessToken)).toBeUndefined();
        expect((await login(target.username, target.password)).error).toBeUndefined();
        expect(await sessionReasons(target.id)).toEqual([null, null]);
      }
      // Unit HR corrects no accounts at all.
      const hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: pairedUnit }]);
      const resident2 = await residentAccount();
      expect(codeOf(await call(RESET, { a: resident2.id, n: 'from-the-office-1' }, hr))).toBe(
        'FORBIDDEN',
      );
    });
  });

  describe('disabling an account', () => {
    it('stops an existing access token on its very next request; re-enabled, it signs in again', async () => {
      const { id, username, password } = await account([
        { role: 'COMMUNITY_ADMIN', communityId: community },
      ]);
      const session = await signedIn(username, password);
      expect(await meCode(session.accessToken)).toBeUndefined();
      const res = await call<{ disableAccount: AccountView }>(DISABLE, { id }, operator);
      expect(res.data?.disableAccount.disabledAt).toEqual(expect.any(String));
      expect(await meCode(session.accessToken)).toBe('UNAUTHENTICATED');
      expect(codeOf(await api.gql(REFRESH, { t: session.refreshToken }))).toBe(
        'REFRESH_TOKEN_INVALID',
      );
      expect((await login(username, password)).error?.extensions.code).toBe('INVALID_CREDENTIALS');
      expect(await sessionReasons(id)).toEqual(['ACCOUNT_DISABLED']);
      // Disabling again changes nothing.
      expect((await call(DISABLE, { id }, operator)).errors).toBeUndefined();
      expect(await audited('account.disable', id)).toBe(1);

      const enabled = await call<{ enableAccount: AccountView }>(ENABLE, { id }, operator);
      expect(enabled.data?.enableAccount.disabledAt).toBeNull();
      expect((await login(username, password)).error).toBeUndefined();
      // Its old sessions stay ended.
      expect(await meCode(session.accessToken)).toBe('UNAUTHENTICATED');
      expect(await audited('account.enable', id)).toBe(1);
    });

    it('never lets an operator disable themself', async () => {
      const res = await call(DISABLE, { id: operatorId }, operator, 'en');
      expect(res.errors?.[0]?.extensions.code).toBe('OWN_ACCOUNT');
      expect(res.errors?.[0]?.message).toBe('You cannot disable your own account');
      expect(await meCode(operator)).toBeUndefined();
      expect(await audited('account.disable', operatorId)).toBe(0);
    });
  });

  describe('role grants', () => {
    const COMMUNITY = 'query($id: UUID!) { community(id: $id) { id } }';

    it('grants a role to an existing account, effective on its token’s next request', async () => {
      const { id, username, password } = await account([
        { role: 'COMMUNITY_ADMIN', communityId: otherCommunity },
      ]);
      const session = await signedIn(username, password);
      expect(codeOf(await call(COMMUNITY, { id: community }, session.accessToken))).toBe(
        'NOT_FOUND',
      );
      const res = await call<{ grantRole: AccountView }>(
        GRANT,
        { a: id, g: { role: 'COMMUNITY_ADMIN', communityId: community } },
        operator,
      );
      const granted = res.data?.grantRole.grants.find((g) => g.communityId === community);
      expect(granted?.id).toEqual(expect.any(String));
      expect(codeOf(await call(COMMUNITY, { id: community }, session.accessToken))).toBeUndefined();
      expect(await audited('account.grant', granted!.id!)).toBe(1);
    });

    it('refuses a grant held already, GROUP_LEADER, an unknown scope, and a non-operator, writing nothing', async () => {
      const { id } = await account([{ role: 'COMMUNITY_ADMIN', communityId: community }]);
      const grants = () =>
        db.query<unknown[]>('SELECT 1 FROM role_grant WHERE account_id = $1', [id]);
      const again = await call(
        GRANT,
        { a: id, g: { role: 'COMMUNITY_ADMIN', communityId: community } },
        operator,
      );
      expect(codeOf(again)).toBe('ROLE_ALREADY_GRANTED');
      const leader = await call(GRANT, { a: id, g: { role: 'GROUP_LEADER' } }, operator);
      expect(leader.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'grants',
      });
      const unknown = await call(
        GRANT,
        { a: id, g: { role: 'UNIT_HR', unitId: randomUUID() } },
        operator,
      );
      expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
      expect(
        codeOf(await call(GRANT, { a: randomUUID(), g: { role: 'OPERATOR' } }, operator)),
      ).toBe('NOT_FOUND');
      expect(codeOf(await call(GRANT, { a: id, g: { role: 'OPERATOR' } }, committee))).toBe(
        'FORBIDDEN',
      );
      expect(await grants()).toHaveLength(1);
    });

    it('revokes a grant, keeping its row: the holder’s token loses it on the very next request', async () => {
      const { id, username, password } = await account([
        { role: 'COMMUNITY_ADMIN', communityId: community },
        { role: 'COMMUNITY_ADMIN', communityId: otherCommunity },
      ]);
      const session = await signedIn(username, password);
      expect(codeOf(await call(COMMUNITY, { id: community }, session.accessToken))).toBeUndefined();
      const shown = await call<{ account: AccountView }>(
        `query($id: UUID!) { account(id: $id) { ${ACCOUNT_FIELDS} } }`,
        { id },
        operator,
      );
      const grantId = shown.data!.account.grants.find((g) => g.communityId === community)!.id!;

      const res = await call<{ revokeRoleGrant: AccountView }>(REVOKE, { id: grantId }, operator);
      expect(res.data?.revokeRoleGrant.grants.map((g) => g.communityId)).toEqual([otherCommunity]);
      expect(codeOf(await call(COMMUNITY, { id: community }, session.accessToken))).toBe(
        'NOT_FOUND',
      );
      expect(
        codeOf(await call(COMMUNITY, { id: otherCommunity }, session.accessToken)),
      ).toBeUndefined();
      const [row] = await db.query<{ revoked_at: Date | null }[]>(
        'SELECT revoked_at FROM role_grant WHERE id = $1',
        [grantId],
      );
      expect(row?.revoked_at).toBeInstanceOf(Date);
      // Revoking it again changes nothing; an unknown grant is not found.
      expect((await call(REVOKE, { id: grantId }, operator)).errors).toBeUndefined();
      expect(await audited('account.revoke', grantId)).toBe(1);
      expect(codeOf(await call(REVOKE, { id: randomUUID() }, operator))).toBe('NOT_FOUND');
    });

    it('takes an operator’s role from a live token at once, but never an operator’s own', async () => {
      const { id, username, password } = await account([{ role: 'OPERATOR' }]);
      const other = (await signedIn(username, password)).accessToken;
      expect(codeOf(await call('{ accounts { totalCount } }', {}, other))).toBeUndefined();
      const [grant] = await db.query<{ id: string }[]>(
        'SELECT id FROM role_grant WHERE account_id = $1',
        [id],
      );
      // The other operator cannot take their own role away...
      expect(codeOf(await call(REVOKE, { id: grant!.id }, other))).toBe('OWN_ACCOUNT');
      expect(codeOf(await call('{ accounts { totalCount } }', {}, other))).toBeUndefined();
      // ...but this operator can, and the next request of that token is refused.
      expect((await call(REVOKE, { id: grant!.id }, operator)).errors).toBeUndefined();
      expect(codeOf(await call('{ accounts { totalCount } }', {}, other))).toBe('FORBIDDEN');
      expect(codeOf(await call(REVOKE, { id: grant!.id }, committee))).toBe('FORBIDDEN');
    });
  });
});
