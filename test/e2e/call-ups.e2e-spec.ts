import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql, UnitOfWork } from '#database';
import { CallUpFanOut } from '#domain/call-ups';
import type { MemberView } from '#domain/members';
import {
  advanceTime,
  createDispatchPlace,
  createResident,
  createSeconded,
  drainQueue,
  signIn,
  startTestApi,
  startTestWorker,
  TestClock,
  type DispatchPlace,
  type TestApi,
  type TestWorker,
} from '#testing';

const CALL_UP = `mutation($i: CallUpInput!) { r: callUp(input: $i) {
  id communityId message status fannedOutAt counts { called available unavailable unanswered } } }`;
const ROLL_CALL = `query($id: UUID!) { r: rollCall(callUpId: $id) {
  callUp { status fannedOutAt counts { called available unavailable unanswered } }
  byUnit { id name called available unavailable unanswered }
  byPartyGroup { id called } } }`;
const ENTRIES = `query($id: UUID!, $s: RollCallState) { r: rollCallEntries(callUpId: $id, state: $s) {
  totalCount items { memberId name kind state arriveAt } } }`;
const ANSWER = `mutation($i: AnswerCallUpInput!) { r: answerCallUp(input: $i) {
  id answer arriveAt status } }`;
const MINE = `query { r: myCallUps { id communityName message answer status } }`;
const CLOSE = `mutation($id: UUID!) { r: closeCallUp(id: $id) { id status closedAt
  counts { called available unavailable unanswered } } }`;
const LIST = `query($c: UUID!) { r: callUps(communityId: $c) { totalCount items { id } } }`;

interface Counts {
  called: number;
  available: number;
  unavailable: number;
  unanswered: number;
}
interface RollCall {
  callUp: { status: string; fannedOutAt: string | null; counts: Counts };
  byUnit: (Counts & { id: string | null; name: string | null })[];
}

const HOUR = 3_600_000;

/**
 * Emergency call-ups through GraphQL with the real worker: the committee
 * calls a community up, the worker writes the roll-call and sends the
 * messages by batch, members answer (counted once, however often and at
 * once they answer), reminders reach the unanswered only, and closing
 * freezes the roll-call. Nobody outside the community is called or may look.
 */
