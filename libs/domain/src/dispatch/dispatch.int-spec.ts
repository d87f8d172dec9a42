import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { INestApplicationContext } from '@nestjs/common';
import { APP_CONFIG, DomainError, type AppConfig } from '#core';
import { sql, UnitOfWork } from '#database';
import { JOBS, offerExpiryJobId, Outbox, QueueRegistry } from '#queue';
import { TasksService } from '#domain/tasks';
import {
  advanceTime,
  committeeActor,
  createDispatchPlace,
  createDraftTask,
  createGroupLeader,
  createResident,
  createSeconded,
  createTaskTypeOf,
  drainQueue,
  eventually,
  memberActor,
  relayOutbox,
  startTestApi,
  startTestWorker,
  TestClock,
  type TestApi,
  type DispatchPlace,
  type TestWorker,
} from '#testing';
import { Dispatcher } from './dispatcher.js';
import { DispatchQueries } from './dispatch-queries.service.js';
import { DispatchService } from './dispatch.service.js';
import { Matcher } from './matcher.js';
import { OffersService } from './offers.service.js';

const DISPATCH_QUEUES = [
  'dispatch-routine',
  'dispatch-professional',
  'dispatch-joint',
  'dispatch-timers',
];
const HOUR = 3600_000;
const MINUTE = 60_000;

interface OfferRow {
  id: string;
  memberId: string;
  status: string;
  round: number;
  slotKind: string;
}

/**
 * Dispatch against the real database, Redis and worker: the API runs the
 * services, `dispatchers` the dispatch queues (so a test can stop and
 * replace them), `host` is a worker process that consumes none of them. Time moves
 * with the test clock; nothing sleeps.
 */
