import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql, UnitOfWork } from '#database';
import type { MemberView } from '#domain/members';
import {
  createDispatchPlace,
  createResident,
  signIn,
  startTestApi,
  TestClock,
  unique,
  type DispatchPlace,
  type TestApi,
} from '#testing';

const SUBMIT = `mutation($i: DutyLogInput!) { r: submitDutyLog(input: $i) { id } }`;
const VERIFY = `mutation($ids: [UUID!]!) { r: verifyDutyLogs(ids: $ids) { id status } }`;
const CORRECT = `mutation($id: UUID!, $i: DutyLogInput!) { r: correctDutyLog(id: $id, input: $i) { id } }`;
const RULE = `mutation($i: PointsRuleInput!) { r: setPointsRule(input: $i) { pointsPerHour dailyCap } }`;
const MY_POINTS = `query { r: myPoints { communityId ledger period balance } }`;
const ENTRIES = `query { r: myPointsEntries(first: 100) { items { ledger amount reason sourceId } } }`;
const CREATE_REWARD = `mutation($i: RewardInput!) { r: createReward(input: $i) { id stock } }`;
const REDEEM = `mutation($id: UUID!) { r: redeemReward(rewardId: $id) { id pickupCode status cost } }`;
const CANCEL = `mutation($id: UUID!) { r: cancelRedemption(id: $id) { id status } }`;
const COLLECT = `mutation($id: UUID!) { r: collectRedemption(id: $id) { id status } }`;

const HOUR = 3_600_000;

interface Balance {
  ledger: string;
  period: number;
  balance: number;
}

/**
 * Points through GraphQL: verified service earns them in both ledgers by the
 * community's rule and cap, a verified correction reverses and re-awards
 * (totals conserved), and redemptions never take a balance or a stock below
 * zero, however many arrive at once.
 */