describe('call-ups', () => {
  const clock = new TestClock();
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

  /** The fan-out (or reminder) runs, then every message it queued is sent. */
  const settle = async () => {
    await drainQueue(worker.module, 'call-ups');
    await drainQueue(worker.module, 'notifications');
  };
  const committeeOf = (place: DispatchPlace) =>
    signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: place.community.id }]);
  const tokenOf = (member: MemberView) =>
    signIn(api.app, [{ role: 'MEMBER', memberId: member.id }]);
  const input = (place: DispatchPlace, fields: Record<string, unknown> = {}) => ({
    communityIds: [place.community.id],
    message: '暴雨内涝，请到社区党群服务中心集合转移群众',
    respondBy: new Date(clock.now().getTime() + 2 * HOUR).toISOString(),
    ...fields,
  });
  /** Each member's messages of the call-up, by template and status. */
  const messagesOf = (callUpId: string) =>
    api.app.get(UnitOfWork).query<{ memberId: string; template: string; status: string }>(sql`
      SELECT n.member_id AS "memberId", n.template, n.status
        FROM notification n JOIN call_up_recipient r ON r.id = n.subject_id
       WHERE r.call_up_id = ${callUpId} ORDER BY n.template, n.member_id`);

  it('calls up the community’s members only, once each, and counts every answer exactly once', async () => {
    const place = await createDispatchPlace(api.app);
    const elsewhere = await createDispatchPlace(api.app);
    const seconded = [
      await createSeconded(api.app, place, { skills: ['急救'] }),
      await createSeconded(api.app, place),
      await createSeconded(api.app, place),
    ];
    const residents = [await createResident(api.app, place), await createResident(api.app, place)];
    const outsiders = [
      await createSeconded(api.app, elsewhere),
      await createResident(api.app, elsewhere),
    ];
    const committee = await committeeOf(place);

    const [callUp] = await api.ok<{ id: string; fannedOutAt: string | null; counts: Counts }[]>(
      CALL_UP,
      { i: input(place, { includeResidents: true }) },
      committee,
    );
    expect(callUp).toMatchObject({ status: 'OPEN', communityId: place.community.id });
    await settle();

    const called = [...seconded, ...residents].map((m) => m.id).sort();
    const messages = await messagesOf(callUp!.id);
    expect(messages).toEqual(
      called.map((memberId) => ({ memberId, template: 'CALL_UP', status: 'SENT' })),
    );
    const byOutsiders = await api.app.get(UnitOfWork).query(sql`
      SELECT 1 FROM call_up_recipient WHERE member_id = ANY(${outsiders.map((m) => m.id)}::uuid[])`);
    expect(byOutsiders).toEqual([]);
    // the worker's channel got the text, to the member's phone
    const sent = worker.channel.sent.filter((m) => m.template === 'CALL_UP');
    for (const message of sent) expect(message.text).toContain('暴雨内涝');

    // a replayed fan-out calls nobody twice and sends nothing more
    await worker.module.get(CallUpFanOut).fanOut(callUp!.id);
    await settle();
    expect(await messagesOf(callUp!.id)).toHaveLength(called.length);

    let roll = await api.ok<RollCall>(ROLL_CALL, { id: callUp!.id }, committee);
    expect(roll.callUp.fannedOutAt).not.toBeNull();
    expect(roll.callUp.counts).toEqual({ called: 5, available: 0, unavailable: 0, unanswered: 5 });
    expect(roll.byUnit).toEqual([
      {
        id: place.unit.id,
        name: place.unit.name,
        called: 3,
        available: 0,
        unavailable: 0,
        unanswered: 3,
      },
      { id: null, name: null, called: 2, available: 0, unavailable: 0, unanswered: 2 },
    ]);

    // One member answers ten times at once (an app retrying), another
    // answers UNAVAILABLE five times at once, then changes their mind.
    const [first, second] = seconded;
    const arriveAt = new Date(clock.now().getTime() + HOUR / 2).toISOString();
    const firstToken = await tokenOf(first!);
    const secondToken = await tokenOf(second!);
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () =>
        api.gql(
          ANSWER,
          { i: { callUpId: callUp!.id, answer: 'AVAILABLE', arriveAt } },
          { token: firstToken },
        ),
      ),
      ...Array.from({ length: 5 }, () =>
        api.gql(
          ANSWER,
          { i: { callUpId: callUp!.id, answer: 'UNAVAILABLE' } },
          { token: secondToken },
        ),
      ),
    ]);
    expect(answers.every((a) => a.errors === undefined)).toBe(true);
    roll = await api.ok<RollCall>(ROLL_CALL, { id: callUp!.id }, committee);
    expect(roll.callUp.counts).toEqual({ called: 5, available: 1, unavailable: 1, unanswered: 3 });
    await api.ok(
      ANSWER,
      { i: { callUpId: callUp!.id, answer: 'AVAILABLE', arriveAt } },
      secondToken,
    );
    roll = await api.ok<RollCall>(ROLL_CALL, { id: callUp!.id }, committee);
    expect(roll.callUp.counts).toEqual({ called: 5, available: 2, unavailable: 0, unanswered: 3 });
    expect(roll.byUnit[0]).toMatchObject({ called: 3, available: 2, unanswered: 1 });

    const available = await api.ok<{ totalCount: number; items: { memberId: string }[] }>(
      ENTRIES,
      { id: callUp!.id, s: 'AVAILABLE' },
      committee,
    );
    expect(available.items.map((e) => e.memberId).sort()).toEqual([first!.id, second!.id].sort());
    expect(await api.ok(MINE, {}, firstToken)).toEqual([
      expect.objectContaining({ id: callUp!.id, answer: 'AVAILABLE', status: 'OPEN' }),
    ]);

    // Outside the community: not called, cannot answer, cannot look.
    const outsiderToken = await tokenOf(outsiders[0]!);
    expect(
      await api.errorOf(
        ANSWER,
        { i: { callUpId: callUp!.id, answer: 'UNAVAILABLE' } },
        outsiderToken,
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(await api.ok(MINE, {}, outsiderToken)).toEqual([]);
    const otherCommittee = await committeeOf(elsewhere);
    expect(await api.errorOf(ROLL_CALL, { id: callUp!.id }, otherCommittee)).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await api.errorOf(CALL_UP, { i: input(elsewhere) }, committee)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await api.errorOf(LIST, { c: place.community.id }, otherCommittee)).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('calls only members with one of the skills asked for', async () => {
    const place = await createDispatchPlace(api.app);
    const medic = await createSeconded(api.app, place, { skills: ['急救', '驾驶'] });
    await createSeconded(api.app, place, { skills: ['电工'] });
    await createResident(api.app, place, { skills: ['急救'] });
    const committee = await committeeOf(place);
    const [callUp] = await api.ok<{ id: string }[]>(
      CALL_UP,
      { i: input(place, { skills: ['急救', '心理疏导'] }) },
      committee,
    );
    await settle();
    // the resident has the skill but residents were not called
    const entries = await api.ok<{ items: { memberId: string }[] }>(
      ENTRIES,
      { id: callUp!.id },
      committee,
    );
    expect(entries.items.map((e) => e.memberId)).toEqual([medic.id]);
  });

  it('reminds only the unanswered, at the interval; closing freezes the roll-call and stops reminders', async () => {
    const place = await createDispatchPlace(api.app);
    const members = [
      await createSeconded(api.app, place),
      await createSeconded(api.app, place),
      await createSeconded(api.app, place),
    ];
    let committee = await committeeOf(place);
    const [callUp] = await api.ok<{ id: string }[]>(
      CALL_UP,
      { i: input(place, { reminderMinutes: 30 }) },
      committee,
    );
    await settle();
    const [answering, late] = members;
    await api.ok(
      ANSWER,
      { i: { callUpId: callUp!.id, answer: 'UNAVAILABLE' } },
      await tokenOf(answering!),
    );

    await advanceTime(worker.module, clock, 30 * 60_000);
    await settle();
    const reminded = (await messagesOf(callUp!.id)).filter(
      (m) => m.template === 'CALL_UP_REMINDER',
    );
    expect(reminded.map((m) => m.memberId).sort()).toEqual(
      members
        .filter((m) => m !== answering)
        .map((m) => m.id)
        .sort(),
    );
    expect(reminded.every((m) => m.status === 'SENT')).toBe(true);

    // half an hour on, the access tokens of before have expired
    committee = await committeeOf(place);
    const closed = await api.ok<{ status: string; counts: Counts }>(
      CLOSE,
      { id: callUp!.id },
      committee,
    );
    expect(closed).toMatchObject({
      status: 'CLOSED',
      counts: { called: 3, available: 0, unavailable: 1, unanswered: 2 },
    });
    // closing again changes nothing
    expect(await api.ok(CLOSE, { id: callUp!.id }, committee)).toMatchObject({ status: 'CLOSED' });
    expect(
      await api.errorOf(
        ANSWER,
        { i: { callUpId: callUp!.id, answer: 'AVAILABLE', arriveAt: clock.now().toISOString() } },
        await tokenOf(late!),
      ),
    ).toMatchObject({ code: 'CALL_UP_CLOSED' });
    await advanceTime(worker.module, clock, 30 * 60_000);
    await settle();
    committee = await committeeOf(place);
    expect(
      (await messagesOf(callUp!.id)).filter((m) => m.template === 'CALL_UP_REMINDER'),
    ).toHaveLength(2);
    const roll = await api.ok<RollCall>(ROLL_CALL, { id: callUp!.id }, committee);
    expect(roll.callUp.counts).toEqual(closed.counts);
  });

  it('refuses bad input with a typed error and writes nothing', async () => {
    const place = await createDispatchPlace(api.app);
    const member = await createSeconded(api.app, place);
    const committee = await committeeOf(place);
    const count = async () =>
      (
        await api.app.get(UnitOfWork).query<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM call_up WHERE community_id = ${place.community.id}`)
      )[0]?.n;
    const now = clock.now().getTime();
    for (const [fields, field] of [
      [{ message: '  ' }, 'message'],
      [{ message: '召集\u202E' }, 'message'],
      [{ respondBy: new Date(now - 60_000).toISOString() }, 'respondBy'],
      [{ respondBy: new Date(now + 8 * 24 * HOUR).toISOString() }, 'respondBy'],
      [{ reminderMinutes: 5 }, 'reminderMinutes'],
      [{ communityIds: [] }, 'communityIds'],
    ] as const) {
      expect(await api.errorOf(CALL_UP, { i: input(place, fields) }, committee)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    expect(await count()).toBe(0);

    const [callUp] = await api.ok<{ id: string }[]>(CALL_UP, { i: input(place) }, committee);
    await settle();
    const token = await tokenOf(member);
    for (const [answer, field] of [
      [{ answer: 'AVAILABLE' }, 'arriveAt'],
      [{ answer: 'AVAILABLE', arriveAt: new Date(now - HOUR).toISOString() }, 'arriveAt'],
      [{ answer: 'UNAVAILABLE', arriveAt: new Date(now + HOUR).toISOString() }, 'arriveAt'],
    ] as const) {
      expect(
        await api.errorOf(ANSWER, { i: { callUpId: callUp!.id, ...answer } }, token),
      ).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const roll = await api.ok<RollCall>(ROLL_CALL, { id: callUp!.id }, committee);
    expect(roll.callUp.counts).toMatchObject({ called: 1, unanswered: 1 });
  });
});
