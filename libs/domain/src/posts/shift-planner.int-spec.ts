import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { DomainError } from '#core';
import { sql, UnitOfWork } from '#database';
import { DispatchService, OffersService } from '#domain/dispatch';
import {
  committeeActor,
  createDispatchPlace,
  createDraftTask,
  createResident,
  createTaskTypeOf,
  memberActor,
  startTestApi,
  startTestWorker,
  TestClock,
  type DispatchPlace,
  type TestApi,
  type TestWorker,
} from '#testing';
import { PostsService } from './posts.service.js';
import { PLANNING_DAYS, ShiftPlanner } from './shift-planner.js';

const HOUR = 3_600_000;
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/**
 * Shift planning against the real database: the API's services set up posts
 * and claims, the planner runs as the worker runs it (here called directly,
 * its jobs left unconsumed, so each run is the test's).
 */
describe('shift planner', () => {
  const clock = new TestClock();
  let api: TestApi;
  let host: TestWorker;
  let app: INestApplicationContext;
  let planner: ShiftPlanner;

  beforeAll(async () => {
    api = await startTestApi({ clock });
    host = await startTestWorker({ clock, env: { WORKER_QUEUES: 'notifications' } });
    app = api.app;
    planner = host.module.get(ShiftPlanner);
  });

  afterAll(async () => {
    await host.close();
    await api.close();
  });

  const query = <T>(statement: ReturnType<typeof sql>) => app.get(UnitOfWork).query<T>(statement);
  const codeOf = async (work: Promise<unknown>) => {
    try {
      await work;
      return 'OK';
    } catch (error) {
      if (error instanceof DomainError) return error.code;
      throw error;
    }
  };

  /** Evening duty 18:00–21:00 local on the given weekdays, `headcount` a shift. */
  async function eveningPost(place: DispatchPlace, headcount: number, weekdays = EVERY_DAY) {
    const post = await app.get(PostsService).create(committeeActor(place.community.id), {
      communityId: place.community.id,
      courtyardId: place.courtyard.id,
      taskTypeId: await createTaskTypeOf(app, 'ROUTINE'),
      name: '小区门岗值守',
      headcount,
      slots: [{ weekdays, startTime: '18:00', minutes: 180 }],
      startsOn: '2020-01-01',
    });
    return post.id;
  }
  const claim = (memberId: string, postId: string, shiftsPerMonth = 62) =>
    app.get(PostsService).claim(memberActor(memberId), {
      postId,
      shiftsPerMonth,
      until: '2099-12-31',
      commitment: '每周按时到岗',
    });
  const shiftsOf = (postId: string) =>
    query<{ id: string; localStart: string; localEnd: string; month: string }>(sql`
      SELECT s.id, to_char(s.starts_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI') AS "localStart",
             to_char(s.ends_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI') AS "localEnd",
             to_char(s.starts_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month
        FROM shift s WHERE s.post_id = ${postId} ORDER BY s.starts_at`);
  const bookingsOf = (postId: string) =>
    query<{ shiftId: string; memberId: string; month: string }>(sql`
      SELECT a.shift_id AS "shiftId", a.member_id AS "memberId",
             to_char(s.starts_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month
        FROM assignment a JOIN shift s ON s.id = a.shift_id
       WHERE s.post_id = ${postId} AND a.status = 'ACCEPTED'`);
  /** Tomorrow at 18:00 in the community's time zone (Asia/Shanghai). */
  const tomorrowEvening = async () => {
    const [row] = await query<{ at: Date }>(sql`
      SELECT ((${clock.now()}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date + 1
              + time '18:00') AT TIME ZONE 'Asia/Shanghai' AS at`);
    return row?.at ?? new Date(NaN);
  };

  it('generates four weeks of shifts at the local time, and a second run creates nothing new', async () => {
    const place = await createDispatchPlace(app);
    const postId = await eveningPost(place, 2);
    const members = [];
    for (let i = 0; i < 3; i++) members.push(await createResident(app, place));
    for (const member of members) await claim(member.id, postId);

    const first = await planner.plan(postId);
    const shifts = await shiftsOf(postId);
    // every day of the window; today's only if 18:00 has not passed yet
    expect(shifts.length).toBeGreaterThanOrEqual(PLANNING_DAYS - 1);
    expect(shifts.length).toBeLessThanOrEqual(PLANNING_DAYS);
    expect(first.created).toBe(shifts.length);
    expect(new Set(shifts.map((s) => `${s.localStart}-${s.localEnd}`))).toEqual(
      new Set(['18:00-21:00']),
    );
    const booked = await bookingsOf(postId);
    expect(first.booked).toBe(booked.length);
    expect(booked).toHaveLength(shifts.length * 2); // two of the three on every shift
    expect(new Set(booked.map((b) => `${b.shiftId}/${b.memberId}`)).size).toBe(booked.length);

    expect(await planner.plan(postId)).toEqual({ created: 0, booked: 0 });
    expect(await shiftsOf(postId)).toEqual(shifts);
    expect(await bookingsOf(postId)).toHaveLength(booked.length);
  });

  it('keeps each claimant to the shifts a month they committed to', async () => {
    const place = await createDispatchPlace(app);
    const postId = await eveningPost(place, 1);
    const member = await createResident(app, place);
    await claim(member.id, postId, 2);
    await planner.plan(postId);
    const booked = await bookingsOf(postId);
    const months = new Set((await shiftsOf(postId)).map((s) => s.month));
    for (const month of months) {
      expect(booked.filter((b) => b.month === month).length).toBeLessThanOrEqual(2);
    }
    expect(booked.length).toBeGreaterThanOrEqual(2);
  });

  it('never books a member on a shift and a task at once, whichever came first', async () => {
    const place = await createDispatchPlace(app);
    const postId = await eveningPost(place, 1);
    const evening = await tomorrowEvening();
    const typeId = await createTaskTypeOf(app, 'ROUTINE');
    const dispatch = app.get(DispatchService);
    const committee = committeeActor(place.community.id);

    // A member who took a task tomorrow 18:30–19:30 first: the planner books
    // them on every shift but tomorrow's.
    const busy = await createResident(app, place);
    const first = await createDraftTask(app, {
      place,
      taskTypeId: typeId,
      startsAt: new Date(evening.getTime() + 0.5 * HOUR),
      headcount: 1,
    });
    await dispatch.publish(committee, first);
    expect(await codeOf(app.get(OffersService).claim(memberActor(busy.id), first))).toBe('OK');
    await claim(busy.id, postId);
    await planner.plan(postId);
    const shifts = await shiftsOf(postId);
    const booked = await bookingsOf(postId);
    expect(booked).toHaveLength(shifts.length - 1);
    const [tomorrows] = await query<{ id: string }>(
      sql`SELECT id FROM shift WHERE post_id = ${postId} AND starts_at = ${evening}`,
    );
    expect(booked.map((b) => b.shiftId)).not.toContain(tomorrows?.id);

    // The member on tomorrow's shift cannot take a task in its window.
    const other = await createResident(app, place);
    await claim(other.id, postId);
    await planner.plan(postId);
    expect((await bookingsOf(postId)).filter((b) => b.memberId === other.id)).toEqual([
      expect.objectContaining({ shiftId: tomorrows?.id }),
    ]);
    const second = await createDraftTask(app, {
      place,
      taskTypeId: typeId,
      startsAt: new Date(evening.getTime() + 2 * HOUR),
      headcount: 1,
    });
    await dispatch.publish(committee, second);
    expect(await codeOf(app.get(OffersService).claim(memberActor(other.id), second))).not.toBe(
      'OK',
    );

    const [overlaps] = await query<{ count: number }>(sql`
      SELECT count(*)::int AS count FROM assignment a JOIN assignment b
          ON a.member_id = b.member_id AND a.id < b.id AND a.booked && b.booked
       WHERE a.status = 'ACCEPTED' AND b.status = 'ACCEPTED'
         AND a.member_id = ANY(${[busy.id, other.id]}::uuid[])`);
    expect(overlaps?.count).toBe(0);
  });

  it('frees a member’s shifts to come when their claim ends, and plans nothing for a retired post', async () => {
    const place = await createDispatchPlace(app);
    const postId = await eveningPost(place, 1);
    const leaving = await createResident(app, place);
    const staying = await createResident(app, place);
    const leavingClaim = await claim(leaving.id, postId);
    await planner.plan(postId);
    expect(new Set((await bookingsOf(postId)).map((b) => b.memberId))).toEqual(
      new Set([leaving.id]),
    );
    await claim(staying.id, postId);
    await app.get(PostsService).endClaim(memberActor(leaving.id), leavingClaim.id);
    await planner.plan(postId);
    const after = await bookingsOf(postId);
    expect(new Set(after.map((b) => b.memberId))).toEqual(new Set([staying.id]));
    expect(after).toHaveLength((await shiftsOf(postId)).length);

    await app.get(PostsService).retire(committeeActor(place.community.id), postId);
    expect(await bookingsOf(postId)).toEqual([]);
    expect(await planner.plan(postId)).toEqual({ created: 0, booked: 0 });
  });
});