describe('dispatch', () => {
  const clock = new TestClock();
  let api: TestApi;
  let host: TestWorker;
  let dispatchers: TestWorker;
  let app: INestApplicationContext;

  const startDispatchers = () =>
    startTestWorker({ clock, env: { WORKER_QUEUES: DISPATCH_QUEUES.join(',') } });

  beforeAll(async () => {
    api = await startTestApi({ clock });
    host = await startTestWorker({ clock, env: { WORKER_QUEUES: 'notifications' } });
    dispatchers = await startDispatchers();
    app = api.app;
  });

  afterAll(async () => {
    await dispatchers.close();
    await host.close();
    await api.close();
  });

  /** Runs every dispatch job due now, and those they cause, to the end. */
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      for (const queue of DISPATCH_QUEUES) await drainQueue(app, queue);
    }
  };
  const offers = (taskId: string) =>
    app.get(UnitOfWork).query<OfferRow>(sql`
      -- answered offers before open ones made at the same (test clock) instant
      SELECT id, member_id AS "memberId", status, round, slot_kind AS "slotKind"
        FROM task_offer WHERE task_id = ${taskId}
        ORDER BY offered_at, status = 'PENDING', member_id`);
  const taskRow = async (taskId: string) => {
    const [row] = await app
      .get(UnitOfWork)
      .query<{ status: string; escalation: string }>(
        sql`SELECT status, escalation FROM task WHERE id = ${taskId}`,
      );
    return row;
  };
  const notified = (subjectId: string) =>
    app.get(UnitOfWork).query<{
      template: string;
      memberId: string | null;
      communityId: string | null;
    }>(sql`
        SELECT template, member_id AS "memberId", community_id AS "communityId"
          FROM notification WHERE subject_id = ${subjectId} ORDER BY created_at, id`);
  const tomorrow = (hours = 0) => new Date(clock.now().getTime() + 24 * HOUR + hours * HOUR);
  const codeOf = async (work: Promise<unknown>) => {
    try {
      await work;
      return 'OK';
    } catch (error) {
      if (error instanceof DomainError) return error.code;
      throw error;
    }
  };
  const publish = async (place: DispatchPlace, taskId: string) => {
    await app.get(DispatchService).publish(committeeActor(place.community.id), taskId);
    await settle();
  };

  it('offers a PROFESSIONAL task to seconded members with the skill, then to residents holding it, never to anyone without it', async () => {
    const place = await createDispatchPlace(app);
    const lawyer = await createSeconded(app, place, { skills: ['法律咨询'] });
    await createSeconded(app, place, { skills: ['心理咨询'] });
    const residentLawyer = await createResident(app, place, { skills: ['法律咨询'] });
    await createResident(app, place);
    const typeId = await createTaskTypeOf(app, 'PROFESSIONAL', { requiredSkills: ['法律咨询'] });
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: typeId,
      startsAt: tomorrow(),
      headcount: 1,
    });

    const ranked = await app.get(Matcher).candidates(taskId, clock.now());
    expect(ranked.map((c) => c.memberId)).toEqual([lawyer.id, residentLawyer.id]);
    expect(ranked[0]?.reasons.map((r) => r.code)).toContain('HAS_SKILL');

    await publish(place, taskId);
    expect((await offers(taskId)).map((o) => o.memberId)).toEqual([lawyer.id]);

    const [first] = await offers(taskId);
    await app.get(OffersService).decline(memberActor(lawyer.id), first!.id);
    await settle();
    expect((await offers(taskId)).map((o) => [o.memberId, o.status])).toEqual([
      [lawyer.id, 'DECLINED'],
      [residentLawyer.id, 'PENDING'],
    ]);
  });

  it('sends a ROUTINE task to residents, seconded members only as the fallback of an urgent one', async () => {
    const place = await createDispatchPlace(app);
    const neighbour = await createResident(app, place);
    const further = await createResident(app, place, {
      residenceCourtyardId: place.otherCourtyard.id,
    });
    const seconded = await createSeconded(app, place);
    const typeId = await createTaskTypeOf(app, 'ROUTINE');
    const task = (priority: 'NORMAL' | 'URGENT') =>
      createDraftTask(app, {
        place,
        taskTypeId: typeId,
        startsAt: tomorrow(),
        headcount: 3,
        priority,
      });

    const normal = await app.get(Matcher).candidates(await task('NORMAL'), clock.now());
    expect(normal.map((c) => c.memberId)).toEqual([neighbour.id, further.id]);
    expect(normal[0]?.reasons[0]?.code).toBe('SAME_COURTYARD');

    const urgent = await app.get(Matcher).candidates(await task('URGENT'), clock.now());
    expect(urgent.map((c) => c.memberId)).toEqual([neighbour.id, further.id, seconded.id]);
    expect(urgent[2]?.reasons[0]?.code).toBe('FALLBACK_POOL');
  });

  it('keeps members out whose condition, availability or bookings do not fit', async () => {
    const place = await createDispatchPlace(app);
    const fit = await createResident(app, place);
    const frail = await createResident(app, place, { physicalCondition: 'FRAIL' });
    const limited = await createResident(app, place, { physicalCondition: 'LIMITED' });
    // Monday 09:00–11:00 in the community's time zone (Asia/Shanghai), the
    // residents' convention in the study.
    const mornings = await createResident(app, place, {
      availability: [{ weekday: 1, start: '09:00', end: '11:00' }],
    });
    const matcher = app.get(Matcher);
    const poolOf = async (
      input: Parameters<typeof createTaskTypeOf>[2],
      startsAt: Date,
      hours = 2,
    ) => {
      const taskId = await createDraftTask(app, {
        place,
        taskTypeId: await createTaskTypeOf(app, 'ROUTINE', input),
        startsAt,
        endsAt: new Date(startsAt.getTime() + hours * HOUR),
        headcount: 1,
      });
      return (await matcher.candidates(taskId, clock.now())).map((c) => c.memberId).sort();
    };
    const monday0900 = new Date('2030-01-07T01:00:00Z');
    expect(await poolOf({ intensity: 'HEAVY' }, monday0900)).toEqual([fit.id, mornings.id].sort());
    expect(await poolOf({ outdoor: true, night: true }, monday0900)).toEqual(
      [fit.id, limited.id, mornings.id].sort(),
    );
    expect(await poolOf({}, monday0900)).toEqual(
      [fit.id, frail.id, limited.id, mornings.id].sort(),
    );
    // an hour later the window runs past the member's 11:00
    expect(await poolOf({}, new Date(monday0900.getTime() + HOUR))).toEqual(
      [fit.id, frail.id, limited.id].sort(),
    );

    // booked for an overlapping window: left out
    const first = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: monday0900,
      headcount: 1,
    });
    await app.get(UnitOfWork).query(sql`
      INSERT INTO assignment (task_id, member_id, slot_kind, source, booked)
      SELECT id, ${fit.id}, 'RESIDENT', 'CLAIM', tstzrange(starts_at, ends_at) FROM task WHERE id = ${first}`);
    expect(await poolOf({}, new Date(monday0900.getTime() + HOUR))).toEqual(
      [frail.id, limited.id].sort(),
    );
  });

  it('fills a JOINT task only with both kinds present', async () => {
    const place = await createDispatchPlace(app);
    const specialist = await createSeconded(app, place, { skills: ['政策宣传'] });
    await createSeconded(app, place);
    const residents = [await createResident(app, place), await createResident(app, place)];
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'JOINT', { requiredSkills: ['政策宣传'] }),
      startsAt: tomorrow(),
      secondedSlots: 1,
      residentSlots: 2,
    });
    await publish(place, taskId);
    const made = await offers(taskId);
    expect(made.map((o) => [o.memberId, o.slotKind]).sort()).toEqual(
      [
        [specialist.id, 'SECONDED'],
        [residents[0]!.id, 'RESIDENT'],
        [residents[1]!.id, 'RESIDENT'],
      ].sort(),
    );
    const offerOf = (memberId: string) => made.find((o) => o.memberId === memberId)!.id;
    for (const resident of residents) {
      await app.get(OffersService).accept(memberActor(resident.id), offerOf(resident.id));
    }
    expect((await taskRow(taskId))?.status).toBe('DISPATCHING');
    await app.get(OffersService).accept(memberActor(specialist.id), offerOf(specialist.id));
    expect((await taskRow(taskId))?.status).toBe('FILLED');
  });

  it('moves on to the next candidate when an offer expires, without waiting', async () => {
    const place = await createDispatchPlace(app);
    const first = await createResident(app, place);
    const second = await createResident(app, place, {
      residenceCourtyardId: place.otherCourtyard.id,
    });
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: tomorrow(),
      headcount: 1,
      offerTimeoutMinutes: 30,
    });
    await publish(place, taskId);
    expect((await offers(taskId)).map((o) => o.memberId)).toEqual([first.id]);

    await advanceTime(app, clock, 31 * MINUTE);
    await settle();
    expect((await offers(taskId)).map((o) => [o.memberId, o.status])).toEqual([
      [first.id, 'EXPIRED'],
      [second.id, 'PENDING'],
    ]);
    const [, open] = await offers(taskId);
    // the offer and its reminder, written at the same (test clock) instant
    expect((await notified(open!.id)).map((n) => n.template).sort()).toEqual([
      'OFFER_REMINDER',
      'TASK_OFFERED',
    ]);
  });

  it('escalates a task nobody is left for to the courtyard group leader, then to the committee (UNFILLED)', async () => {
    const place = await createDispatchPlace(app);
    const only = await createResident(app, place);
    // the leader cannot do heavy work, so is told, not asked
    const leader = await createResident(app, place, { physicalCondition: 'FRAIL' });
    const groupId = await createGroupLeader(app, place, leader.id);
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE', { intensity: 'HEAVY' }),
      startsAt: tomorrow(),
      headcount: 2,
      offerTimeoutMinutes: 20,
    });
    await publish(place, taskId);
    const [offer] = await offers(taskId);
    await app.get(OffersService).decline(memberActor(only.id), offer!.id);
    await settle();

    expect(await taskRow(taskId)).toEqual({ status: 'DISPATCHING', escalation: 'GROUP_LEADER' });
    expect(await notified(taskId)).toEqual([
      { template: 'TASK_ESCALATED_TO_LEADER', memberId: leader.id, communityId: null },
    ]);
    const leaderActor = {
      accountId: randomUUID(),
      requestId: 'leader',
      grants: [{ role: 'GROUP_LEADER' as const, partyGroupId: groupId }],
    };
    expect((await app.get(DispatchQueries).escalations(leaderActor)).map((t) => t.id)).toEqual([
      taskId,
    ]);

    await advanceTime(app, clock, 21 * MINUTE);
    await settle();
    expect(await taskRow(taskId)).toEqual({ status: 'UNFILLED', escalation: 'COMMITTEE' });
    expect((await notified(taskId)).map((n) => [n.template, n.communityId])).toEqual([
      ['TASK_ESCALATED_TO_LEADER', null],
      ['TASK_ESCALATED_TO_COMMITTEE', place.community.id],
    ]);
    const unfilled = await app
      .get(DispatchQueries)
      .unfilledTasks(committeeActor(place.community.id), place.community.id);
    expect(unfilled.map((t) => t.id)).toEqual([taskId]);
  });

  it('escalates when the last open offer is accepted and a slot is still empty', async () => {
    const place = await createDispatchPlace(app);
    const only = await createResident(app, place);
    const leader = await createResident(app, place, { physicalCondition: 'FRAIL' });
    await createGroupLeader(app, place, leader.id);
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE', { intensity: 'HEAVY' }),
      startsAt: tomorrow(),
      headcount: 2,
      offerTimeoutMinutes: 20,
    });
    await publish(place, taskId);
    const [offer] = await offers(taskId);
    await app.get(OffersService).accept(memberActor(only.id), offer!.id);
    await settle();

    expect(await taskRow(taskId)).toEqual({ status: 'DISPATCHING', escalation: 'GROUP_LEADER' });
    expect((await notified(taskId)).map((n) => n.template)).toEqual(['TASK_ESCALATED_TO_LEADER']);
  });

  it('refuses an offer past its time though its expiry has not run, and a task past its start', async () => {
    const place = await createDispatchPlace(app);
    const member = await createResident(app, place);
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: new Date(clock.now().getTime() + HOUR),
      headcount: 1,
      offerTimeoutMinutes: 10,
    });
    await publish(place, taskId);
    const [offer] = await offers(taskId);
    clock.advance(11 * MINUTE); // the expiry job is not promoted: only the time has passed
    expect(await codeOf(app.get(OffersService).accept(memberActor(member.id), offer!.id))).toBe(
      'OFFER_CLOSED',
    );
    expect((await offers(taskId)).map((o) => o.status)).toEqual(['PENDING']);

    const late = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: new Date(clock.now().getTime() + MINUTE),
      headcount: 1,
      offerTimeoutMinutes: 10,
    });
    clock.advance(2 * MINUTE);
    expect(
      await codeOf(app.get(DispatchService).publish(committeeActor(place.community.id), late)),
    ).toBe('TASK_STARTED');
    expect(await taskRow(late)).toEqual({ status: 'DRAFT', escalation: 'NONE' });
  });

  it('fills a 3-slot task with exactly 3 of 50 members accepting and claiming at once', async () => {
    const place = await createDispatchPlace(app);
    const members = [];
    for (let i = 0; i < 50; i++) members.push(await createResident(app, place));
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: tomorrow(),
      headcount: 3,
      priority: 'URGENT',
    });
    await publish(place, taskId);
    const made = await offers(taskId);
    expect(made).toHaveLength(4); // three slots and one over-offer, as it is urgent
    const service = app.get(OffersService);
    const results = await Promise.all(
      members.map((member) => {
        const offer = made.find((o) => o.memberId === member.id);
        const actor = memberActor(member.id);
        return codeOf(offer ? service.accept(actor, offer.id) : service.claim(actor, taskId));
      }),
    );
    expect(results.filter((r) => r === 'OK')).toHaveLength(3);
    expect(new Set(results.filter((r) => r !== 'OK'))).toEqual(new Set(['TASK_FULL']));
    const [count] = await app
      .get(UnitOfWork)
      .query<{ live: number }>(
        sql`SELECT count(*)::int AS live FROM assignment WHERE task_id = ${taskId} AND status = 'ACCEPTED'`,
      );
    expect(count?.live).toBe(3);
    expect((await taskRow(taskId))?.status).toBe('FILLED');
    await settle();
    expect((await offers(taskId)).filter((o) => o.status === 'PENDING')).toEqual([]);
  });

  it('books no member twice in overlapping windows, with two workers dispatching at once', async () => {
    const second = await startDispatchers();
    try {
      const place = await createDispatchPlace(app);
      const members = [];
      for (let i = 0; i < 4; i++) members.push(await createResident(app, place));
      const typeId = await createTaskTypeOf(app, 'ROUTINE');
      const startsAt = tomorrow(5);
      const tasks = [];
      for (let i = 0; i < 4; i++) {
        tasks.push(
          await createDraftTask(app, {
            place,
            taskTypeId: typeId,
            startsAt: new Date(startsAt.getTime() + i * 30 * MINUTE),
            headcount: 3,
          }),
        );
      }
      await Promise.all(
        tasks.map((taskId) =>
          app.get(DispatchService).publish(committeeActor(place.community.id), taskId),
        ),
      );
      await settle();
      const all = (await Promise.all(tasks.map(offers))).flat();
      expect(all.length).toBeGreaterThan(4);
      const results = await Promise.all(
        all.map((o) => codeOf(app.get(OffersService).accept(memberActor(o.memberId), o.id))),
      );
      expect(new Set(results)).toEqual(new Set(['OK', 'MEMBER_BUSY']));
      const [overlaps] = await app.get(UnitOfWork).query<{ count: number }>(sql`
        SELECT count(*)::int AS count FROM assignment a JOIN assignment b
            ON a.member_id = b.member_id AND a.id < b.id AND a.booked && b.booked
         WHERE a.status = 'ACCEPTED' AND b.status = 'ACCEPTED'
           AND a.task_id = ANY(${tasks}::uuid[])`);
      expect(overlaps?.count).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('makes no second offer for a replayed dispatch job', async () => {
    const place = await createDispatchPlace(app);
    for (let i = 0; i < 4; i++) await createResident(app, place);
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: tomorrow(),
      headcount: 2,
    });
    await publish(place, taskId);
    const before = await offers(taskId);
    expect(before).toHaveLength(2);
    await app
      .get(UnitOfWork)
      .run(() =>
        app
          .get(Outbox)
          .enqueue(JOBS.dispatchRoutine, { taskId, idempotencyKey: `dispatch:${taskId}:1` }),
      );
    await settle();
    expect(await offers(taskId)).toEqual(before);
    expect(
      (await Promise.all(before.map((o) => notified(o.id))))
        .flat()
        .map((n) => n.template)
        .sort(),
    ).toEqual(['OFFER_REMINDER', 'OFFER_REMINDER', 'TASK_OFFERED', 'TASK_OFFERED']);
  });

  it('a replacement worker finishes the job of a worker stopped after taking it, with the same offers', async () => {
    await dispatchers.close();
    const place = await createDispatchPlace(app);
    for (let i = 0; i < 4; i++) await createResident(app, place);
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: tomorrow(),
      headcount: 2,
    });
    await app.get(DispatchService).publish(committeeActor(place.community.id), taskId);
    await relayOutbox(app, ['dispatch-routine']);

    const registry = app.get(QueueRegistry);
    // BullMQ's stalled-job machinery on Redis itself, as the suite runs on it
    const { redis } = app.get<AppConfig>(APP_CONFIG);
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const options = { connection, prefix: redis.keyPrefix, autorun: false };
    // The stopped worker: it takes the job, makes the offers (its pass
    // commits), and dies before telling BullMQ; its lock runs out.
    const stopped = new Worker('dispatch-routine', null, { ...options, lockDuration: 300 });
    const token = randomUUID();
    const job = (await stopped.getNextJob(token)) as
      { id: string; data: unknown; opts: { priority?: number } } | undefined;
    expect(job?.data).toEqual({ taskId, idempotencyKey: `dispatch:${taskId}:1` });
    expect(job?.opts.priority).toBe(3); // NORMAL: after URGENT (2) and EMERGENCY (1)
    const jobId = job?.id ?? '';
    await host.module.get(Dispatcher).pass(taskId, 1);
    const before = await offers(taskId);
    expect(before).toHaveLength(2);
    await stopped.close(true);

    // BullMQ's stalled-job check puts the job back; the replacement runs it.
    const queue = registry.get('dispatch-routine');
    const checker = new Worker('dispatch-routine', null, { ...options, stalledInterval: 100 });
    // As if the stalled interval had passed: the workers closed above ran a
    // check at start, and BullMQ skips checks for 30 s after one.
    await connection.del(`${redis.keyPrefix}:dispatch-routine:stalled-check`);
    try {
      await checker.startStalledCheckTimer();
      await eventually(async () => (await queue.getJobState(jobId)) === 'waiting');
    } finally {
      await checker.close();
      connection.disconnect();
    }
    dispatchers = await startDispatchers();
    await eventually(async () => (await queue.getJobState(jobId)) === 'completed');
    await settle();
    expect(await offers(taskId)).toEqual(before);
  });

  it('passes the tasks waiting in its queue along with its own, in one transaction, and a replay of their jobs makes nothing twice', async () => {
    await dispatchers.close();
    const place = await createDispatchPlace(app);
    for (let i = 0; i < 4; i++) await createResident(app, place);
    const typeId = await createTaskTypeOf(app, 'ROUTINE');
    const taskIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const taskId = await createDraftTask(app, {
        place,
        taskTypeId: typeId,
        startsAt: tomorrow(i * 2),
        headcount: 1,
      });
      await app.get(DispatchService).publish(committeeActor(place.community.id), taskId);
      taskIds.push(taskId);
    }
    await relayOutbox(app, ['dispatch-routine']);
    const [first, ...others] = taskIds as [string, ...string[]];

    // One job's handler, run in a process that consumes no dispatch queue.
    await host.module
      .get(Dispatcher)
      .dispatchJob(JOBS.dispatchRoutine, { taskId: first, idempotencyKey: `dispatch:${first}:1` });
    const made = await app.get(UnitOfWork).query<{ taskId: string; tx: string }>(sql`
      SELECT task_id AS "taskId", xmin::text AS tx FROM task_offer WHERE task_id = ANY(${taskIds}::uuid[])`);
    expect(new Set(made.map((o) => o.taskId))).toEqual(new Set(taskIds));
    expect(new Set(made.map((o) => o.tx)).size).toBe(1);
    // The jobs of the tasks taken along are gone; the own job is still there (nobody ran it).
    const queue = app.get(QueueRegistry).get('dispatch-routine');
    const waiting = (await queue.getJobs(['prioritized', 'waiting'])).map(
      (job) => (job.data as { taskId: string }).taskId,
    );
    expect(waiting.filter((id) => others.includes(id))).toEqual([]);
    expect(waiting).toContain(first);

    dispatchers = await startDispatchers();
    await settle();
    const after = await app.get(UnitOfWork).query<{ id: string }>(sql`
      SELECT id FROM task_offer WHERE task_id = ANY(${taskIds}::uuid[])`);
    expect(after).toHaveLength(made.length);
  });

  it('assigns the tasks of one pass together: a member the second task cannot do without goes to it, not to the first', async () => {
    await dispatchers.close();
    const place = await createDispatchPlace(app);
    // keen lives at the tasks' courtyard and has the skill the second task needs;
    // other lives in the other courtyard and has no skill: the first task's second best
    const keen = await createResident(app, place, { skills: ['急救'] });
    const other = await createResident(app, place, {
      residenceCourtyardId: place.otherCourtyard.id,
    });
    const [first, second] = [
      await createDraftTask(app, {
        place,
        taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
        startsAt: tomorrow(),
        headcount: 1,
      }),
      await createDraftTask(app, {
        place,
        taskTypeId: await createTaskTypeOf(app, 'ROUTINE', { requiredSkills: ['急救'] }),
        startsAt: tomorrow(1),
        headcount: 1,
      }),
    ];
    const ranked = await app.get(Matcher).candidates(first, clock.now());
    expect(ranked.map((c) => c.memberId)).toEqual([keen.id, other.id]);
    for (const taskId of [first, second]) {
      await app.get(DispatchService).publish(committeeActor(place.community.id), taskId);
    }
    await relayOutbox(app, ['dispatch-routine']);
    await host.module
      .get(Dispatcher)
      .dispatchJob(JOBS.dispatchRoutine, { taskId: first, idempotencyKey: `dispatch:${first}:1` });
    dispatchers = await startDispatchers();
    await settle();
    // greedy, task by task, would have given keen to the first task and left the second to escalate
    expect((await offers(first)).map((o) => o.memberId)).toEqual([other.id]);
    expect((await offers(second)).map((o) => o.memberId)).toEqual([keen.id]);
    // the reasons are still stored per offer
    const [stored] = await app.get(UnitOfWork).query<{ reasons: { code: string }[] }>(sql`
      SELECT reasons FROM task_offer WHERE task_id = ${first}`);
    expect(stored?.reasons.map((r) => r.code)).toContain('SAME_COMMUNITY');
  });

  it('lets a member see and answer only their own offers', async () => {
    const place = await createDispatchPlace(app);
    const mine = await createResident(app, place);
    const theirs = await createResident(app, place);
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: tomorrow(),
      headcount: 2,
    });
    await publish(place, taskId);
    const queries = app.get(DispatchQueries);
    const own = await queries.myOffers(memberActor(mine.id));
    expect(own.map((o) => o.memberId)).toEqual([mine.id]);
    const other = (await offers(taskId)).find((o) => o.memberId === theirs.id)!;
    expect(await codeOf(app.get(OffersService).accept(memberActor(mine.id), other.id))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(app.get(OffersService).decline(memberActor(mine.id), other.id))).toBe(
      'NOT_FOUND',
    );
    expect((await offers(taskId)).find((o) => o.id === other.id)?.status).toBe('PENDING');
  });

  it('reopens the slot of a member who withdraws before the start, and the next is asked', async () => {
    const place = await createDispatchPlace(app);
    const first = await createResident(app, place);
    const second = await createResident(app, place, {
      residenceCourtyardId: place.otherCourtyard.id,
    });
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: tomorrow(),
      headcount: 1,
    });
    await publish(place, taskId);
    const [offer] = await offers(taskId);
    const timers = app.get(QueueRegistry).get('dispatch-timers');
    expect(await timers.getJobState(offerExpiryJobId(offer!.id))).toBe('delayed');
    const booked = await app.get(OffersService).accept(memberActor(first.id), offer!.id);
    expect((await taskRow(taskId))?.status).toBe('FILLED');
    // the answer removed the offer's expiry job
    expect(await timers.getJobState(offerExpiryJobId(offer!.id))).toBe('unknown');

    const left = await app.get(OffersService).withdraw(memberActor(first.id), booked.id);
    expect(left.status).toBe('WITHDRAWN');
    expect((await taskRow(taskId))?.status).toBe('DISPATCHING');
    await settle();
    expect((await offers(taskId)).map((o) => [o.memberId, o.status])).toEqual([
      [first.id, 'ACCEPTED'],
      [second.id, 'PENDING'],
    ]);
    // nobody else's booking, and not twice
    expect(await codeOf(app.get(OffersService).withdraw(memberActor(second.id), booked.id))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(app.get(OffersService).withdraw(memberActor(first.id), booked.id))).toBe(
      'ASSIGNMENT_CLOSED',
    );
  });

  it('asks again a member whose offer was withdrawn when someone else took the place, once it reopens', async () => {
    const place = await createDispatchPlace(app);
    const asked = await createResident(app, place);
    const claimer = await createResident(app, place, {
      residenceCourtyardId: place.otherCourtyard.id,
    });
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: tomorrow(),
      headcount: 1,
    });
    await publish(place, taskId);
    expect((await offers(taskId)).map((o) => [o.memberId, o.status])).toEqual([
      [asked.id, 'PENDING'],
    ]);
    // someone not asked claims the place: the open offer is withdrawn
    const claimed = await app.get(OffersService).claim(memberActor(claimer.id), taskId);
    expect((await offers(taskId)).map((o) => o.status)).toEqual(['WITHDRAWN']);
    // they leave: the member asked first never said no, and is asked again
    await app.get(OffersService).withdraw(memberActor(claimer.id), claimed.id);
    await settle();
    expect(await taskRow(taskId)).toEqual({ status: 'DISPATCHING', escalation: 'NONE' });
    expect((await offers(taskId)).map((o) => [o.memberId, o.status, o.round])).toEqual([
      [asked.id, 'WITHDRAWN', 1],
      [asked.id, 'PENDING', 2],
    ]);
  });

  it('cancels a task: open offers withdrawn, booked members released, each told', async () => {
    const place = await createDispatchPlace(app);
    const booked = await createResident(app, place);
    const asked = await createResident(app, place);
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: tomorrow(),
      headcount: 2,
    });
    await publish(place, taskId);
    const made = await offers(taskId);
    const assignment = await app
      .get(OffersService)
      .accept(memberActor(booked.id), made.find((o) => o.memberId === booked.id)!.id);
    const committee = committeeActor(place.community.id);

    expect(await codeOf(app.get(DispatchService).cancel(committee, taskId, ' '))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      await codeOf(
        app.get(DispatchService).cancel(committeeActor(randomUUID()), taskId, '天气原因'),
      ),
    ).toBe('NOT_FOUND');
    await app.get(DispatchService).cancel(committee, taskId, '天气原因');
    expect((await taskRow(taskId))?.status).toBe('CANCELLED');
    const open = made.find((o) => o.memberId === asked.id)!;
    expect((await offers(taskId)).find((o) => o.id === open.id)?.status).toBe('WITHDRAWN');
    // the same instant on the test clock: compared as a set
    expect((await notified(open.id)).map((n) => n.template).sort()).toEqual([
      'OFFER_REMINDER',
      'OFFER_WITHDRAWN',
      'TASK_OFFERED',
    ]);
    expect((await notified(assignment.id)).map((n) => n.template)).toEqual([
      'ASSIGNMENT_CANCELLED',
    ]);
    expect(await codeOf(app.get(DispatchService).cancel(committee, taskId, '再次'))).toBe(
      'TASK_WRONG_STATUS',
    );
  });

  it('starts a task short of people at its window when someone is booked, and completes their work', async () => {
    const place = await createDispatchPlace(app);
    const member = await createResident(app, place);
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: new Date(clock.now().getTime() + 2 * HOUR),
      headcount: 2,
      offerTimeoutMinutes: 600,
    });
    await publish(place, taskId);
    const [offer] = await offers(taskId);
    await app.get(OffersService).accept(memberActor(member.id), offer!.id);
    await settle();

    await advanceTime(app, clock, 2 * HOUR);
    await settle();
    expect(await taskRow(taskId)).toEqual({ status: 'IN_PROGRESS', escalation: 'COMMITTEE' });
    expect((await notified(taskId)).map((n) => n.template)).toContain(
      'TASK_ESCALATED_TO_COMMITTEE',
    );
    await app.get(TasksService).complete(committeeActor(place.community.id), taskId);
    const [booking] = await app
      .get(UnitOfWork)
      .query<{ status: string }>(sql`SELECT status FROM assignment WHERE task_id = ${taskId}`);
    expect(booking?.status).toBe('COMPLETED');
  });

  it('withdraws the open offers of a seconded member whose report-in ends', async () => {
    const place = await createDispatchPlace(app);
    const lawyer = await createSeconded(app, place, { skills: ['法律咨询'] });
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'PROFESSIONAL', { requiredSkills: ['法律咨询'] }),
      startsAt: tomorrow(),
      headcount: 1,
      offerTimeoutMinutes: 60,
    });
    await publish(place, taskId);
    const [offer] = await offers(taskId);
    expect(offer?.memberId).toBe(lawyer.id);

    await app.get(UnitOfWork).query(sql`
      UPDATE secondment SET status = 'ENDED', ended_at = now(), end_reason = 'LEFT'
       WHERE member_id = ${lawyer.id} AND status = 'ACTIVE'`);
    expect((await offers(taskId)).map((o) => o.status)).toEqual(['WITHDRAWN']);
    expect(await codeOf(app.get(OffersService).accept(memberActor(lawyer.id), offer!.id))).toBe(
      'OFFER_CLOSED',
    );
  });

  it('reminds a member who has not answered halfway through the answer time, and no one who has', async () => {
    const place = await createDispatchPlace(app);
    const [slow, quick] = [await createResident(app, place), await createResident(app, place)];
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: tomorrow(),
      headcount: 2,
      offerTimeoutMinutes: 60,
    });
    await publish(place, taskId);
    const byMember = new Map((await offers(taskId)).map((o) => [o.memberId, o.id]));
    await app.get(OffersService).accept(memberActor(quick.id), byMember.get(quick.id)!);

    const reminders = async (memberId: string) =>
      app.get(UnitOfWork).query<{ status: string }>(sql`
        SELECT status FROM notification
         WHERE template = 'OFFER_REMINDER' AND subject_id = ${byMember.get(memberId)}`);
    await relayOutbox(app);
    await drainQueue(app, 'notifications');
    expect(await reminders(slow.id)).toEqual([{ status: 'PENDING' }]); // not due yet

    await advanceTime(app, clock, 31 * MINUTE);
    await drainQueue(app, 'notifications');
    expect(await reminders(slow.id)).toEqual([{ status: 'SENT' }]);
    expect(await reminders(quick.id)).toEqual([{ status: 'SKIPPED' }]);
  });

  it('makes a task still dispatching at its start UNFILLED; a re-dispatch starts a new round', async () => {
    const place = await createDispatchPlace(app);
    const member = await createResident(app, place);
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: new Date(clock.now().getTime() + 2 * HOUR),
      headcount: 1,
      offerTimeoutMinutes: 600,
    });
    await publish(place, taskId);
    expect((await offers(taskId)).map((o) => o.status)).toEqual(['PENDING']);

    await advanceTime(app, clock, 2 * HOUR);
    await settle();
    expect(await taskRow(taskId)).toEqual({ status: 'UNFILLED', escalation: 'COMMITTEE' });
    expect((await offers(taskId)).map((o) => o.status)).toEqual(['WITHDRAWN']);

    // the committee moves the window and sends it out again (round 2)
    await app.get(UnitOfWork).query(sql`
      UPDATE task SET starts_at = starts_at + interval '1 day', ends_at = ends_at + interval '1 day'
       WHERE id = ${taskId}`);
    const again = await app
      .get(DispatchService)
      .redispatch(committeeActor(place.community.id), taskId);
    expect(again).toMatchObject({ status: 'DISPATCHING', dispatchRound: 2, escalation: 'NONE' });
    await settle();
    expect((await offers(taskId)).map((o) => [o.memberId, o.round, o.status])).toEqual([
      [member.id, 1, 'WITHDRAWN'],
      [member.id, 2, 'PENDING'],
    ]);
  });

  it('records a no-show once the task has started, by its committee only', async () => {
    const place = await createDispatchPlace(app);
    const member = await createResident(app, place);
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: new Date(clock.now().getTime() + HOUR),
      headcount: 1,
      offerTimeoutMinutes: 30,
    });
    await publish(place, taskId);
    const [offer] = await offers(taskId);
    const booked = await app.get(OffersService).accept(memberActor(member.id), offer!.id);
    const committee = committeeActor(place.community.id);
    const service = app.get(DispatchService);
    expect(await codeOf(service.recordNoShow(committee, booked.id))).toBe('TASK_NOT_STARTED');
    await advanceTime(app, clock, HOUR);
    expect(await codeOf(service.recordNoShow(committeeActor(randomUUID()), booked.id))).toBe(
      'NOT_FOUND',
    );
    expect((await service.recordNoShow(committee, booked.id)).status).toBe('NO_SHOW');
  });

  it('completes the bookings still live when the task is completed; a no-show stays one', async () => {
    const place = await createDispatchPlace(app);
    const [kept, missed] = [await createResident(app, place), await createResident(app, place)];
    const taskId = await createDraftTask(app, {
      place,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      startsAt: new Date(clock.now().getTime() + HOUR),
      headcount: 2,
      offerTimeoutMinutes: 30,
    });
    await publish(place, taskId);
    const booked: { id: string; memberId: string }[] = [];
    for (const offer of await offers(taskId)) {
      booked.push(await app.get(OffersService).accept(memberActor(offer.memberId), offer.id));
    }
    const committee = committeeActor(place.community.id);
    await advanceTime(app, clock, HOUR);
    const noShow = booked.find((b) => b.memberId === missed.id);
    await app.get(DispatchService).recordNoShow(committee, noShow!.id);
    await app.get(TasksService).complete(committee, taskId);

    const rows = await app
      .get(UnitOfWork)
      .query<{ member_id: string; status: string }>(
        sql`SELECT member_id, status FROM assignment WHERE task_id = ${taskId}`,
      );
    expect(Object.fromEntries(rows.map((r) => [r.member_id, r.status]))).toEqual({
      [kept.id]: 'COMPLETED',
      [missed.id]: 'NO_SHOW',
    });
  });
});
