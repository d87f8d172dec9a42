import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { sql, UnitOfWork } from '#database';
import {
  createDispatchPlace,
  eventually,
  liveClient,
  signIn,
  startTestApi,
  startTestWorker,
  TestClock,
  type LiveClient,
  type TestApi,
} from '#testing';

const EXPORT_UNIT = `mutation($u: UUID!) {
  r: exportUnitParticipationReport(unitId: $u, period: { fromMonth: "2026-01", toMonth: "2026-06" }, format: CSV) {
    id status } }`;
const EXPORT_RECORDS = `mutation($c: UUID!) {
  r: exportVolunteerRecords(communityId: $c, period: { fromMonth: "2026-01", toMonth: "2026-06" }) {
    id status } }`;
const UPDATES = `subscription { myReportExportUpdates { exportId status progress at } }`;
const BOARD = `subscription($c: UUID!) { dispatchBoard(communityId: $c) {
  kind communityId exportId exportStatus progress } }`;

interface Update {
  myReportExportUpdates: { exportId: string; status: string; progress: number };
}
interface Board {
  dispatchBoard: { kind: string; exportId: string | null; exportStatus: string | null };
}

/**
 * Exports waiting for the worker, per account, and how an export's progress
 * reaches whoever asked (and a community's board, for its volunteer
 * records) live. The API runs alone at first, so exports stay queued until
 * the test starts a worker for the reports queue.
 */
describe('report export limits and progress', () => {
  const clock = new TestClock(new Date('2026-11-24T04:00:00Z'));
  let api: TestApi;
  let url: string;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    api = await startTestApi({ clock, env: { REPORT_EXPORTS_WAITING_MAX: '2' } });
    url = await api.webSocketUrl();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await api.close();
  });

  const connect = async (token: string) => {
    const client = liveClient(url, token);
    clients.push(client);
    await client.connected;
    return client;
  };
  const waiting = async (unitId: string) => {
    const [row] = await api.app.get(UnitOfWork).query<{ count: number }>(sql`
      SELECT count(*)::int AS count FROM report_export WHERE unit_id = ${unitId}::uuid`);
    return row?.count;
  };

  it('keeps an account to REPORT_EXPORTS_WAITING_MAX exports waiting, even asked at once', async () => {
    const place = await createDispatchPlace(api.app);
    const hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: place.unit.id }]);
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => api.errorOf(EXPORT_UNIT, { u: place.unit.id }, hr)),
    );
    expect(answers.filter((a) => a.code === 'OK')).toHaveLength(2);
    const refused = answers.filter((a) => a.code !== 'OK');
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatchObject({ code: 'TOO_MANY_EXPORTS', category: 'RATE_LIMITED' });
    const res = await api.gql(EXPORT_UNIT, { u: place.unit.id }, { token: hr, language: 'zh-CN' });
    expect(res.errors?.[0]?.message).toContain('最多同时等待 2 个导出');
    // a refused request wrote nothing
    expect(await waiting(place.unit.id)).toBe(2);
    // the limit is the account's: another HR officer of the unit may still ask
    clock.advance(60_000);
    const colleague = await signIn(api.app, [{ role: 'UNIT_HR', unitId: place.unit.id }]);
    expect(await api.errorOf(EXPORT_UNIT, { u: place.unit.id }, colleague)).toEqual({
      code: 'OK',
    });
    // an export a day old whose job died with no word back no longer holds a
    // place (the oldest is one of the first account's: the colleague asked later)
    await api.app.get(UnitOfWork).query(sql`
      UPDATE report_export SET requested_at = requested_at - interval '25 hours'
       WHERE id = (SELECT id FROM report_export WHERE unit_id = ${place.unit.id}::uuid
                    ORDER BY requested_at LIMIT 1)`);
    expect(await api.errorOf(EXPORT_UNIT, { u: place.unit.id }, hr)).toEqual({ code: 'OK' });
    expect(await waiting(place.unit.id)).toBe(4);
  });

  it('tells whoever asked how the export moves on, and the community’s board of its volunteer records', async () => {
    const place = await createDispatchPlace(api.app);
    const committee = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    const bystander = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: place.community.id },
    ]);
    const mine = (await connect(committee)).subscribe<Update>(UPDATES);
    const board = (await connect(bystander)).subscribe<Board>(BOARD, { c: place.community.id });
    const theirs = (await connect(bystander)).subscribe<Update>(UPDATES);
    // let the subscriptions register before anything changes
    await new Promise((resolve) => setTimeout(resolve, 200));

    const asked = await api.ok<{ id: string; status: string }>(
      EXPORT_RECORDS,
      { c: place.community.id },
      committee,
    );
    expect(asked.status).toBe('QUEUED');
    const worker = await startTestWorker({ clock, env: { WORKER_QUEUES: 'reports' } });
    try {
      await eventually(() => mine.events.some((e) => e.myReportExportUpdates.status === 'DONE'));
      const seen = mine.events
        .map((e) => e.myReportExportUpdates)
        .filter((e) => e.exportId === asked.id);
      expect(seen.map((e) => [e.status, e.progress])).toEqual([
        ['QUEUED', 0],
        ['RUNNING', 10],
        ['RUNNING', 50],
        ['DONE', 100],
      ]);
      await eventually(() => board.events.some((e) => e.dispatchBoard.exportStatus === 'DONE'));
      expect(board.events.map((e) => e.dispatchBoard)).toContainEqual({
        kind: 'REPORT_EXPORT',
        communityId: place.community.id,
        exportId: asked.id,
        exportStatus: 'DONE',
        progress: 100,
      });
      // another account's own updates say nothing of it
      expect(theirs.events).toEqual([]);
      expect(mine.errors).toEqual([]);
    } finally {
      await worker.close();
    }
  });
});
