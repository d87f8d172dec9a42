import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql, UnitOfWork } from '#database';
import type { MemberView } from '#domain/members';
import { ShiftPlanner, ShiftRefiller } from '#domain/posts';
import {
  createDispatchPlace,
  createResident,
  createSeconded,
  createTaskTypeOf,
  drainQueue,
  signIn,
  startTestApi,
  startTestWorker,
  TestClock,
  type DispatchPlace,
  type TestApi,
  type TestWorker,
} from '#testing';

const CREATE = `mutation($i: CreatePostInput!) { r: createPost(input: $i) {
  id name headcount status startsOn endsOn slots { weekday startTime minutes } } }`;
const COVERAGE = `query($c: UUID!, $w: Int) { r: postCoverage(communityId: $c, weeks: $w) {
  id postId postName startsAt endsAt headcount booked refilling open members { id name kind } } }`;
const CLAIM = `mutation($i: ClaimPostInput!) { r: claimPost(input: $i) {
  id postId memberId shiftsPerMonth until commitment status } }`;
const END_CLAIM = `mutation($id: UUID!) { r: endPostClaim(id: $id) { id status } }`;
const MY_SHIFTS = `query { r: myShifts { id postId postName startsAt endsAt booked open } }`;
const POSTS = `query($c: UUID!) { r: posts(communityId: $c) { id status } }`;
const RETIRE = `mutation($id: UUID!) { r: retirePost(id: $id) { id status } }`;
const CANDIDATES = `query($s: UUID!) { r: shiftSwapCandidates(shiftId: $s) { id name } }`;
const REQUEST_SWAP = `mutation($i: RequestShiftSwapInput!) { r: requestShiftSwap(input: $i) {
  id status note } }`;
const ANSWER_SWAP = `mutation($id: UUID!, $a: Boolean!) { r: answerShiftSwap(id: $id, accept: $a) {
  id status } }`;
const MY_SWAPS = `query { r: myShiftSwaps { id shiftId postName status fromMember { id } toMember { id } } }`;
const RELEASE = `mutation($s: UUID!) { r: releaseShift(shiftId: $s) }`;
const OFFERS = `query { r: myOffers { id task { id title } } }`;
const ACCEPT = `mutation($id: UUID!) { r: acceptOffer(id: $id) { id status } }`;

interface Coverage {
  id: string;
  booked: number;
  open: number;
  startsAt: string;
  members: { id: string; name: string; kind: string }[];
}

/**
 * Duty posts through GraphQL with the real worker: the committee sets up a
 * post, the worker plans its shifts, members claim it and see their shifts,
 * the committee watches coverage; bad input and foreign members change
 * nothing.
 */
