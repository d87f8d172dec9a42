import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import {
  createDispatchPlace,
  createDraftTask,
  createSeconded,
  createTaskTypeOf,
  drainQueue,
  eventually,
  liveClient,
  signIn,
  startTestApi,
  startTestWorker,
  TestClock,
  type DispatchPlace,
  type LiveClient,
  type TestApi,
  type TestWorker,
} from '#testing';

const BOARD = `subscription($c: UUID!) { dispatchBoard(communityId: $c) {
  kind communityId taskId status callUpId counts { called available unavailable unanswered } } }`;
const FEED = `subscription { myFeed { template callUpId subjectId } }`;
const PUBLISH = `mutation($id: UUID!) { publishTask(id: $id) { id status } }`;
const CALL_UP = `mutation($i: CallUpInput!) { callUp(input: $i) { id } }`;
const ANSWER = `mutation($i: AnswerCallUpInput!) { answerCallUp(input: $i) { id answer } }`;
const ME = `query { me { id } }`;
const DISABLE = `mutation($id: UUID!) { disableAccount(id: $id) { id } }`;

interface BoardEvent {
  dispatchBoard: {
    kind: string;
    communityId: string;
    taskId: string | null;
    status: string | null;
    callUpId: string | null;
    counts: { called: number; available: number } | null;
  };
}

const HOUR = 3_600_000;

/**
 * The live board over WebSocket (graphql-ws through Mercurius), against the
 * real API on a port and the real worker: events travel through Redis
 * pub/sub from whichever process made the change. A subscriber sees only
 * its community's events; a connection needs a valid token and closes when
 * it no longer stands; the query limits and the caps hold.
 */