describe('points and rewards', () => {
  const clock = new TestClock(new Date('2026-11-24T04:00:00Z'));
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ clock });
  });

  afterAll(async () => {
    await api.close();
  });

  const ago = (hours: number) => new Date(clock.now().getTime() - hours * HOUR).toISOString();
  const logInput = (place: DispatchPlace, from: number, to: number) => ({
    clientRequestId: unique('app'),
    theme: '垃圾分类宣传',
    content: '在小区门口宣传垃圾分类',
    place: '小区门口',
    startsAt: ago(from),
    endsAt: ago(to),
    communityId: place.community.id,
  });
  const community = async (pointsPerHour: number, dailyCap: number) => {
    const place = await createDispatchPlace(api.app);
    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    await api.ok(
      RULE,
      { i: { communityId: place.community.id, pointsPerHour, dailyCap } },
      committee,
    );
    return { place, committee };
  };
  const memberOf = async (place: DispatchPlace) => {
    const member = await createResident(api.app, place);
    return { member, token: await signIn(api.app, [{ role: 'MEMBER', memberId: member.id }]) };
  };
  const communityPoints = (balances: Balance[]) =>
    balances.find((b) => b.ledger === 'COMMUNITY')?.balance;
  /** A member's ledger summed independently of the balance table. */
  const ledgerSum = async (member: MemberView) =>
    (
      await api.app.get(UnitOfWork).query<{ total: number }>(sql`
        SELECT coalesce(sum(amount), 0)::int AS total FROM points_entry
         WHERE member_id = ${member.id} AND ledger = 'COMMUNITY'`)
    )[0]?.total;

  it('awards verified service in both ledgers, and a verified correction reverses and re-awards', async () => {
    const { place, committee } = await community(10, 1000);
    const { member, token } = await memberOf(place);
    const log = await api.ok<{ id: string }>(SUBMIT, { i: logInput(place, 3, 1) }, token);
    expect(await api.ok<Balance[]>(MY_POINTS, {}, token)).toEqual([]);
    await api.ok(VERIFY, { ids: [log.id] }, committee);
    const balances = await api.ok<Balance[]>(MY_POINTS, {}, token);
    expect(balances).toEqual([
      { communityId: place.community.id, ledger: 'COMMUNITY', period: 0, balance: 20 },
      { communityId: place.community.id, ledger: 'APPRAISAL', period: 2026, balance: 20 },
    ]);

    const correction = await api.ok<{ id: string }>(
      CORRECT,
      { id: log.id, i: logInput(place, 4, 1) },
      token,
    );
    // until the correction is verified the points stand as they were
    expect(communityPoints(await api.ok<Balance[]>(MY_POINTS, {}, token))).toBe(20);
    await api.ok(VERIFY, { ids: [correction.id] }, committee);
    expect(communityPoints(await api.ok<Balance[]>(MY_POINTS, {}, token))).toBe(30);
    const entries = await api.ok<{ items: { ledger: string; amount: number; reason: string }[] }>(
      ENTRIES,
      {},
      token,
    );
    expect(
      entries.items
        .filter((e) => e.ledger === 'COMMUNITY')
        .map((e) => [e.reason, e.amount])
        .sort(),
    ).toEqual([
      ['SERVICE', 20],
      ['SERVICE', 30],
      ['SERVICE_REVERSED', -20],
    ]);
    expect(await ledgerSum(member)).toBe(30);
  });

  it('keeps to the community’s daily cap', async () => {
    const { place, committee } = await community(10, 25);
    const { token } = await memberOf(place);
    const morning = await api.ok<{ id: string }>(SUBMIT, { i: logInput(place, 6, 4) }, token);
    const later = await api.ok<{ id: string }>(SUBMIT, { i: logInput(place, 3, 1) }, token);
    await api.ok(VERIFY, { ids: [morning.id, later.id] }, committee);
    expect(communityPoints(await api.ok<Balance[]>(MY_POINTS, {}, token))).toBe(25);
  });

  it('never takes a balance or a stock below zero under 100 concurrent redemptions', async () => {
    const { place, committee } = await community(15, 1000);
    const { member, token } = await memberOf(place);
    const log = await api.ok<{ id: string }>(SUBMIT, { i: logInput(place, 3, 1) }, token);
    await api.ok(VERIFY, { ids: [log.id] }, committee);
    // 30 points: three rewards of 10, though five are in stock
    const reward = await api.ok<{ id: string }>(
      CREATE_REWARD,
      {
        i: {
          communityId: place.community.id,
          name: '洗衣液',
          sponsor: '社区超市',
          cost: 10,
          stock: 5,
          validFrom: '2026-01-01',
        },
      },
      committee,
    );
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => api.gql(REDEEM, { id: reward.id }, { token })),
    );
    const made = answers.filter((a) => a.errors === undefined);
    expect(made).toHaveLength(3);
    expect(
      answers.filter((a) => a.errors?.[0]?.extensions.code === 'INSUFFICIENT_POINTS').length,
    ).toBe(97);
    expect(communityPoints(await api.ok<Balance[]>(MY_POINTS, {}, token))).toBe(0);
    expect(await ledgerSum(member)).toBe(0);
    const [{ stock } = { stock: -1 }] = await api.app.get(UnitOfWork).query<{ stock: number }>(sql`
      SELECT stock FROM reward WHERE id = ${reward.id}`);
    expect(stock).toBe(2);

    // cancelling returns the points and the stock; a collected one stays collected
    const [first, second] = made.map((a) => (a.data as { r: { id: string } }).r.id);
    expect(await api.ok(CANCEL, { id: first }, committee)).toMatchObject({ status: 'CANCELLED' });
    expect(await api.ok(COLLECT, { id: second }, committee)).toMatchObject({ status: 'COLLECTED' });
    expect(communityPoints(await api.ok<Balance[]>(MY_POINTS, {}, token))).toBe(10);
    expect(await ledgerSum(member)).toBe(10);
    const refused = await api.gql(CANCEL, { id: second }, { token: committee });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'REDEMPTION_CLOSED' });

    // a stock of two among many with points enough: two redemptions
    const scarce = await api.ok<{ id: string }>(
      CREATE_REWARD,
      {
        i: {
          communityId: place.community.id,
          name: '电影票',
          cost: 1,
          stock: 2,
          validFrom: '2026-01-01',
        },
      },
      committee,
    );
    const rush = await Promise.all(
      Array.from({ length: 100 }, () => api.gql(REDEEM, { id: scarce.id }, { token })),
    );
    expect(rush.filter((a) => a.errors === undefined)).toHaveLength(2);
    expect(
      rush.filter((a) => a.errors?.[0]?.extensions.code === 'REWARD_OUT_OF_STOCK'),
    ).toHaveLength(98);
    expect(communityPoints(await api.ok<Balance[]>(MY_POINTS, {}, token))).toBe(8);
  });
});
