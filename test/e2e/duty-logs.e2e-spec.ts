import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql, UnitOfWork } from '#database';
import type { MemberView } from '#domain/members';
import {
  createDispatchPlace,
  createPastBooking,
  createGroupLeader,
  createResident,
  createSeconded,
  createTaskTypeOf,
  signIn,
  startTestApi,
  TestClock,
  unique,
  type DispatchPlace,
  type TestApi,
} from '#testing';

const SUBMIT = `mutation($i: DutyLogInput!) { r: submitDutyLog(input: $i) {
  id lineageId memberId communityId theme minutes status source volunteerService } }`;
const VERIFY = `mutation($ids: [UUID!]!) { r: verifyDutyLogs(ids: $ids) { id status decidedBy } }`;
const REJECT = `mutation($id: UUID!, $why: String!) { r: rejectDutyLog(id: $id, reason: $why) {
  id status rejectionReason } }`;
const CORRECT = `mutation($id: UUID!, $i: DutyLogInput!) { r: correctDutyLog(id: $id, input: $i) {
  id lineageId correctsId status } }`;
const CHAIN = `query($id: UUID!) { r: dutyLogChain(id: $id) { id status correctsId supersededBy } }`;
const LIST = `query($m: UUID) { r: dutyLogs(memberId: $m, first: 100) { totalCount items { id memberId } } }`;
const BACKFILL = `mutation($i: BackfillDutyLogInput!) { r: backfillDutyLog(input: $i) { id source status } }`;
const CALENDAR = `mutation($d: [CalendarDayInput!]!) { r: setWorkingCalendar(days: $d) { day working } }`;

const HOUR = 3_600_000;

interface Log {
  id: string;
  lineageId: string;
  status: string;
}

/**
 * Duty logs through GraphQL: a member submits (idempotent per request id,
 * never overlapping), every validation rule refuses and writes nothing,
 * the member's party group leader or the committee decides, a verified log
 * is final and corrected by a new log that supersedes it, and each role
 * reads only its own scope.
 */
