import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql, UnitOfWork } from '#database';
import { ComplianceReminders } from '#domain/commitments';
import type { MemberView } from '#domain/members';
import { TaskTypesService } from '#domain/task-types';
import {
  createDispatchPlace,
  createPastBooking,
  createGroupLeader,
  createResident,
  createSeconded,
  eventually,
  operatorActor,
  signIn,
  startTestApi,
  startTestWorker,
  TestClock,
  unique,
  type DispatchPlace,
  type TestApi,
  type TestWorker,
} from '#testing';

const SIGN = `mutation($i: CommitmentInput!) { r: signCommitment(input: $i) { id hoursPerMonth endedAt } }`;
const WITHDRAW = `mutation { r: withdrawCommitment { id endedAt } }`;
const REQUIRE = `mutation($i: ServiceRequirementInput!) { r: setServiceRequirement(input: $i) {
  id period minHours minActivities } }`;
const MINE = `query($d: LocalDate) { r: myCompliance(asOf: $d) {
  kind ownerName hours activities requiredHours requiredActivities met behind period { label start end } } }`;
const SCOPED = `query($u: UUID, $c: UUID, $g: UUID, $b: Boolean) {
  r: compliance(unitId: $u, communityId: $c, partyGroupId: $g, behindOnly: $b, first: 100) {
    totalCount items { memberId kind hours met behind } } }`;
const SUBMIT = `mutation($i: DutyLogInput!) { r: submitDutyLog(input: $i) { id volunteerService } }`;
const BACKFILL = `mutation($i: BackfillDutyLogInput!) { r: backfillDutyLog(input: $i) { id } }`;
const VERIFY = `mutation($ids: [UUID!]!) { r: verifyDutyLogs(ids: $ids) { id } }`;
const CORRECT = `mutation($id: UUID!, $i: DutyLogInput!) { r: correctDutyLog(id: $id, input: $i) { id } }`;

const HOUR = 3_600_000;

interface Standing {
  kind: string;
  ownerName: string | null;
  hours: number;
  activities: number;
  met: boolean;
  behind: boolean;
  period: { label: string };
}

/**
 * Commitments members sign and requirements units and communities set:
 * compliance counts verified logs only, and a commitment (a volunteering
 * pledge) never counts obligatory duty; a weekly job reminds the members
 * behind, and their group leaders, once a week.
 */
