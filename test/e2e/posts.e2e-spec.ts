import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql, UnitOfWork } from '#database';
import type { MemberView } from '#domain/members';
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
  id postId postName startsAt endsAt headcount booked open members { id name kind } } }`;
const CLAIM = `mutation($i: ClaimPostInput!) { r: claimPost(input: $i) {
  id postId memberId shiftsPerMonth until commitment status } }`;
const END_CLAIM = `mutation($id: UUID!) { r: endPostClaim(id: $id) { id status } }`;
const MY_SHIFTS = `query { r: myShifts { id postId postName startsAt endsAt booked open } }`;
const POSTS = `query($c: UUID!) { r: posts(communityId: $c) { id status } }`;
const RETIRE = `mutation($id: UUID!) { r: retirePost(id: $id) { id status } }`;

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

  async function gqlOk<T>(query: string, variables: Record<string, unknown>, token: string) {
    const res = await api.gql<{ r: T }>(query, variables, { token });
    expect(res.errors).toBeUndefined();
    return res.data?.r as T;
  }
  const errorOf = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await api.gql(query, variables, { token });
    return res.errors?.[0]?.extensions ?? { code: 'OK' };
  };
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
    const post = await gqlOk<{ id: string; slots: unknown[] }>(
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
    const empty = await gqlOk<Coverage[]>(COVERAGE, { c: place.community.id, w: 4 }, committee);
    // four weeks of weekdays: 19 or 20 shifts, depending on today
    expect(empty.length).toBeGreaterThanOrEqual(19);
    expect(empty.every((s) => s.booked === 0 && s.open === 2)).toBe(true);

    const seconded = await createSeconded(api.app, place);
    const token = await tokenOf(seconded);
    const claim = await gqlOk<{ id: string; status: string }>(
      CLAIM,
      { i: claimInput(post.id) },
      token,
    );
    expect(claim).toMatchObject({ memberId: seconded.id, status: 'ACTIVE', shiftsPerMonth: 62 });
    expect(await errorOf(CLAIM, { i: claimInput(post.id) }, token)).toMatchObject({
      code: 'POST_ALREADY_CLAIMED',
    });
    await settle();
    const mine = await gqlOk<{ postId: string; booked: number; open: number }[]>(
      MY_SHIFTS,
      {},
      token,
    );
    expect(mine).toHaveLength(empty.length);
    expect(mine.every((s) => s.postId === post.id && s.booked === 1 && s.open === 1)).toBe(true);

    // A resident claims too, for two shifts a month: the shifts they do not
    // take stay half open and come first in the committee's view.
    const resident = await createResident(api.app, place);
    await gqlOk(
      CLAIM,
      { i: { ...claimInput(post.id), shiftsPerMonth: 2 } },
      await tokenOf(resident),
    );
    await settle();
    const coverage = await gqlOk<Coverage[]>(COVERAGE, { c: place.community.id }, committee);
    const full = coverage.filter((s) => s.open === 0);
    expect(full.length).toBeGreaterThanOrEqual(2);
    expect(full.length).toBeLessThanOrEqual(4);
    const firstFull = coverage.findIndex((s) => s.open === 0);
    expect(coverage.slice(firstFull).every((s) => s.open === 0)).toBe(true);
    expect(full[0]?.members.map((m) => m.id).sort()).toEqual([seconded.id, resident.id].sort());

    await gqlOk(END_CLAIM, { id: claim.id }, token);
    expect(await gqlOk(MY_SHIFTS, {}, token)).toEqual([]);
    await gqlOk(RETIRE, { id: post.id }, committee);
    expect(await gqlOk(COVERAGE, { c: place.community.id }, committee)).toEqual([]);
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
      expect(await errorOf(CREATE, { i: await postInput(place, fields) }, committee)).toMatchObject(
        expected,
      );
    }
    // another community's committee may not set up posts here
    expect(
      await errorOf(CREATE, { i: await postInput(place) }, await committeeOf(elsewhere)),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const [written] = await api.app
      .get(UnitOfWork)
      .query<{ count: number }>(
        sql`SELECT count(*)::int AS count FROM post WHERE community_id = ${place.community.id}`,
      );
    expect(written?.count).toBe(0);

    const post = await gqlOk<{ id: string }>(CREATE, { i: await postInput(place) }, committee);
    const outsider = await tokenOf(await createResident(api.app, elsewhere));
    expect(await gqlOk(POSTS, { c: place.community.id }, outsider)).toEqual([]);
    expect(await errorOf(CLAIM, { i: claimInput(post.id) }, outsider)).toMatchObject({
      code: 'POST_NOT_CLAIMABLE',
    });
    expect(
      await errorOf(COVERAGE, { c: place.community.id }, await committeeOf(elsewhere)),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const neighbour = await tokenOf(await createResident(api.app, place));
    for (const [fields, expected] of [
      [{ shiftsPerMonth: 0 }, { code: 'BAD_USER_INPUT', field: 'shiftsPerMonth' }],
      [{ until: '2020-01-01' }, { code: 'BAD_USER_INPUT', field: 'until' }],
      [{ commitment: ' ' }, { code: 'BAD_USER_INPUT', field: 'commitment' }],
    ] as const) {
      expect(
        await errorOf(CLAIM, { i: { ...claimInput(post.id), ...fields } }, neighbour),
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
