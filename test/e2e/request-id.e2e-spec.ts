import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createCommunity,
  drainQueue,
  makeMemberInput,
  signIn,
  startTestApi,
  startTestWorker,
  type TestApi,
  type TestWorker,
} from '#testing';

const REGISTER = 'mutation($input: RegisterMemberInput!) { registerMember(input: $input) { id } }';

/** One request id follows a mutation from the API through the outbox relay to the job handler. */
describe('request id across processes', () => {
  let api: TestApi;
  let worker: TestWorker;

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  it('names the request on the API line, the relay line and the handler line of a registration', async () => {
    const communityId = (await createCommunity(api.app)).id;
    const token = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId }]);
    const input = makeMemberInput({ residenceCommunityId: communityId });
    const res = await api.gql(REGISTER, { input }, { token });
    expect(res.errors).toBeUndefined();
    const requestId = res.headers['x-request-id'];
    await drainQueue(worker.module, 'notifications');
    expect(worker.sms.sent.some((s) => s.phone === input.phone)).toBe(true);

    // The one query: every line, of either process, with this request id.
    const lines = [...api.logLines(), ...worker.logLines()]
      .map((line) => JSON.parse(line) as { service: string; msg: string; requestId?: string })
      .filter((line) => line.requestId === requestId);
    expect(lines.map(({ service, msg }) => ({ service, msg }))).toEqual(
      expect.arrayContaining([
        { service: 'api', msg: 'request completed' },
        { service: 'worker', msg: 'outbox job relayed' },
        { service: 'worker', msg: 'job completed' },
      ]),
    );
    expect(JSON.stringify(lines)).not.toContain(input.phone);
  });
});