describe('duty logs', () => {
  // a Tuesday noon in Beijing: a week of working days behind it
  const clock = new TestClock(new Date('2026-11-24T04:00:00Z'));
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ clock });
  });

  afterAll(async () => {
    await api.close();
  });

  const tokenOf = (member: MemberView) =>
    signIn(api.app, [{ role: 'MEMBER', memberId: member.id }]);
  const logsOf = async (member: MemberView) =>
    (
      await api.app.get(UnitOfWork).query<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM duty_log WHERE member_id = ${member.id}`)
    )[0]?.n;
  const ago = (hours: number) => new Date(clock.now().getTime() - hours * HOUR).toISOString();
  const input = (place: DispatchPlace, fields: Record<string, unknown> = {}) => ({
    clientRequestId: unique('app'),
    theme: '入户走访',
    content: '走访独居老人，了解冬季取暖情况',
    place: '东湖小区3栋',
    startsAt: ago(3),
    endsAt: ago(1),
    communityId: place.community.id,
    ...fields,
  });
  /** A party group of the place with its leader and these members. */
  async function group(place: DispatchPlace, leader: MemberView, members: MemberView[]) {
    const groupId = await createGroupLeader(api.app, place, leader.id);
    for (const member of members) {
      await api.app.get(UnitOfWork).query(sql`
        INSERT INTO group_assignment (member_id, party_group_id, role)
        VALUES (${member.id}, ${groupId}, 'MEMBER')`);
    }
    return tokenOf(leader);
  }

  it('returns the first log for a repeated request id, and stores one of concurrent overlapping logs', async () => {
    const place = await createDispatchPlace(api.app);
    const member = await createResident(api.app, place);
    const token = await tokenOf(member);
    const first = input(place);
    const log = await api.ok<Log & { minutes: number; source: string }>(
      SUBMIT,
      { i: first },
      token,
    );
    expect(log).toMatchObject({
      status: 'SUBMITTED',
      source: 'MANUAL',
      minutes: 120,
      volunteerService: true,
    });
    // the app retries, days later, even with edited text: the same log, nothing new
    clock.advance(48 * HOUR);
    const later = await tokenOf(member);
    const again = await api.ok<Log>(SUBMIT, { i: { ...first, theme: '改过的主题' } }, later);
    expect(again.id).toBe(log.id);
    expect(await logsOf(member)).toBe(1);

    const window = { startsAt: ago(8), endsAt: ago(6) };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.gql(SUBMIT, { i: input(place, window) }, { token: later }),
      ),
    );
    const stored = answers.filter((a) => a.errors === undefined);
    expect(stored).toHaveLength(1);
    expect(
      answers.filter((a) => a.errors?.[0]?.extensions.code === 'DUTY_LOG_OVERLAP'),
    ).toHaveLength(19);
    expect(await logsOf(member)).toBe(2);
  });

  it('refuses every broken rule with its code and writes nothing', async () => {
    const place = await createDispatchPlace(api.app);
    const elsewhere = await createDispatchPlace(api.app);
    const member = await createResident(api.app, place);
    const token = await tokenOf(member);
    await api.ok(SUBMIT, { i: input(place, { startsAt: ago(30), endsAt: ago(29) }) }, token);
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ endsAt: ago(4) }, { code: 'BAD_USER_INPUT', field: 'endsAt' }],
      [{ startsAt: ago(15) }, { code: 'BAD_USER_INPUT', field: 'endsAt' }],
      [{ endsAt: new Date(clock.now().getTime() + HOUR).toISOString() }, { field: 'endsAt' }],
      [{ theme: '  ' }, { code: 'BAD_USER_INPUT', field: 'theme' }],
      [{ content: '内容\u202e' }, { field: 'content' }],
      [{ place: '地'.repeat(201) }, { field: 'place' }],
      [{ communityId: null }, { field: 'communityId' }],
      [{ communityId: elsewhere.community.id }, { code: 'DUTY_LOG_NOT_YOURS' }],
      [{ startsAt: ago(30.5), endsAt: ago(29.5) }, { code: 'DUTY_LOG_OVERLAP' }],
      // three weeks ago: more than ten working days
      [
        { startsAt: ago(21 * 24 + 2), endsAt: ago(21 * 24) },
        { code: 'DUTY_LOG_TOO_OLD', field: 'startsAt' },
      ],
    ];
    for (const [fields, expected] of cases) {
      expect(await api.errorOf(SUBMIT, { i: input(place, fields) }, token)).toMatchObject(expected);
    }
    expect(await logsOf(member)).toBe(1);
  });

  it('counts the age in working days by the calendar: a week of holidays lets an older log in', async () => {
    const place = await createDispatchPlace(api.app);
    const member = await createResident(api.app, place);
    const token = await tokenOf(member);
    // 14 days ago is ten working days ago; one more day is too old...
    const fifteen = { startsAt: ago(15 * 24 + 2), endsAt: ago(15 * 24) };
    expect(await api.errorOf(SUBMIT, { i: input(place, fifteen) }, token)).toMatchObject({
      code: 'DUTY_LOG_TOO_OLD',
    });
    // ...unless a holiday lies between (the operator loads the State Council's calendar)
    const operator = await signIn(api.app, [{ role: 'OPERATOR' }]);
    const day = new Date(clock.now().getTime() - 7 * 24 * HOUR).toISOString().slice(0, 10);
    await api.ok(CALENDAR, { d: [{ day, working: false, name: '测试假日' }] }, operator);
    await api.ok(SUBMIT, { i: input(place, fifteen) }, token);
    await api.ok(CALENDAR, { d: [{ day, working: true, name: '测试假日（撤销）' }] }, operator);
  });

  it('is decided by the member’s group leader or the committee only, and a verified log is final', async () => {
    const place = await createDispatchPlace(api.app);
    const [member, leaderA, leaderB, other] = [
      await createSeconded(api.app, place),
      await createSeconded(api.app, place),
      await createSeconded(api.app, place),
      await createSeconded(api.app, place),
    ];
    const tokenA = await group(place, leaderA, [member]);
    const tokenB = await group(place, leaderB, [other]);
    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    const memberToken = await tokenOf(member);
    const log = await api.ok<Log>(SUBMIT, { i: input(place) }, memberToken);
    const second = await api.ok<Log>(
      SUBMIT,
      { i: input(place, { startsAt: ago(6), endsAt: ago(5) }) },
      memberToken,
    );

    expect(await api.errorOf(VERIFY, { ids: [log.id] }, tokenB)).toMatchObject({
      code: 'DUTY_LOG_NOT_VERIFIER',
    });
    // all or none: one log the leader may not decide refuses the whole batch
    const othersLog = await api.ok<Log>(SUBMIT, { i: input(place) }, await tokenOf(other));
    expect(await api.errorOf(VERIFY, { ids: [log.id, othersLog.id] }, tokenA)).toMatchObject({
      code: 'DUTY_LOG_NOT_VERIFIER',
    });
    const verified = await api.ok<{ id: string; status: string }[]>(
      VERIFY,
      { ids: [log.id] },
      tokenA,
    );
    expect(verified).toEqual([expect.objectContaining({ id: log.id, status: 'VERIFIED' })]);
    expect(await api.errorOf(VERIFY, { ids: [log.id] }, tokenA)).toMatchObject({
      code: 'DUTY_LOG_DECIDED',
    });
    expect(await api.errorOf(REJECT, { id: log.id, why: '时间不符' }, committee)).toMatchObject({
      code: 'DUTY_LOG_DECIDED',
    });
    const rejected = await api.ok<{ status: string; rejectionReason: string }>(
      REJECT,
      { id: second.id, why: '当天无此活动安排' },
      committee,
    );
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: '当天无此活动安排' });
    // the database refuses any change to a decided log, whatever the path
    await expect(
      api.app.get(UnitOfWork).query(sql`UPDATE duty_log SET theme = '改' WHERE id = ${log.id}`),
    ).rejects.toThrow('final');

    // a correction: a new log, the verified one standing until it is verified
    const correction = await api.ok<Log & { correctsId: string }>(
      CORRECT,
      { id: log.id, i: input(place, { startsAt: ago(3), endsAt: ago(0.5) }) },
      memberToken,
    );
    expect(correction).toMatchObject({
      correctsId: log.id,
      lineageId: log.id,
      status: 'SUBMITTED',
    });
    expect(await api.errorOf(CORRECT, { id: log.id, i: input(place) }, memberToken)).toMatchObject({
      code: 'DUTY_LOG_CORRECTION_PENDING',
    });
    await api.ok(VERIFY, { ids: [correction.id] }, committee);
    expect(await api.ok(CHAIN, { id: correction.id }, memberToken)).toEqual([
      { id: log.id, status: 'SUPERSEDED', correctsId: null, supersededBy: correction.id },
      { id: correction.id, status: 'VERIFIED', correctsId: log.id, supersededBy: null },
    ]);
  });

  it('lets each role read only its scope, and the committee backfill with a reason', async () => {
    const place = await createDispatchPlace(api.app);
    const [mine, theirs] = [
      await createSeconded(api.app, place),
      await createResident(api.app, place),
    ];
    const [mineToken, theirsToken] = [await tokenOf(mine), await tokenOf(theirs)];
    const myLog = await api.ok<Log>(SUBMIT, { i: input(place) }, mineToken);
    const theirLog = await api.ok<Log>(SUBMIT, { i: input(place) }, theirsToken);
    const own = await api.ok<{ items: { id: string }[] }>(LIST, {}, mineToken);
    expect(own.items.map((l) => l.id)).toEqual([myLog.id]);
    expect(await api.errorOf(CHAIN, { id: theirLog.id }, mineToken)).toMatchObject({
      code: 'NOT_FOUND',
    });
    // unit HR: their unit's seconded members only (the resident belongs to no unit)
    const hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: place.unit.id }]);
    const unitLogs = await api.ok<{ items: { memberId: string }[] }>(LIST, {}, hr);
    expect(new Set(unitLogs.items.map((l) => l.memberId))).toEqual(new Set([mine.id]));
    const otherHr = await signIn(api.app, [
      { role: 'UNIT_HR', unitId: (await createDispatchPlace(api.app)).unit.id },
    ]);
    expect((await api.ok<{ totalCount: number }>(LIST, { m: mine.id }, otherHr)).totalCount).toBe(
      0,
    );

    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    const old = { startsAt: ago(40 * 24 + 2), endsAt: ago(40 * 24) };
    const late = await api.ok<{ source: string; status: string }>(
      BACKFILL,
      { i: { ...input(place, old), memberId: theirs.id, reason: '纸质台账补录' } },
      committee,
    );
    expect(late).toMatchObject({ source: 'BACKFILLED', status: 'SUBMITTED' });
    expect(
      await api.errorOf(
        BACKFILL,
        { i: { ...input(place, old), memberId: theirs.id, reason: ' ' } },
        committee,
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    // a booking of another community cannot be backfilled under this one's name
    const elsewhere = await createDispatchPlace(api.app);
    const bookingId = await createPastBooking(api.app, {
      place: elsewhere,
      memberId: theirs.id,
      taskTypeId: await createTaskTypeOf(api.app, 'ROUTINE'),
      hoursAgo: 5,
      slotKind: 'RESIDENT',
    });
    expect(
      await api.errorOf(
        BACKFILL,
        {
          i: {
            ...input(place, { startsAt: ago(5), endsAt: ago(4), assignmentId: bookingId }),
            memberId: theirs.id,
            reason: '纸质台账补录',
          },
        },
        committee,
      ),
    ).toMatchObject({ code: 'DUTY_LOG_NOT_YOURS' });
  });
});