describe('live board and feed', () => {
  const clock = new TestClock();
  let api: TestApi;
  let worker: TestWorker;
  let url: string;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    const env = {
      LIVE_SESSION_CHECK_MS: '100',
      LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
      LIVE_MAX_CONNECTIONS_PER_ACCOUNT: '2',
    };
    api = await startTestApi({ clock, env });
    worker = await startTestWorker({ clock });
    url = await api.webSocketUrl();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  const connect = (token: string | undefined) => {
    const client = liveClient(url, token);
    clients.push(client);
    return client;
  };
  const committeeOf = (place: DispatchPlace) =>
    signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: place.community.id }]);
  async function gqlOk<T>(query: string, variables: Record<string, unknown>, token: string) {
    const res = await api.gql<T>(query, variables, { token });
    expect(res.errors).toBeUndefined();
    return res.data as T;
  }
  const draft = async (place: DispatchPlace) =>
    createDraftTask(api.app, {
      place,
      taskTypeId: await createTaskTypeOf(api.app, 'ROUTINE'),
      startsAt: new Date(clock.now().getTime() + 24 * HOUR),
      headcount: 1,
    });

  it('shows a committee its own community’s task changes, never another’s', async () => {
    const [a, b] = [await createDispatchPlace(api.app), await createDispatchPlace(api.app)];
    const [committeeA, committeeB] = [await committeeOf(a), await committeeOf(b)];
    const boardA = connect(committeeA);
    const boardB = connect(committeeB);
    await Promise.all([boardA.connected, boardB.connected]);
    const eventsA = boardA.subscribe<BoardEvent>(BOARD, { c: a.community.id });
    const eventsB = boardB.subscribe<BoardEvent>(BOARD, { c: b.community.id });
    // A's committee may not watch B's board
    const peek = boardA.subscribe<BoardEvent>(BOARD, { c: b.community.id });
    await eventually(() => peek.errors.length > 0);
    expect(peek.errors[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });

    // B's task first, then A's: when A's event has arrived, B's would have too
    const taskB = await draft(b);
    const taskA = await draft(a);
    // let both subscriptions register before anything changes
    await new Promise((resolve) => setTimeout(resolve, 200));
    await gqlOk(PUBLISH, { id: taskB }, committeeB);
    await gqlOk(PUBLISH, { id: taskA }, committeeA);
    await eventually(
      () =>
        eventsA.events.some((e) => e.dispatchBoard.taskId === taskA) &&
        eventsB.events.some((e) => e.dispatchBoard.taskId === taskB),
    );
    expect(eventsA.events[0]?.dispatchBoard).toMatchObject({
      kind: 'TASK_STATUS',
      communityId: a.community.id,
      taskId: taskA,
      status: 'DISPATCHING',
    });
    expect(eventsA.events.every((e) => e.dispatchBoard.communityId === a.community.id)).toBe(true);
    expect(eventsB.events.every((e) => e.dispatchBoard.communityId === b.community.id)).toBe(true);
    expect(peek.events).toEqual([]);
  });

  it('refuses a connection without a valid token', async () => {
    const anonymous = connect(undefined);
    await expect(anonymous.connected).rejects.toThrow('closed');
    const forged = connect('v1.eyJzdWIiOiJ4In0.forged');
    await expect(forged.connected).rejects.toThrow('closed');
  });

  it('closes the connection when its token expires or its account is disabled', async () => {
    const place = await createDispatchPlace(api.app);
    const expiring = connect(await committeeOf(place));
    await expiring.connected;
    expiring.subscribe<BoardEvent>(BOARD, { c: place.community.id });
    clock.advance(api.config.auth.accessTokenTtlSeconds * 1000 + 1000);
    await eventually(() => expiring.closedWith() !== undefined);
    expect(expiring.closedWith()).toBe(4401);

    const token = await committeeOf(place);
    const disabled = connect(token);
    await disabled.connected;
    disabled.subscribe<BoardEvent>(BOARD, { c: place.community.id });
    const { me } = await gqlOk<{ me: { id: string } }>(ME, {}, token);
    await gqlOk(DISABLE, { id: me.id }, await signIn(api.app, [{ role: 'OPERATOR' }]));
    await eventually(() => disabled.closedWith() !== undefined);
    expect(disabled.closedWith()).toBe(4401);
  });

  it('applies the query limits and the caps per connection and per account', async () => {
    const place = await createDispatchPlace(api.app);
    const token = await committeeOf(place);
    const first = connect(token);
    await first.connected;
    const aliases = Array.from({ length: 21 }, (_, i) => `k${String(i)}: kind`).join(' ');
    const tooWide = first.subscribe(
      `subscription($c: UUID!) { dispatchBoard(communityId: $c) { ${aliases} } }`,
      { c: place.community.id },
    );
    await eventually(() => tooWide.errors.length > 0);
    expect(tooWide.errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });

    const one = first.subscribe<BoardEvent>(BOARD, { c: place.community.id });
    const two = first.subscribe<BoardEvent>(BOARD, { c: place.community.id });
    const three = first.subscribe<BoardEvent>(BOARD, { c: place.community.id });
    await eventually(() => three.errors.length > 0);
    expect(three.errors[0]?.extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS' });
    expect([one.errors, two.errors]).toEqual([[], []]);

    // a connection takes one of the account's slots with its first subscription
    const second = connect(token);
    await second.connected;
    const kept = second.subscribe<BoardEvent>(BOARD, { c: place.community.id });
    const third = connect(token);
    await third.connected;
    third.subscribe<BoardEvent>(BOARD, { c: place.community.id });
    await eventually(() => third.closedWith() !== undefined);
    expect(third.closedWith()).toBe(4429);
    expect(kept.errors).toEqual([]);
    // a connection closed frees its slot
    await first.close();
    await eventually(async () => {
      const again = liveClient(url, token);
      try {
        await again.connected;
        const watching = again.subscribe<BoardEvent>(BOARD, { c: place.community.id });
        await new Promise((resolve) => setTimeout(resolve, 100));
        return watching.errors.length === 0 && again.closedWith() === undefined;
      } catch {
        return false;
      } finally {
        await again.close();
      }
    });
  });

  it('closes a socket that sends a second connection_init', async () => {
    const place = await createDispatchPlace(api.app);
    const token = await committeeOf(place);
    const socket = new WebSocket(url, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    const init = JSON.stringify({
      type: 'connection_init',
      payload: { authorization: `Bearer ${token}` },
    });
    socket.send(init);
    await new Promise((resolve) => socket.once('message', resolve)); // connection_ack
    socket.send(init);
    expect(await closed).toBe(4429);
  });

  it('brings a call-up to the members called and its roll-call counts to the board', async () => {
    const place = await createDispatchPlace(api.app);
    const elsewhere = await createDispatchPlace(api.app);
    const member = await createSeconded(api.app, place);
    const outsider = await createSeconded(api.app, elsewhere);
    const committee = await committeeOf(place);
    const memberToken = await signIn(api.app, [{ role: 'MEMBER', memberId: member.id }]);
    const outsiderToken = await signIn(api.app, [{ role: 'MEMBER', memberId: outsider.id }]);
    const [board, feed, outsiderFeed] = [
      connect(committee),
      connect(memberToken),
      connect(outsiderToken),
    ];
    await Promise.all([board.connected, feed.connected, outsiderFeed.connected]);
    const boardEvents = board.subscribe<BoardEvent>(BOARD, { c: place.community.id });
    const feedEvents = feed.subscribe<{ myFeed: { template: string; callUpId: string } }>(FEED);
    const outsiderEvents = outsiderFeed.subscribe(FEED);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const { callUp } = await gqlOk<{ callUp: { id: string }[] }>(
      CALL_UP,
      {
        i: {
          communityIds: [place.community.id],
          message: '火情，请到社区集合',
          respondBy: new Date(clock.now().getTime() + HOUR).toISOString(),
        },
      },
      committee,
    );
    const callUpId = callUp[0]!.id;
    await drainQueue(worker.module, 'call-ups');
    await eventually(() => feedEvents.events.some((e) => e.myFeed.callUpId === callUpId));
    expect(feedEvents.events).toContainEqual({
      myFeed: { template: 'CALL_UP', callUpId, subjectId: null },
    });

    await gqlOk(
      ANSWER,
      { i: { callUpId, answer: 'AVAILABLE', arriveAt: clock.now().toISOString() } },
      memberToken,
    );
    await eventually(() =>
      boardEvents.events.some(
        (e) => e.dispatchBoard.kind === 'ROLL_CALL' && e.dispatchBoard.counts?.available === 1,
      ),
    );
    expect(
      boardEvents.events.find((e) => e.dispatchBoard.kind === 'ROLL_CALL')?.dispatchBoard,
    ).toMatchObject({
      callUpId,
      counts: { called: 1, available: 0 },
    });
    expect(outsiderEvents.events).toEqual([]);
  });
});
