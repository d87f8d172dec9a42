import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql, UnitOfWork } from '#database';
import { DemandsService } from '#domain/demands';
import { DispatchService, OffersService } from '#domain/dispatch';
import type { MemberView } from '#domain/members';
import {
  committeeActor,
  createDispatchPlace,
  createDraftTask,
  createPastBooking,
  createResident,
  createSeconded,
  createTaskTypeOf,
  drainQueue,
  memberActor,
  signIn,
  startTestApi,
  startTestWorker,
  TestClock,
  unique,
  type DispatchPlace,
  type TestApi,
  type TestWorker,
} from '#testing';
import { QUEUES } from '#queue';

const BACKFILL = `mutation($i: BackfillDutyLogInput!) { r: backfillDutyLog(input: $i) { id } }`;
const SUBMIT = `mutation($i: DutyLogInput!) { r: submitDutyLog(input: $i) { id } }`;
const VERIFY = `mutation($ids: [UUID!]!) { r: verifyDutyLogs(ids: $ids) { id } }`;
const REJECT = `mutation($id: UUID!) { r: rejectDutyLog(id: $id, reason: "与台账不符") { id } }`;
const CORRECT = `mutation($id: UUID!, $i: DutyLogInput!) { r: correctDutyLog(id: $id, input: $i) { id } }`;
const CREATE_POST = `mutation($i: CreatePostInput!) { r: createPost(input: $i) { id } }`;
const CLAIM_POST = `mutation($i: ClaimPostInput!) { r: claimPost(input: $i) { id } }`;
const DASHBOARD = `query($c: UUID!, $p: ReportPeriodInput!) { r: communityDashboard(communityId: $c, period: $p) {
  communityName period { fromMonth toMonth months } hours volunteerHours activities volunteers
  byMonth { month hours activities }
  byCategory { month category hours activities }
  byPartyGroup { month id name hours activities }
  byTeam { month id name hours activities }
  byKind { kind volunteers hours activities hoursShare }
  topVolunteers { memberId name kind hours activities }
  demands { received rejected filled waiting unanswered medianMinutes p90Minutes }
  tasks { tasks completed cancelled escalated unfilled }
  openTasks { dispatching unfilled escalated }
  posts { postId name shifts places booked noShows coverage }
  postCoverage } }`;

const HOUR = 3_600_000;
const MINUTE = 60_000;
const PERIOD = { fromMonth: '2037-10', toMonth: '2037-11' };

interface Cell {
  month: string;
  hours: number;
  activities: number;
}
interface Dashboard {
  communityName: string;
  period: { fromMonth: string; toMonth: string; months: number };
  hours: number;
  volunteerHours: number;
  activities: number;
  volunteers: number;
  byMonth: Cell[];
  byCategory: (Cell & { category: string })[];
  byPartyGroup: (Cell & { id: string | null; name: string | null })[];
  byTeam: (Cell & { id: string | null; name: string | null })[];
  byKind: {
    kind: string;
    volunteers: number;
    hours: number;
    activities: number;
    hoursShare: number;
  }[];
  topVolunteers: {
    memberId: string;
    name: string;
    kind: string;
    hours: number;
    activities: number;
  }[];
  demands: Record<string, number | null>;
  tasks: Record<string, number>;
  openTasks: Record<string, number>;
  posts: {
    postId: string;
    name: string;
    shifts: number;
    places: number;
    booked: number;
    noShows: number;
    coverage: number;
  }[];
  postCoverage: number;
}

/** One verified log as the test keeps track of it, to sum independently of the rollup. */
interface Kept {
  memberId: string;
  month: string;
  category: string;
  minutes: number;
}

const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
const ratio = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000;

/** Sums the kept logs by a key, as the dashboard's cells: hours and activities. */
function sumBy(kept: readonly Kept[], key: (log: Kept) => string) {
  const sums = new Map<string, { minutes: number; activities: number }>();
  for (const log of kept) {
    const sum = sums.get(key(log)) ?? { minutes: 0, activities: 0 };
    sums.set(key(log), { minutes: sum.minutes + log.minutes, activities: sum.activities + 1 });
  }
  return sums;
}

/**
 * The community dashboard against what the test itself did: verified
 * service (with rejections, a correction and a log at a month boundary)
 * summed by month, category, party group and team (a member who moved
 * counts where they spent most of the month), kind and member; demands answered after known
 * waits; tasks escalated (in an earlier round too), unfilled, cancelled and
 * open; shifts booked. Another community's service never shows, and
 * another committee is refused.
 */
