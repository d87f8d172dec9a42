import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql, UnitOfWork } from '#database';
import { Leaderboards } from '#domain/duty-logs';
import type { MemberView } from '#domain/members';
import { TaskTypesService } from '#domain/task-types';
import {
  createDispatchPlace,
  createPastBooking,
  createResident,
  operatorActor,
  signIn,
  startTestApi,
  TestClock,
  unique,
  type DispatchPlace,
  type TestApi,
} from '#testing';

const SUBMIT = `mutation($i: DutyLogInput!) { r: submitDutyLog(input: $i) { id volunteerService } }`;
const BACKFILL = `mutation($i: BackfillDutyLogInput!) { r: backfillDutyLog(input: $i) { id } }`;
const VERIFY = `mutation($ids: [UUID!]!) { r: verifyDutyLogs(ids: $ids) { id } }`;
const CORRECT = `mutation($id: UUID!, $i: DutyLogInput!) { r: correctDutyLog(id: $id, input: $i) { id } }`;
const BOARD = `query($c: UUID!, $m: LeaderboardMetric!, $p: String) {
  r: leaderboard(communityId: $c, metric: $m, period: $p) { frozen entries { rank memberId value } } }`;
const STARS = `query { r: myStarLevel { volunteerHours level nextLevelHours } }`;

const HOUR = 3_600_000;

interface Board {
  frozen: boolean;
  entries: { rank: number; memberId: string; value: number }[];
}

/**
 * Leaderboards and star levels: a closed month's board is frozen and stays
 * as it was whatever is corrected later; star levels count verified
 * volunteer service only, never an obligatory duty.
 */
describe('leaderboards and star levels', () => {
  const clock = new TestClock(new Date('2026-11-24T04:00:00Z'));
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ clock, env: { STAR_LEVEL_HOURS: '2,5' } });
  });

  afterAll(async () => {
    await api.close();
  });

  const at = (iso: string) => new Date(iso).toISOString();
  const log = (place: DispatchPlace, startsAt: string, endsAt: string, extra = {}) => ({
    clientRequestId: unique('app'),
    theme: '环境整治',
    content: '清理楼道杂物',
    place: '南苑小区',
    startsAt,
    endsAt,
    communityId: place.community.id,
    ...extra,
  });
  const tokenOf = (member: MemberView) =>
    signIn(api.app, [{ role: 'MEMBER', memberId: member.id }]);

  it('freezes a closed month’s board, which a later correction does not change', async () => {
    const place = await createDispatchPlace(api.app);
    const [keen, steady] = [
      await createResident(api.app, place),
      await createResident(api.app, place),
    ];
    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    const october = (member: MemberView, hours: number) =>
      api.ok<{ id: string }>(
        BACKFILL,
        {
          i: {
            ...log(
              place,
              at('2026-10-12T01:00:00Z'),
              new Date(Date.parse('2026-10-12T01:00:00Z') + hours * HOUR).toISOString(),
            ),
            memberId: member.id,
            reason: '纸质台账补录',
          },
        },
        committee,
      );
    const [first, second] = [await october(keen, 3), await october(steady, 1)];
    await api.ok(VERIFY, { ids: [first.id, second.id] }, committee);
    const live = await api.ok<Board>(
      BOARD,
      { c: place.community.id, m: 'HOURS', p: '2026-10' },
      committee,
    );
    expect(live).toEqual({
      frozen: false,
      entries: [
        { rank: 1, memberId: keen.id, value: 3 },
        { rank: 2, memberId: steady.id, value: 1 },
      ],
    });

    // the daily job, on a day of November: October closed
    expect(await api.app.get(Leaderboards).freezeClosed()).toBeGreaterThan(0);
    expect(await api.app.get(Leaderboards).freeze(place.community.id, '2026-10')).toBe(false);
    const keenToken = await tokenOf(keen);
    const correction = await api.ok<{ id: string }>(
      CORRECT,
      { id: first.id, i: log(place, at('2026-10-12T01:00:00Z'), at('2026-10-12T06:00:00Z')) },
      keenToken,
    );
    await api.ok(VERIFY, { ids: [correction.id] }, committee);
    const frozen = await api.ok<Board>(
      BOARD,
      { c: place.community.id, m: 'HOURS', p: '2026-10' },
      committee,
    );
    expect(frozen).toEqual({ frozen: true, entries: live.entries });
    const allTime = await api.ok<Board>(BOARD, { c: place.community.id, m: 'HOURS' }, committee);
    expect(allTime.entries[0]).toEqual({ rank: 1, memberId: keen.id, value: 5 });
    const points = await api.ok<Board>(
      BOARD,
      { c: place.community.id, m: 'POINTS', p: '2026-10' },
      committee,
    );
    expect(points.frozen).toBe(true);
    expect(points.entries.map((e) => e.value)).toEqual([30, 10]);
  });

  it('counts verified volunteer service only towards star levels, never an obligatory duty', async () => {
    const place = await createDispatchPlace(api.app);
    const member = await createResident(api.app, place);
    const token = await tokenOf(member);
    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    // an obligatory duty: a task of a type that is not volunteer service, booked for the member
    const duty = await api.app.get(TaskTypesService).createTaskType(operatorActor(), {
      name: unique('门岗值守'),
      basicKnowledge: 'HIGH',
      professionalKnowledge: 'LOW',
      intensity: 'LIGHT',
      requiredSkills: [],
      defaultDurationMinutes: 120,
      countsAsVolunteerService: false,
    });
    // the duty took place this morning
    const bookingId = await createPastBooking(api.app, {
      place,
      memberId: member.id,
      taskTypeId: duty.id,
      hoursAgo: 10,
      slotKind: 'RESIDENT',
    });
    const ago = (h: number) => new Date(clock.now().getTime() - h * HOUR).toISOString();
    const obligatory = await api.ok<{ id: string; volunteerService: boolean }>(
      SUBMIT,
      { i: log(place, ago(10), ago(7), { assignmentId: bookingId, communityId: null }) },
      token,
    );
    expect(obligatory.volunteerService).toBe(false);
    const volunteer = await api.ok<{ id: string }>(
      SUBMIT,
      { i: log(place, ago(5), ago(2.5)) },
      token,
    );
    // submitted, not verified: it does not count
    await api.ok(SUBMIT, { i: log(place, ago(2), ago(0.5)) }, token);
    await api.ok(VERIFY, { ids: [obligatory.id, volunteer.id] }, committee);
    expect(await api.ok(STARS, {}, token)).toEqual({
      volunteerHours: 2.5,
      level: 1,
      nextLevelHours: 5,
    });
    const told = await api.app.get(UnitOfWork).query<{ key: string }>(sql`
      SELECT key FROM notification WHERE member_id = ${member.id} AND template = 'STAR_LEVEL_REACHED'`);
    expect(told).toEqual([{ key: `star-level:${member.id}:1` }]);
  });
});