describe('commitments, requirements and compliance', () => {
  // Tuesday 24 November 2026, noon in Beijing: 23 of November's 30 days and
  // 54 of Q4's 92 gone before it
  const clock = new TestClock(new Date('2026-11-24T04:00:00Z'));
  let api: TestApi;
  let worker: TestWorker;

  beforeAll(async () => {
    api = await startTestApi({ clock });
    worker = await startTestWorker({ clock });
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  const tokenOf = (member: MemberView) =>
    signIn(api.app, [{ role: 'MEMBER', memberId: member.id }]);
  /** Moves the clock (the API's and the worker's) forward to an instant. */
  const advanceTo = (iso: string) => {
    const by = Date.parse(iso) - clock.now().getTime();
    if (by < 0) throw new Error(`the clock is already past ${iso}`);
    clock.advance(by);
  };
  const ago = (hours: number) => new Date(clock.now().getTime() - hours * HOUR).toISOString();
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
  const byKind = (standings: Standing[]) =>
    Object.fromEntries(standings.map((s) => [s.kind, s])) as Record<string, Standing>;

  /** A booking of the member on a task of a type that is not volunteer service, this morning. */
  async function obligatoryBooking(place: DispatchPlace, member: MemberView): Promise<string> {
    const duty = await api.app.get(TaskTypesService).createTaskType(operatorActor(), {
      name: unique('门岗值守'),
      basicKnowledge: 'LOW',
      professionalKnowledge: 'HIGH',
      intensity: 'LIGHT',
      requiredSkills: [],
      defaultDurationMinutes: 180,
      countsAsVolunteerService: false,
    });
    return createPastBooking(api.app, {
      place,
      memberId: member.id,
      taskTypeId: duty.id,
      hoursAgo: 10,
      slotKind: 'SECONDED',
    });
  }

  it('counts verified hours only, and never obligatory duty towards a commitment', async () => {
    const place = await createDispatchPlace(api.app);
    const member = await createSeconded(api.app, place);
    const token = await tokenOf(member);
    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    const hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: place.unit.id }]);

    await api.ok(SIGN, { i: { hoursPerMonth: 3, note: '每月服务3小时' } }, token);
    await api.ok(
      REQUIRE,
      { i: { unitId: place.unit.id, period: 'QUARTER', minHours: 6, minActivities: 3 } },
      hr,
    );
    await api.ok(
      REQUIRE,
      { i: { communityId: place.community.id, period: 'MONTH', minHours: 2 } },
      committee,
    );

    const volunteer = await api.ok<{ id: string }>(
      SUBMIT,
      { i: log(place, ago(26), ago(24)) },
      token,
    );
    const duty = await api.ok<{ id: string; volunteerService: boolean }>(
      SUBMIT,
      {
        i: log(place, ago(10), ago(7), {
          assignmentId: await obligatoryBooking(place, member),
          communityId: null,
        }),
      },
      token,
    );
    expect(duty.volunteerService).toBe(false);
    // October, backfilled by the committee: in the quarter, not in the month
    const october = await api.ok<{ id: string }>(
      BACKFILL,
      {
        i: {
          ...log(place, '2026-10-12T01:00:00Z', '2026-10-12T05:00:00Z'),
          memberId: member.id,
          reason: '纸质台账补录',
        },
      },
      committee,
    );
    // submitted, never verified: counts for nothing
    await api.ok(SUBMIT, { i: log(place, ago(5), ago(3.5)) }, token);
    await api.ok(VERIFY, { ids: [volunteer.id, duty.id, october.id] }, committee);

    const standing = byKind(await api.ok<Standing[]>(MINE, {}, token));
    expect(standing.COMMITMENT).toMatchObject({
      hours: 2, // the volunteer service only: not the duty (3 h), not the unverified log
      met: false,
      behind: true, // 2 h of 3 with 23 of 30 days gone
      period: { label: '2026-11' },
    });
    expect(standing.UNIT_REQUIREMENT).toMatchObject({
      ownerName: place.unit.name,
      hours: 9, // 2 + 3 + 4: a seconded member's duty counts for the unit
      activities: 3,
      met: true,
      period: { label: '2026-Q4' },
    });
    expect(standing.COMMUNITY_REQUIREMENT).toMatchObject({ hours: 5, met: true });

    // a verified correction replaces the log it corrects; the two never add up
    const correction = await api.ok<{ id: string }>(
      CORRECT,
      { id: volunteer.id, i: log(place, ago(27.5), ago(24)) },
      token,
    );
    expect(byKind(await api.ok<Standing[]>(MINE, {}, token)).COMMITMENT?.hours).toBe(2);
    await api.ok(VERIFY, { ids: [correction.id] }, committee);
    expect(byKind(await api.ok<Standing[]>(MINE, {}, token)).COMMITMENT).toMatchObject({
      hours: 3.5,
      met: true,
      behind: false,
    });

    // a past day is judged by what stood then: nothing was signed or set in October
    expect(await api.ok(MINE, { d: '2026-10-15' }, token)).toEqual([]);
    // nor counts logs after it: a day on, a new hour counts today, not for yesterday
    clock.advance(24 * HOUR);
    const [tomorrow, committeeTomorrow] = [
      await tokenOf(member),
      await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: place.community.id }]),
    ];
    const extra = await api.ok<{ id: string }>(SUBMIT, { i: log(place, ago(2), ago(1)) }, tomorrow);
    await api.ok(VERIFY, { ids: [extra.id] }, committeeTomorrow);
    const hoursOn = async (day: string | null) =>
      byKind(await api.ok<Standing[]>(MINE, { d: day }, tomorrow)).COMMUNITY_REQUIREMENT?.hours;
    expect(await hoursOn(null)).toBe(7.5); // 3.5 corrected + 3 duty + 1
    expect(await hoursOn('2026-11-24')).toBe(6.5);
    // the commitment withdrawn, it no longer counts
    await api.ok(WITHDRAW, {}, tomorrow);
    expect(byKind(await api.ok<Standing[]>(MINE, {}, tomorrow)).COMMITMENT).toBeUndefined();
  });

  it('shows each office only its own members, and refuses another unit’s', async () => {
    const place = await createDispatchPlace(api.app);
    const other = await createDispatchPlace(api.app);
    const ours = await createSeconded(api.app, place);
    const theirs = await createSeconded(api.app, other);
    const hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: place.unit.id }]);
    const otherHr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: other.unit.id }]);
    await api.ok(REQUIRE, { i: { unitId: place.unit.id, period: 'HALF_YEAR', minHours: 20 } }, hr);
    await api.ok(
      REQUIRE,
      { i: { unitId: other.unit.id, period: 'HALF_YEAR', minActivities: 5 } },
      otherHr,
    );

    const list = await api.ok<{ totalCount: number; items: { memberId: string }[] }>(
      SCOPED,
      { u: place.unit.id },
      hr,
    );
    expect(list.items.map((i) => i.memberId)).toEqual([ours.id]);
    expect(list.items.map((i) => i.memberId)).not.toContain(theirs.id);
    expect(await api.errorOf(SCOPED, { u: other.unit.id }, hr)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      await api.errorOf(REQUIRE, { i: { unitId: other.unit.id, period: 'YEAR', minHours: 1 } }, hr),
    ).toMatchObject({ code: 'FORBIDDEN' });
    // a member cannot read the list at all
    expect(await api.errorOf(SCOPED, { u: place.unit.id }, await tokenOf(ours))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('refuses bad commitments and requirements with their codes, changing nothing', async () => {
    const place = await createDispatchPlace(api.app);
    const member = await createResident(api.app, place);
    const token = await tokenOf(member);
    const hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: place.unit.id }]);
    for (const [input, field] of [
      [{ hoursPerMonth: 0 }, 'hoursPerMonth'],
      [{ hoursPerMonth: 1.25 }, 'hoursPerMonth'],
      [{ hoursPerMonth: 201 }, 'hoursPerMonth'],
      [{ hoursPerMonth: 3, note: '说明\u202e' }, 'note'],
    ] as const) {
      expect(await api.errorOf(SIGN, { i: input }, token)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    expect(await api.errorOf(WITHDRAW, {}, token)).toMatchObject({ code: 'NO_COMMITMENT' });
    for (const [input, field] of [
      [{ unitId: place.unit.id, period: 'QUARTER' }, 'minHours'],
      [{ unitId: place.unit.id, period: 'QUARTER', minHours: 0 }, 'minHours'],
      [{ unitId: place.unit.id, period: 'QUARTER', minActivities: 0 }, 'minActivities'],
      [{ period: 'QUARTER', minHours: 4 }, 'unitId'],
      [
        { unitId: place.unit.id, communityId: place.community.id, period: 'QUARTER', minHours: 4 },
        'unitId',
      ],
    ] as const) {
      expect(await api.errorOf(REQUIRE, { i: input }, hr)).toMatchObject({ field });
    }
    const [counts] = await api.app.get(UnitOfWork).query<{ c: number; r: number }>(sql`
      SELECT (SELECT count(*) FROM commitment WHERE member_id = ${member.id})::int AS c,
             (SELECT count(*) FROM service_requirement WHERE unit_id = ${place.unit.id})::int AS r`);
    expect(counts).toEqual({ c: 0, r: 0 });
  });

  it('reminds the members behind, and their group leader, once a week', async () => {
    const place = await createDispatchPlace(api.app);
    const resident = await createResident(api.app, place, { name: '王小明' });
    const seconded = await createSeconded(api.app, place, { name: '李华' });
    const keen = await createResident(api.app, place, { name: '赵敏' });
    const leader = await createResident(api.app, place);
    const groupId = await createGroupLeader(api.app, place, leader.id);
    for (const member of [resident, seconded, keen]) {
      await api.app.get(UnitOfWork).query(sql`
        INSERT INTO group_assignment (member_id, party_group_id, role)
        VALUES (${member.id}, ${groupId}, 'MEMBER')`);
    }
    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    await api.ok(SIGN, { i: { hoursPerMonth: 4 } }, await tokenOf(resident));
    await api.ok(SIGN, { i: { hoursPerMonth: 2 } }, await tokenOf(keen));
    const kept = await api.ok<{ id: string }>(
      SUBMIT,
      { i: log(place, ago(30), ago(27)) },
      await tokenOf(keen),
    );
    await api.ok(VERIFY, { ids: [kept.id] }, committee);
    await api.ok(
      REQUIRE,
      { i: { communityId: place.community.id, period: 'QUARTER', minHours: 8, minActivities: 2 } },
      committee,
    );
    // leading the group makes its leader's sign-in a GROUP_LEADER's
    const leaderToken = await tokenOf(leader);
    const behind = await api.ok<{ items: { memberId: string; kind: string }[] }>(
      SCOPED,
      { g: groupId, b: true },
      leaderToken,
    );
    expect(behind.items.map((i) => [i.memberId, i.kind]).sort()).toEqual(
      [
        [resident.id, 'COMMITMENT'],
        [seconded.id, 'COMMUNITY_REQUIREMENT'],
      ].sort(),
    );

    const reminders = worker.module.get(ComplianceReminders);
    await reminders.remindBehind();
    await reminders.remindBehind(); // the job again the same week: nobody is told twice
    const sentTo = (member: MemberView) =>
      worker.channel.sent.filter(
        (m) =>
          m.template !== 'MEMBER_WELCOME' &&
          m.recipient.kind === 'MEMBER' &&
          m.recipient.memberId === member.id,
      );
    const written = async (member: MemberView) =>
      (
        await api.app.get(UnitOfWork).query<{ template: string }>(sql`
          SELECT template FROM notification
           WHERE member_id = ${member.id} AND template LIKE '%COMPLIANCE_BEHIND'`)
      ).map((row) => row.template);
    expect(await written(resident)).toEqual(['COMPLIANCE_BEHIND']);
    expect(await written(leader)).toEqual(['GROUP_COMPLIANCE_BEHIND']);
    expect(await written(keen)).toEqual([]);
    await eventually(
      () => sentTo(resident).length > 0 && sentTo(seconded).length > 0 && sentTo(leader).length > 0,
    );
    expect(sentTo(resident).map((m) => m.template)).toEqual(['COMPLIANCE_BEHIND']);
    expect(sentTo(resident)[0]?.text).toContain(
      '您承诺每月服务4小时，本月（至11月30日）已服务0小时',
    );
    expect(sentTo(seconded)[0]?.text).toContain(
      `${place.community.name}要求至12月31日服务8小时、参加2次活动，您已服务0小时、参加0次`,
    );
    expect(sentTo(keen)).toEqual([]);
    const digest = sentTo(leader);
    expect(digest.map((m) => m.template)).toEqual(['GROUP_COMPLIANCE_BEHIND']);
    expect(digest[0]?.text).toContain('2名党员');
    expect(digest[0]?.text).toContain(resident.name);
    expect(digest[0]?.text).toContain(seconded.name);
    expect(digest[0]?.text).not.toContain(keen.name);

    // Tuesday 1 December, 10:00: a new week, but nobody is behind on a month's first day
    advanceTo('2026-12-01T02:00:00Z');
    await reminders.remindBehind();
    expect(await written(resident)).toHaveLength(1);
    // a week later, still nothing served in December: reminded again
    advanceTo('2026-12-08T02:00:00Z');
    await reminders.remindBehind();
    expect(await written(resident)).toHaveLength(2);
    await eventually(() => sentTo(resident).length === 2);
  });
});