describe('community dashboard', () => {
  // Tuesday 24 November 2037, noon in Beijing: a date ahead of the real one, as
  // BullMQ times delayed jobs (offer expiries) by the real clock and the relay
  // stamps them with this one; in the past they would all be due at once
  const clock = new TestClock(new Date('2037-11-24T04:00:00Z'));
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

  const committeeOf = (place: DispatchPlace) =>
    signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: place.community.id }]);
  const logInput = (place: DispatchPlace, startsAt: Date, minutes: number) => ({
    clientRequestId: unique('app'),
    theme: '入户走访',
    content: '走访独居老人',
    place: '东湖小区',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + minutes * MINUTE).toISOString(),
    communityId: place.community.id,
  });

  /** One stretch of a member in the party group or a team, ended at `to` or open. */
  interface Spell {
    memberId: string;
    target: 'group' | 'team' | 'otherTeam';
    from: string;
    to?: string;
  }

  /** A party group and two teams of the community, and the members' spells in them. */
  async function organise(place: DispatchPlace, spells: Spell[]) {
    const uow = api.app.get(UnitOfWork);
    const [group] = await uow.query<{ id: string; name: string }>(sql`
      WITH branch AS (
        INSERT INTO temporary_branch (community_id, name, purpose, starts_on)
        VALUES (${place.community.id}, ${unique('临时党支部')}, '测试', '2037-09-01') RETURNING id)
      INSERT INTO party_group (branch_id, community_id, courtyard_id, name)
      SELECT id, ${place.community.id}, ${place.courtyard.id}, ${unique('党小组')} FROM branch
      RETURNING id, name`);
    const teams = await uow.query<{ id: string; name: string }>(sql`
      INSERT INTO team (community_id, name, kind, specialty)
      VALUES (${place.community.id}, ${unique('志愿服务队')}, 'RESIDENT_TEAM', '助老'),
             (${place.community.id}, ${unique('志愿服务队')}, 'RESIDENT_TEAM', '环境')
      RETURNING id, name`);
    const [team, otherTeam] = teams;
    if (!group || !team || !otherTeam) throw new Error('organisation insert returned nothing');
    const targets = { group, team, otherTeam };
    for (const spell of spells) {
      const id = targets[spell.target].id;
      await uow.query(sql`
        INSERT INTO group_assignment (member_id, party_group_id, team_id, role, started_at,
                                      ended_at, end_reason)
        VALUES (${spell.memberId}, ${spell.target === 'group' ? id : null}::uuid,
                ${spell.target === 'group' ? null : id}::uuid, 'MEMBER',
                ${spell.from}::timestamptz, ${spell.to ?? null}::timestamptz,
                ${spell.to ? 'ENDED' : null})`);
    }
    return targets;
  }

  it('adds up the community’s service, demands, tasks and posts as they happened', async () => {
    const place = await createDispatchPlace(api.app);
    const elsewhere = await createDispatchPlace(api.app);
    const committee = await committeeOf(place);
    const seconded = [await createSeconded(api.app, place), await createSeconded(api.app, place)];
    const residents = [
      await createResident(api.app, place),
      await createResident(api.app, place),
      await createResident(api.app, place),
    ];
    const [s1, s2] = seconded as [MemberView, MemberView];
    const [r1, r2, r3] = residents as [MemberView, MemberView, MemberView];
    // A member's month counts where they spent the most of it. s2 leaves the
    // group on 10 November: November is still the group's (in no other).
    // r2 leaves the team on 20 October: October is the team's, November none's.
    // r3 joins the group on 14 November. r3 is in the team 2–10 and 12–22
    // November (18 days in all) and in the other team from the 18th (13 days,
    // the longest single spell): the team.
    const { group, team } = await organise(place, [
      { memberId: s1.id, target: 'group', from: '2037-09-01T00:00:00+08:00' },
      {
        memberId: s2.id,
        target: 'group',
        from: '2037-09-01T00:00:00+08:00',
        to: '2037-11-10T00:00:00+08:00',
      },
      { memberId: r1.id, target: 'team', from: '2037-09-01T00:00:00+08:00' },
      {
        memberId: r2.id,
        target: 'team',
        from: '2037-09-01T00:00:00+08:00',
        to: '2037-10-20T00:00:00+08:00',
      },
      { memberId: r3.id, target: 'group', from: '2037-11-14T00:00:00+08:00' },
      {
        memberId: r3.id,
        target: 'team',
        from: '2037-11-02T00:00:00+08:00',
        to: '2037-11-10T00:00:00+08:00',
      },
      {
        memberId: r3.id,
        target: 'team',
        from: '2037-11-12T00:00:00+08:00',
        to: '2037-11-22T00:00:00+08:00',
      },
      { memberId: r3.id, target: 'otherTeam', from: '2037-11-18T00:00:00+08:00' },
    ]);

    // Self-initiated service backfilled by the committee: verified, rejected, or
    // verified and then corrected; the test keeps what should count.
    const kept = new Map<string, Kept>();
    const monthOf = (at: Date) => new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 7); // Beijing has no DST
    const plan: [MemberView, string, number, 'verify' | 'reject' | 'correct'][] = [
      [s1, '2037-10-03T02:00:00Z', 120, 'verify'],
      [s1, '2037-11-12T02:00:00Z', 90, 'verify'],
      [s2, '2037-10-15T02:00:00Z', 60, 'verify'],
      [s2, '2037-11-15T02:00:00Z', 240, 'correct'],
      [s2, '2037-11-16T02:00:00Z', 30, 'reject'],
      [r1, '2037-10-31T16:30:00Z', 150, 'verify'], // 1 November, 00:30 in Beijing
      [r1, '2037-11-02T02:00:00Z', 45, 'verify'],
      [r2, '2037-10-05T02:00:00Z', 180, 'verify'],
      [r2, '2037-11-05T02:00:00Z', 60, 'verify'],
      [r3, '2037-11-20T02:00:00Z', 300, 'verify'],
      [r3, '2037-09-28T02:00:00Z', 100, 'verify'], // before the period
    ];
    for (const [member, at, minutes, fate] of plan) {
      const startsAt = new Date(at);
      const log = await api.ok<{ id: string }>(
        BACKFILL,
        {
          i: { ...logInput(place, startsAt, minutes), memberId: member.id, reason: '纸质台账补录' },
        },
        committee,
      );
      if (fate === 'reject') {
        await api.ok(REJECT, { id: log.id }, committee);
        continue;
      }
      await api.ok(VERIFY, { ids: [log.id] }, committee);
      if (fate === 'correct') {
        const memberToken = await signIn(api.app, [{ role: 'MEMBER', memberId: member.id }]);
        const correction = await api.ok<{ id: string }>(
          CORRECT,
          { id: log.id, i: logInput(place, startsAt, minutes - 30) },
          memberToken,
        );
        await api.ok(VERIFY, { ids: [correction.id] }, committee);
        kept.set(correction.id, {
          memberId: member.id,
          month: monthOf(startsAt),
          category: 'SELF_INITIATED',
          minutes: minutes - 30,
        });
      } else {
        kept.set(log.id, {
          memberId: member.id,
          month: monthOf(startsAt),
          category: 'SELF_INITIATED',
          minutes,
        });
      }
    }
    // a professional task s1 served this morning, logged from the app and verified
    const booking = await createPastBooking(api.app, {
      place,
      memberId: s1.id,
      taskTypeId: await createTaskTypeOf(api.app, 'PROFESSIONAL'),
      hoursAgo: 4,
      slotKind: 'SECONDED',
    });
    const served = await api.ok<{ id: string }>(
      SUBMIT,
      {
        i: {
          ...logInput(place, new Date(clock.now().getTime() - 4 * HOUR), 120),
          assignmentId: booking,
          communityId: null,
        },
      },
      await signIn(api.app, [{ role: 'MEMBER', memberId: s1.id }]),
    );
    await api.ok(VERIFY, { ids: [served.id] }, committee);
    kept.set(served.id, {
      memberId: s1.id,
      month: '2037-11',
      category: 'PROFESSIONAL',
      minutes: 120,
    });
    // service elsewhere, by a member of that community, never counts here
    const stranger = await createResident(api.app, elsewhere);
    const theirs = await api.ok<{ id: string }>(
      BACKFILL,
      {
        i: {
          ...logInput(elsewhere, new Date('2037-11-03T02:00:00Z'), 600),
          memberId: stranger.id,
          reason: '纸质台账补录',
        },
      },
      await committeeOf(elsewhere),
    );
    await api.ok(VERIFY, { ids: [theirs.id] }, await committeeOf(elsewhere));

    // Demands: two answered 30 and 90 minutes after they came in (the second's
    // task filled, left and filled again: the first fill answered it), one
    // rejected, one waiting, one whose task was cancelled, one merged into
    // the first.
    const demands = api.app.get(DemandsService);
    const dispatch = api.app.get(DispatchService);
    const offers = api.app.get(OffersService);
    const admin = committeeActor(place.community.id);
    const routine = await createTaskTypeOf(api.app, 'ROUTINE');
    const received = clock.now();
    const record = () =>
      demands.record(admin, {
        communityId: place.community.id,
        courtyardId: place.courtyard.id,
        description: '楼道灯坏了',
        urgency: 'NORMAL',
        channel: 'PHONE',
        requesterName: '李奶奶',
        requesterPhone: '13800138000',
      });
    const answered = [await record(), await record()];
    const rejected = await record();
    await record(); // waiting
    const dropped = await record();
    const merged = await record();
    await demands.merge(admin, merged.id, answered[0]!.id);
    await demands.reject(admin, rejected.id, '不属于社区服务范围');
    const tomorrow = new Date(received.getTime() + 24 * HOUR);
    const taskOf = async (demandId: string) => {
      await demands.accept(admin, demandId, [
        {
          taskTypeId: routine,
          title: '修楼道灯',
          startsAt: tomorrow,
          endsAt: new Date(tomorrow.getTime() + 2 * HOUR),
          headcount: 1,
          // the offers stay open while the test's clock moves on
          offerTimeoutMinutes: 240,
        },
      ]);
      const [task] = await api.app
        .get(UnitOfWork)
        .query<{ id: string }>(sql`SELECT id FROM task WHERE demand_id = ${demandId}`);
      await dispatch.publish(admin, task!.id);
      return task!.id;
    };
    const firstTask = await taskOf(answered[0]!.id);
    const secondTask = await taskOf(answered[1]!.id);
    await dispatch.cancel(admin, await taskOf(dropped.id), '居民已自行解决');
    // a draft cancelled before anyone saw it is no task of the period's
    await dispatch.cancel(
      admin,
      await createDraftTask(api.app, {
        place,
        taskTypeId: routine,
        startsAt: tomorrow,
        headcount: 1,
      }),
      '录入有误',
    );
    const dispatched = () => drainQueue(worker.module, QUEUES.dispatchRoutine.name);
    /** The member takes the task: accepts the offer the dispatcher made them, or claims it. */
    const take = async (member: MemberView, taskId: string) => {
      const [offer] = await api.app.get(UnitOfWork).query<{ id: string }>(sql`
        SELECT id FROM task_offer
         WHERE task_id = ${taskId} AND member_id = ${member.id} AND status = 'PENDING'`);
      return offer
        ? offers.accept(memberActor(member.id), offer.id)
        : offers.claim(memberActor(member.id), taskId);
    };
    await dispatched();
    clock.advance(30 * MINUTE);
    await take(r1, firstTask);
    clock.advance(60 * MINUTE);
    const left = await take(r2, secondTask);
    clock.advance(30 * MINUTE);
    await offers.withdraw(memberActor(r2.id), left.id);
    await dispatched();
    clock.advance(30 * MINUTE);
    await take(r3, secondTask);

    // Tasks nobody can take (a skill no one has) escalate to the committee
    // and stay UNFILLED. Then someone with the skill joins and the second is
    // sent out again: an offer is out, its escalation has started over.
    // A third is cancelled before it is sent to anyone.
    const unskilled = await createTaskTypeOf(api.app, 'ROUTINE', { requiredSkills: ['高空作业'] });
    const lonely: string[] = [];
    for (let i = 0; i < 3; i++) {
      const taskId = await createDraftTask(api.app, {
        place,
        taskTypeId: unskilled,
        startsAt: tomorrow,
        headcount: 1,
      });
      await dispatch.publish(admin, taskId);
      lonely.push(taskId);
    }
    await dispatch.cancel(admin, lonely[2]!, '居民已自行解决');
    await dispatched();
    await createResident(api.app, place, { skills: ['高空作业'] });
    await dispatch.redispatch(admin, lonely[1]!);
    await dispatched();
    const escalations = await api.app.get(UnitOfWork).query<{ escalation: string }>(sql`
      SELECT escalation FROM task WHERE id = ANY(${lonely}::uuid[]) ORDER BY array_position(${lonely}::uuid[], id)`);
    expect(escalations.map((t) => t.escalation)).toEqual(['COMMITTEE', 'NONE', 'NONE']);

    // A post with two places a weekday evening from 1 November: r1 takes
    // every shift, r2 three a month.
    const post = await api.ok<{ id: string }>(
      CREATE_POST,
      {
        i: {
          communityId: place.community.id,
          courtyardId: place.courtyard.id,
          taskTypeId: routine,
          name: '小区门岗值守',
          headcount: 2,
          slots: [{ weekdays: [1, 2, 3, 4, 5], startTime: '18:00', minutes: 180 }],
          startsOn: '2037-11-01',
        },
      },
      await committeeOf(place),
    );
    for (const [member, shiftsPerMonth] of [
      [r1, 62],
      [r2, 3],
    ] as const) {
      await api.ok(
        CLAIM_POST,
        {
          i: { postId: post.id, shiftsPerMonth, until: '2099-12-31', commitment: '按时到岗' },
        },
        await signIn(api.app, [{ role: 'MEMBER', memberId: member.id }]),
      );
    }
    await drainQueue(worker.module, 'maintenance');

    const dashboard = await api.ok<Dashboard>(
      DASHBOARD,
      { c: place.community.id, p: PERIOD },
      await committeeOf(place),
    );

    // service: the test's own sums, after checking its bookkeeping against the logs
    const uow = api.app.get(UnitOfWork);
    const verified = await uow.query<{ id: string; volunteer: boolean }>(sql`
      SELECT id, volunteer_service AS volunteer FROM duty_log
       WHERE community_id = ${place.community.id} AND status = 'VERIFIED'`);
    const inPeriod = [...kept.entries()].filter(([, log]) => log.month >= '2037-10');
    expect(verified.map((v) => v.id).sort()).toEqual([...kept.keys()].sort());
    const logs = inPeriod.map(([, log]) => log);
    const total = logs.reduce((sum, log) => sum + log.minutes, 0);
    const volunteerIds = new Set(verified.filter((v) => v.volunteer).map((v) => v.id));
    expect(dashboard.hours).toBe(hours(total));
    expect(dashboard.volunteerHours).toBe(
      hours(inPeriod.filter(([id]) => volunteerIds.has(id)).reduce((t, [, l]) => t + l.minutes, 0)),
    );
    expect(dashboard.activities).toBe(logs.length);
    expect(dashboard.volunteers).toBe(new Set(logs.map((l) => l.memberId)).size);
    const cells = (sums: ReturnType<typeof sumBy>) =>
      [...sums.entries()]
        .map(([key, s]) => ({ key, hours: hours(s.minutes), activities: s.activities }))
        .sort((a, b) => a.key.localeCompare(b.key));
    expect(
      cells(sumBy(logs, (l) => l.month)).map(({ key, ...c }) => ({ month: key, ...c })),
    ).toEqual(dashboard.byMonth);
    expect(
      dashboard.byCategory
        .map(({ month, category, ...c }) => ({ key: `${month} ${category}`, ...c }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual(cells(sumBy(logs, (l) => `${l.month} ${l.category}`)));
    // where each member was, month by month, as the spells above say
    const groupOf = (l: Kept) =>
      l.memberId === s1.id ||
      l.memberId === s2.id ||
      (l.memberId === r3.id && l.month === '2037-11')
        ? group.name
        : '-';
    const teamOf = (l: Kept) =>
      l.memberId === r1.id ||
      (l.memberId === r2.id && l.month === '2037-10') ||
      (l.memberId === r3.id && l.month === '2037-11')
        ? team.name
        : '-';
    const organisationCells = (rows: Dashboard['byTeam']) =>
      rows
        .map(({ month, name, id: _, ...c }) => ({ key: `${month} ${name ?? '-'}`, ...c }))
        .sort((a, b) => a.key.localeCompare(b.key));
    expect(organisationCells(dashboard.byPartyGroup)).toEqual(
      cells(sumBy(logs, (l) => `${l.month} ${groupOf(l)}`)),
    );
    expect(organisationCells(dashboard.byTeam)).toEqual(
      cells(sumBy(logs, (l) => `${l.month} ${teamOf(l)}`)),
    );
    expect(dashboard.byPartyGroup.find((c) => c.name === group.name)?.id).toBe(group.id);
    const kindOf = (memberId: string) =>
      seconded.some((m) => m.id === memberId) ? 'SECONDED' : 'RESIDENT';
    const byKind = sumBy(logs, (l) => kindOf(l.memberId));
    expect(dashboard.byKind).toEqual(
      ['RESIDENT', 'SECONDED'].map((kind) => ({
        kind,
        volunteers: new Set(logs.filter((l) => kindOf(l.memberId) === kind).map((l) => l.memberId))
          .size,
        hours: hours(byKind.get(kind)?.minutes ?? 0),
        activities: byKind.get(kind)?.activities ?? 0,
        hoursShare: ratio(byKind.get(kind)?.minutes ?? 0, total),
      })),
    );
    const byMember = sumBy(logs, (l) => l.memberId);
    expect(dashboard.topVolunteers.map((v) => [v.memberId, v.hours, v.activities])).toEqual(
      [...byMember.entries()]
        .sort(([, a], [, b]) => b.minutes - a.minutes || b.activities - a.activities)
        .map(([id, s]) => [id, hours(s.minutes), s.activities]),
    );
    expect(dashboard.topVolunteers.map((v) => v.memberId)).not.toContain(stranger.id);

    // demands: waits of 30 and 90 minutes
    expect(dashboard.demands).toEqual({
      received: 5,
      rejected: 1,
      filled: 2,
      waiting: 1,
      unanswered: 1,
      medianMinutes: 60,
      p90Minutes: 84,
    });
    // tasks starting tomorrow: two filled from demands, one of a demand
    // cancelled, two escalated (one sent out again since), one cancelled; the
    // past booking's task and the cancelled draft were never published
    expect(dashboard.tasks).toEqual({
      tasks: 6,
      completed: 0,
      cancelled: 2,
      escalated: 2,
      unfilled: 1,
    });
    expect(dashboard.openTasks).toEqual({ dispatching: 1, unfilled: 1, escalated: 1 });

    // the post's November shifts and their places booked, read from the rows
    const shifts = await uow.query<{ headcount: number; booked: number }>(sql`
      SELECT s.headcount, (SELECT count(*)::int FROM assignment a
                            WHERE a.shift_id = s.id AND a.status = 'ACCEPTED') AS booked
        FROM shift s WHERE s.post_id = ${post.id} AND s.starts_at < '2037-12-01T00:00:00+08:00'`);
    const places = shifts.reduce((t, s) => t + s.headcount, 0);
    const booked = shifts.reduce((t, s) => t + Math.min(s.headcount, s.booked), 0);
    expect(shifts.length).toBeGreaterThan(2);
    expect(booked).toBe(shifts.length + 3);
    expect(dashboard.posts).toEqual([
      {
        postId: post.id,
        name: '小区门岗值守',
        shifts: shifts.length,
        places,
        booked,
        noShows: 0,
        coverage: ratio(booked, places),
      },
    ]);
    expect(dashboard.postCoverage).toBe(ratio(booked, places));

    // it names members with their hours: the read is audited
    const [audited] = await uow.query<{ count: number }>(sql`
      SELECT count(*)::int AS count FROM audit_log
       WHERE action = 'report.community.read' AND entity_id = ${place.community.id}`);
    expect(audited?.count).toBe(1);
  });

  it('is the committee’s own: another community’s committee and a member are refused', async () => {
    const place = await createDispatchPlace(api.app);
    const other = await createDispatchPlace(api.app);
    const member = await createResident(api.app, place);
    for (const token of [
      await committeeOf(other),
      await signIn(api.app, [{ role: 'MEMBER', memberId: member.id }]),
      await signIn(api.app, [{ role: 'UNIT_HR', unitId: place.unit.id }]),
    ]) {
      expect(
        await api.errorOf(DASHBOARD, { c: place.community.id, p: PERIOD }, token),
      ).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(
      await api.errorOf(
        DASHBOARD,
        { c: place.community.id, p: { fromMonth: '2037-11', toMonth: '2037-10' } },
        await committeeOf(place),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'period' });
    // an empty period is zeros, not an error
    const empty = await api.ok<Dashboard>(
      DASHBOARD,
      { c: place.community.id, p: { preset: 'YEAR', day: '2025-06-01' } },
      await committeeOf(place),
    );
    expect(empty).toMatchObject({
      hours: 0,
      activities: 0,
      volunteers: 0,
      byMonth: [],
      topVolunteers: [],
      demands: { received: 0, filled: 0, medianMinutes: null, p90Minutes: null },
      posts: [],
      postCoverage: 0,
    });
  });
});