describe('posts', () => {
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

  /** The post plans (and any other housekeeping job) run to the end. */
  const settle = () => drainQueue(worker.module, 'maintenance');
  const committeeOf = (place: DispatchPlace) =>
    signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: place.community.id }]);
  const tokenOf = (member: MemberView) =>
    signIn(api.app, [{ role: 'MEMBER', memberId: member.id }]);
  const postInput = async (place: DispatchPlace, fields: Record<string, unknown> = {}) => ({
    communityId: place.community.id,
    courtyardId: place.courtyard.id,
    taskTypeId: await createTaskTypeOf(api.app, 'ROUTINE'),
    name: '小区门岗值守',
    headcount: 2,
    slots: [{ weekdays: [1, 2, 3, 4, 5], startTime: '18:00', minutes: 180 }],
    startsOn: '2020-01-01',
    ...fields,
  });
  const claimInput = (postId: string) => ({
    postId,
    shiftsPerMonth: 62,
    until: '2099-12-31',
    commitment: '每个工作日晚上按时到岗',
  });

  it('plans a post’s shifts, books a member who claims it, and shows the committee the gaps first', async () => {
    const place = await createDispatchPlace(api.app);
    const committee = await committeeOf(place);
    const post = await api.ok<{ id: string; slots: unknown[] }>(
      CREATE,
      { i: await postInput(place) },
      committee,
    );
    expect(post).toMatchObject({
      name: '小区门岗值守',
      headcount: 2,
      status: 'ACTIVE',
      startsOn: '2020-01-01',
      endsOn: null,
    });
    expect(post.slots).toHaveLength(5);
    await settle();
    const empty = await api.ok<Coverage[]>(COVERAGE, { c: place.community.id, w: 4 }, committee);
    // four weeks of weekdays: 19 or 20 shifts, depending on today
    expect(empty.length).toBeGreaterThanOrEqual(19);
    expect(empty.every((s) => s.booked === 0 && s.open === 2)).toBe(true);

    const seconded = await createSeconded(api.app, place);
    const token = await tokenOf(seconded);
    const claim = await api.ok<{ id: string; status: string }>(
      CLAIM,
      { i: claimInput(post.id) },
      token,
    );
    expect(claim).toMatchObject({ memberId: seconded.id, status: 'ACTIVE', shiftsPerMonth: 62 });
    expect(await api.errorOf(CLAIM, { i: claimInput(post.id) }, token)).toMatchObject({
      code: 'POST_ALREADY_CLAIMED',
    });
    await settle();
    const mine = await api.ok<{ postId: string; booked: number; open: number }[]>(
      MY_SHIFTS,
      {},
      token,
    );
    expect(mine).toHaveLength(empty.length);
    expect(mine.every((s) => s.postId === post.id && s.booked === 1 && s.open === 1)).toBe(true);
    // weeks of shifts booked at once are one message, and planning again sends none
    const booked = () =>
      api.app.get(UnitOfWork).query<{ subjectId: string; status: string }>(sql`
        SELECT subject_id AS "subjectId", status FROM notification
         WHERE member_id = ${seconded.id} AND template = 'SHIFTS_BOOKED'`);
    await worker.module.get(ShiftPlanner).plan(post.id);
    await drainQueue(worker.module, 'notifications');
    const [told, ...more] = await booked();
    expect(more).toEqual([]);
    expect(told?.status).toBe('SENT');
    const [soonest] = await api.app.get(UnitOfWork).query<{ id: string }>(sql`
      SELECT a.id FROM assignment a JOIN shift s ON s.id = a.shift_id
       WHERE a.member_id = ${seconded.id} ORDER BY s.starts_at LIMIT 1`);
    expect(told?.subjectId).toBe(soonest?.id);

    // A resident claims too, for two shifts a month: the shifts they do not
    // take stay half open and come first in the committee's view.
    const resident = await createResident(api.app, place);
    await api.ok(
      CLAIM,
      { i: { ...claimInput(post.id), shiftsPerMonth: 2 } },
      await tokenOf(resident),
    );
    await settle();
    const coverage = await api.ok<Coverage[]>(COVERAGE, { c: place.community.id }, committee);
    const full = coverage.filter((s) => s.open === 0);
    expect(full.length).toBeGreaterThanOrEqual(2);
    expect(full.length).toBeLessThanOrEqual(4);
    const firstFull = coverage.findIndex((s) => s.open === 0);
    expect(coverage.slice(firstFull).every((s) => s.open === 0)).toBe(true);
    expect(full[0]?.members.map((m) => m.id).sort()).toEqual([seconded.id, resident.id].sort());

    await api.ok(END_CLAIM, { id: claim.id }, token);
    expect(await api.ok(MY_SHIFTS, {}, token)).toEqual([]);
    await api.ok(RETIRE, { id: post.id }, committee);
    expect(await api.ok(COVERAGE, { c: place.community.id }, committee)).toEqual([]);
  });

  it('hands a shift to a fellow claimant who accepts, never to a member busy then, and tells both', async () => {
    const place = await createDispatchPlace(api.app);
    const committee = await committeeOf(place);
    const input = await postInput(place, { headcount: 1 });
    const post = await api.ok<{ id: string }>(CREATE, { i: input }, committee);
    await settle();
    const asker = await createSeconded(api.app, place);
    const askerToken = await tokenOf(asker);
    await api.ok(CLAIM, { i: claimInput(post.id) }, askerToken);
    await settle();
    // claiming later, the taker finds every shift taken
    const taker = await createResident(api.app, place);
    const takerToken = await tokenOf(taker);
    await api.ok(CLAIM, { i: claimInput(post.id) }, takerToken);
    await settle();
    const [first, second] = await api.ok<{ id: string }[]>(MY_SHIFTS, {}, askerToken);
    expect(await api.ok(MY_SHIFTS, {}, takerToken)).toEqual([]);

    expect(await api.ok(CANDIDATES, { s: first?.id }, askerToken)).toEqual([
      { id: taker.id, name: taker.name },
    ]);
    // not a shift of theirs: nothing to learn about it
    expect(await api.ok(CANDIDATES, { s: first?.id }, takerToken)).toEqual([]);
    const neighbour = await createResident(api.app, place);
    expect(
      await api.errorOf(
        REQUEST_SWAP,
        { i: { shiftId: first?.id, toMemberId: neighbour.id } },
        askerToken,
      ),
    ).toMatchObject({ code: 'SHIFT_SWAP_TARGET' });
    expect(
      await api.errorOf(
        REQUEST_SWAP,
        { i: { shiftId: first?.id, toMemberId: taker.id, note: 'x'.repeat(201) } },
        askerToken,
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    const swap = await api.ok<{ id: string }>(
      REQUEST_SWAP,
      { i: { shiftId: first?.id, toMemberId: taker.id, note: '家中有事，麻烦代班' } },
      askerToken,
    );
    expect(swap).toMatchObject({ status: 'PENDING', note: '家中有事，麻烦代班' });
    expect(
      await api.errorOf(
        REQUEST_SWAP,
        { i: { shiftId: first?.id, toMemberId: taker.id } },
        askerToken,
      ),
    ).toMatchObject({ code: 'SHIFT_SWAP_PENDING' });
    expect(await api.ok(MY_SWAPS, {}, takerToken)).toEqual([
      expect.objectContaining({ id: swap.id, shiftId: first?.id, fromMember: { id: asker.id } }),
    ]);
    // only the member asked answers
    expect(await api.errorOf(ANSWER_SWAP, { id: swap.id, a: true }, askerToken)).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await api.ok(ANSWER_SWAP, { id: swap.id, a: true }, takerToken)).toMatchObject({
      status: 'ACCEPTED',
    });
    expect(await api.errorOf(ANSWER_SWAP, { id: swap.id, a: false }, takerToken)).toMatchObject({
      code: 'SHIFT_SWAP_ANSWERED',
    });
    expect((await api.ok<{ id: string }[]>(MY_SHIFTS, {}, takerToken)).map((s) => s.id)).toEqual([
      first?.id,
    ]);
    expect(
      (await api.ok<{ id: string }[]>(MY_SHIFTS, {}, askerToken)).map((s) => s.id),
    ).not.toContain(first?.id);
    // the nightly plan does not book the asker back onto the shift they gave up
    await worker.module.get(ShiftPlanner).plan(post.id);
    const coverage = await api.ok<Coverage[]>(COVERAGE, { c: place.community.id }, committee);
    expect(coverage.find((s) => s.id === first?.id)?.members.map((m) => m.id)).toEqual([taker.id]);
    const uow = api.app.get(UnitOfWork);
    const told = await uow.query<{ template: string; memberId: string }>(sql`
      SELECT template, member_id AS "memberId" FROM notification
       WHERE subject_id = ${swap.id} ORDER BY template`);
    expect(told).toEqual([
      { template: 'SHIFT_SWAP_ANSWERED', memberId: asker.id },
      { template: 'SHIFT_SWAP_REQUESTED', memberId: taker.id },
    ]);

    // The taker holds another post's shift at the second shift's time: the
    // swap is refused and the asker stays booked.
    const other = await api.ok<{ id: string }>(
      CREATE,
      { i: { ...input, name: '夜间巡逻' } },
      committee,
    );
    await settle();
    await api.ok(CLAIM, { i: claimInput(other.id) }, takerToken);
    await settle();
    const busy = await api.ok<{ id: string }>(
      REQUEST_SWAP,
      { i: { shiftId: second?.id, toMemberId: taker.id } },
      askerToken,
    );
    expect(await api.errorOf(ANSWER_SWAP, { id: busy.id, a: true }, takerToken)).toMatchObject({
      code: 'MEMBER_BUSY',
    });
    expect((await api.ok<{ id: string }[]>(MY_SHIFTS, {}, askerToken)).map((s) => s.id)).toContain(
      second?.id,
    );
    expect(await api.ok(MY_SWAPS, {}, takerToken)).toEqual([
      expect.objectContaining({ id: busy.id, status: 'PENDING' }),
    ]);
  });

  it('gives a released shift to another claimant first, else sends it out through dispatch, never back to who released it', async () => {
    const place = await createDispatchPlace(api.app);
    const committee = await committeeOf(place);
    const post = await api.ok<{ id: string }>(
      CREATE,
      { i: await postInput(place, { headcount: 1 }) },
      committee,
    );
    await settle();
    const first = await createResident(api.app, place);
    const firstToken = await tokenOf(first);
    await api.ok(CLAIM, { i: claimInput(post.id) }, firstToken);
    await settle();
    const second = await createResident(api.app, place);
    const secondToken = await tokenOf(second);
    await api.ok(CLAIM, { i: claimInput(post.id) }, secondToken);
    await settle();
    const [shift] = await api.ok<{ id: string }[]>(MY_SHIFTS, {}, firstToken);

    expect(await api.ok(RELEASE, { s: shift?.id }, firstToken)).toBe(true);
    expect(await api.errorOf(RELEASE, { s: shift?.id }, firstToken)).toMatchObject({
      code: 'NOT_FOUND',
    });
    await settle();
    expect((await api.ok<{ id: string }[]>(MY_SHIFTS, {}, secondToken)).map((s) => s.id)).toEqual([
      shift?.id,
    ]);

    // Nobody else claimed it: the place goes out as a task, to a neighbour,
    // and not to either member who gave it up.
    const neighbour = await createResident(api.app, place);
    expect(await api.ok(RELEASE, { s: shift?.id }, secondToken)).toBe(true);
    await settle();
    for (const queue of ['dispatch-routine', 'notifications'])
      await drainQueue(worker.module, queue);
    const refill = (await api.ok<Coverage[]>(COVERAGE, { c: place.community.id }, committee)).find(
      (s) => s.id === shift?.id,
    );
    expect(refill).toMatchObject({ booked: 0, refilling: 1, open: 0 });
    expect(await api.ok(OFFERS, {}, firstToken)).toEqual([]);
    expect(await api.ok(OFFERS, {}, secondToken)).toEqual([]);
    const [offer] = await api.ok<{ id: string; task: { title: string } }[]>(
      OFFERS,
      {},
      await tokenOf(neighbour),
    );
    expect(offer?.task.title).toBe('小区门岗值守（补位）');
    await api.ok(ACCEPT, { id: offer?.id }, await tokenOf(neighbour));
    const covered = (await api.ok<Coverage[]>(COVERAGE, { c: place.community.id }, committee)).find(
      (s) => s.id === shift?.id,
    );
    expect(covered).toMatchObject({ booked: 1, refilling: 0, open: 0 });
    expect(covered?.members.map((m) => m.id)).toEqual([neighbour.id]);
    // a refill job run again (a retry, a replay) sends nothing twice
    const uow = api.app.get(UnitOfWork);
    const released = await uow.query<{ id: string }>(
      sql`SELECT id FROM assignment WHERE shift_id = ${shift?.id} AND status = 'RELEASED'`,
    );
    expect(released).toHaveLength(2);
    for (const { id } of released) {
      expect(await worker.module.get(ShiftRefiller).refill(id)).toBeNull();
    }
    const [tasks] = await uow.query<{ count: number }>(
      sql`SELECT count(*)::int AS count FROM task WHERE shift_id = ${shift?.id}`,
    );
    expect(tasks?.count).toBe(1);
  });

  it('refuses bad input with a typed error and writes nothing; members elsewhere neither see nor claim', async () => {
    const place = await createDispatchPlace(api.app);
    const elsewhere = await createDispatchPlace(api.app);
    const committee = await committeeOf(place);
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [
        {
          slots: [
            { weekdays: [1], startTime: '18:00', minutes: 180 },
            { weekdays: [1], startTime: '20:00', minutes: 60 },
          ],
        },
        { code: 'BAD_USER_INPUT', field: 'slots' },
      ],
      [
        { slots: [{ weekdays: [8], startTime: '18:00', minutes: 60 }] },
        { code: 'BAD_USER_INPUT', field: 'slots' },
      ],
      [{ headcount: 0 }, { code: 'BAD_USER_INPUT', field: 'headcount' }],
      [{ headcount: 10_000 }, { code: 'BAD_USER_INPUT', field: 'headcount' }],
      [{ endsOn: '2019-12-31' }, { code: 'BAD_USER_INPUT', field: 'endsOn' }],
      [{ name: '\u202e岗位' }, { code: 'BAD_USER_INPUT', field: 'name' }],
      [{ courtyardId: elsewhere.courtyard.id }, { code: 'COURTYARD_NOT_IN_COMMUNITY' }],
      [{ taskTypeId: '00000000-0000-4000-8000-000000000000' }, { code: 'NOT_FOUND' }],
    ];
    for (const [fields, expected] of cases) {
      expect(
        await api.errorOf(CREATE, { i: await postInput(place, fields) }, committee),
      ).toMatchObject(expected);
    }
    // another community's committee may not set up posts here
    expect(
      await api.errorOf(CREATE, { i: await postInput(place) }, await committeeOf(elsewhere)),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const [written] = await api.app
      .get(UnitOfWork)
      .query<{ count: number }>(
        sql`SELECT count(*)::int AS count FROM post WHERE community_id = ${place.community.id}`,
      );
    expect(written?.count).toBe(0);

    const post = await api.ok<{ id: string }>(CREATE, { i: await postInput(place) }, committee);
    const outsider = await tokenOf(await createResident(api.app, elsewhere));
    expect(await api.ok(POSTS, { c: place.community.id }, outsider)).toEqual([]);
    expect(await api.errorOf(CLAIM, { i: claimInput(post.id) }, outsider)).toMatchObject({
      code: 'POST_NOT_CLAIMABLE',
    });
    expect(
      await api.errorOf(COVERAGE, { c: place.community.id }, await committeeOf(elsewhere)),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const neighbour = await tokenOf(await createResident(api.app, place));
    for (const [fields, expected] of [
      [{ shiftsPerMonth: 0 }, { code: 'BAD_USER_INPUT', field: 'shiftsPerMonth' }],
      [{ until: '2020-01-01' }, { code: 'BAD_USER_INPUT', field: 'until' }],
      [{ commitment: ' ' }, { code: 'BAD_USER_INPUT', field: 'commitment' }],
    ] as const) {
      expect(
        await api.errorOf(CLAIM, { i: { ...claimInput(post.id), ...fields } }, neighbour),
      ).toMatchObject(expected);
    }
    const [claims] = await api.app
      .get(UnitOfWork)
      .query<{ count: number }>(
        sql`SELECT count(*)::int AS count FROM post_claim WHERE post_id = ${post.id}`,
      );
    expect(claims?.count).toBe(0);
  });
});
