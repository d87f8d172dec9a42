import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql, UnitOfWork } from '#database';
import type { MemberView } from '#domain/members';
import {
  createDispatchPlace,
  createDraftTask,
  createResident,
  createTaskTypeOf,
  signIn,
  startTestApi,
  TestClock,
  type DispatchPlace,
  type TestApi,
} from '#testing';

const CHECK_IN = `mutation($a: UUID!, $lat: Float, $lon: Float) {
  r: checkIn(assignmentId: $a, latitude: $lat, longitude: $lon) { assignmentId distanceMeters } }`;
const CHECK_OUT = `mutation($a: UUID!, $lat: Float, $lon: Float) {
  r: checkOut(assignmentId: $a, latitude: $lat, longitude: $lon) {
    id source status minutes assignmentId decidedBy } }`;
const POINTS = `query { r: myPoints { ledger balance } }`;

const MINUTE = 60_000;
/** The task's place, and points about 100 m and 1 km north of it. */
const PLACE = { lat: 30.5928, lon: 114.3055 };
const NEAR = { lat: PLACE.lat + 0.0009, lon: PLACE.lon };
const FAR = { lat: PLACE.lat + 0.009, lon: PLACE.lon };

/**
 * Check-in and check-out through GraphQL: within the window and the radius
 * of the task's coordinates only, once each; the check-out writes the duty
 * log from check-in to check-out, verified at once, and its points follow.
 */
describe('check-in and check-out', () => {
  const clock = new TestClock(new Date('2026-11-24T01:00:00Z'));
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ clock });
  });

  afterAll(async () => {
    await api.close();
  });

  /** A booking of the member on a task at the place's coordinates, starting `inMinutes` from now. */
  async function booking(place: DispatchPlace, member: MemberView, inMinutes: number) {
    const taskId = await createDraftTask(api.app, {
      place,
      taskTypeId: await createTaskTypeOf(api.app, 'ROUTINE'),
      startsAt: new Date(clock.now().getTime() + inMinutes * MINUTE),
      headcount: 1,
    });
    const [row] = await api.app.get(UnitOfWork).query<{ id: string }>(sql`
      WITH located AS (
        UPDATE task SET latitude = ${PLACE.lat}, longitude = ${PLACE.lon} WHERE id = ${taskId}
        RETURNING id, starts_at, ends_at)
      INSERT INTO assignment (task_id, member_id, slot_kind, source, booked)
      SELECT id, ${member.id}, 'RESIDENT', 'CLAIM', tstzrange(starts_at, ends_at) FROM located
      RETURNING id`);
    if (!row) throw new Error('no booking');
    return row.id;
  }

  it('checks in near the place and in time only, once, and the check-out logs the service', async () => {
    const place = await createDispatchPlace(api.app);
    const member = await createResident(api.app, place);
    let token = await signIn(api.app, [{ role: 'MEMBER', memberId: member.id }]);
    const soon = await booking(place, member, 20);
    const later = await booking(place, member, 180);

    expect(await api.errorOf(CHECK_IN, { a: later, ...NEAR }, token)).toMatchObject({
      code: 'CHECK_IN_WINDOW',
    });
    expect(await api.errorOf(CHECK_IN, { a: soon, ...FAR }, token)).toMatchObject({
      code: 'CHECK_IN_TOO_FAR',
    });
    expect(await api.errorOf(CHECK_IN, { a: soon }, token)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'latitude',
    });
    expect(await api.errorOf(CHECK_OUT, { a: soon, ...NEAR }, token)).toMatchObject({
      code: 'NOT_CHECKED_IN',
    });
    const checkedIn = await api.ok<{ distanceMeters: number }>(
      CHECK_IN,
      { a: soon, ...NEAR },
      token,
    );
    expect(checkedIn.distanceMeters).toBeGreaterThan(90);
    expect(checkedIn.distanceMeters).toBeLessThan(110);
    expect(await api.errorOf(CHECK_IN, { a: soon, ...NEAR }, token)).toMatchObject({
      code: 'ALREADY_CHECKED_IN',
    });

    clock.advance(130 * MINUTE);
    token = await signIn(api.app, [{ role: 'MEMBER', memberId: member.id }]);
    const log = await api.ok<{
      source: string;
      status: string;
      minutes: number;
      decidedBy: string | null;
    }>(CHECK_OUT, { a: soon, ...NEAR }, token);
    expect(log).toMatchObject({
      source: 'CHECK_IN',
      status: 'VERIFIED',
      minutes: 130,
      assignmentId: soon,
      decidedBy: null,
    });
    expect(await api.errorOf(CHECK_OUT, { a: soon, ...NEAR }, token)).toMatchObject({
      code: 'ALREADY_CHECKED_OUT',
    });
    // verified at once, so its points are there (10 an hour by default)
    expect(await api.ok(POINTS, {}, token)).toContainEqual({ ledger: 'COMMUNITY', balance: 22 });
    // the positions are kept with the check-in, and appear in no log line
    expect(api.logLines().join('\n')).not.toContain(String(NEAR.lat));
  });
});
