import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AccountsService, AuthService } from '#auth';
import {
  createCommunity,
  createMember,
  createUnit,
  operatorActor,
  signIn,
  startTestApi,
  unique,
  type TestApi,
} from '#testing';

interface Pairing {
  unitId: string;
  communityId: string;
  pairedAt: string;
  endedAt: string | null;
}

const PAIRING = 'unitId communityId pairedAt endedAt';
const END = `mutation($u: UUID!, $c: UUID!) { r: endPairing(unitId: $u, communityId: $c) { ${PAIRING} } }`;
const PAIR = `mutation($i: PairUnitInput!) { r: pairUnit(input: $i) { ${PAIRING} } }`;

/**
 * Ending a unit–community pairing (对口联系): the row stays as history, but
 * from then on it grants no sight of the unit's members and no report-in;
 * it cannot end while members or batches still depend on it; pairing again
 * reopens it.
 */
describe('ending a unit–community pairing', () => {
  let api: TestApi;
  let db: DataSource;
  let operator: string;

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    operator = await signIn(api.app, [{ role: 'OPERATOR' }]);
  });

  afterAll(async () => {
    await api.close();
  });

  const gql = <T = { r: Pairing }>(q: string, v: Record<string, unknown>, token: string) =>
    api.gql<T>(q, v, { token });

  /** A community with its committee, and a unit paired with it, with its HR. */
  async function pairedUnit() {
    const community = (await createCommunity(api.app)).id;
    const unit = (await createUnit(api.app)).id;
    const admin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community }]);
    const hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: unit }]);
    const paired = await gql(PAIR, { i: { unitId: unit, communityId: community } }, admin);
    expect(paired.errors).toBeUndefined();
    return { community, unit, admin, hr };
  }

  const seconded = async (unitId: string, residenceCommunityId?: string) =>
    (
      await createMember(api.app, {
        kind: 'SECONDED',
        unitId,
        ...(residenceCommunityId ? { residenceCommunityId } : {}),
      })
    ).member.id;

  const batchReportIn = (unitId: string, communityId: string, memberIds: string[], hr: string) =>
    gql<{ r: { id: string; status: string }[] }>(
      `mutation($i: BatchReportInInput!) { r: batchReportIn(input: $i) { id status } }`,
      { i: { unitId, communityId, memberIds } },
      hr,
    );

  const step = (mutation: string, id: string, token: string) =>
    gql<{ r: { id: string; status: string } }>(
      `mutation($id: UUID!) { r: ${mutation}(id: $id) { id status } }`,
      { id },
      token,
    );

  /** The member ids of the unit that the token's holder sees. */
  async function seenMembersOf(unitId: string, token: string): Promise<string[]> {
    const res = await gql<{ members: { items: { id: string }[] } }>(
      'query($f: MemberFilterInput) { members(first: 100, filter: $f) { items { id } } }',
      { f: { unitId } },
      token,
    );
    expect(res.errors).toBeUndefined();
    return (res.data?.members.items ?? []).map((m) => m.id).sort();
  }

  /** The stored pairing and the audit lines of its endings. */
  async function stored(unitId: string, communityId: string) {
    const [row] = await db.query<{ ended: boolean; endings: number }[]>(
      `SELECT (SELECT ended_at IS NOT NULL FROM unit_community_pairing
                WHERE unit_id = $1 AND community_id = $2) AS ended,
              (SELECT count(*)::int FROM audit_log
                WHERE action = 'unit.end_pairing' AND entity_id = $1 || '/' || $2) AS endings`,
      [unitId, communityId],
    );
    return row;
  }

  it('hides the unit and its members not serving there, refuses report-in, keeps the history, and reopens on pairing again', async () => {
    const { community, unit, admin, hr } = await pairedUnit();
    const neverReported = await seconded(unit);
    const formerlyServing = await seconded(unit);
    const [secondment] =
      (await batchReportIn(unit, community, [formerlyServing], hr)).data?.r ?? [];
    expect((await step('acceptSecondment', secondment?.id ?? '', admin)).errors).toBeUndefined();
    expect((await step('endSecondment', secondment?.id ?? '', hr)).errors).toBeUndefined();
    const both = [neverReported, formerlyServing].sort();
    expect(await seenMembersOf(unit, admin)).toEqual(both);

    const ended = await gql(END, { u: unit, c: community }, admin);
    expect(ended.errors).toBeUndefined();
    expect(ended.data?.r.endedAt).not.toBeNull();
    const firstPairedAt = ended.data?.r.pairedAt ?? '';

    // The committee no longer sees the unit's members, nor the unit.
    expect(await seenMembersOf(unit, admin)).toEqual([]);
    const byId = await gql(
      'query($id: UUID!) { member(id: $id) { id } }',
      { id: neverReported },
      admin,
    );
    expect(byId.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const unitRead = await gql('query($id: UUID!) { unit(id: $id) { id } }', { id: unit }, admin);
    expect(unitRead.errors?.[0]?.extensions.code).toBe('NOT_FOUND');

    // Both parties still read the ended pairing as history, with the other side's name.
    const history = await gql<{
      community: {
        pairedUnits: { id: string }[];
        pairings: (Pairing & { unit: { id: string } })[];
      };
    }>(
      `query($id: UUID!) { community(id: $id) {
         pairedUnits { id } pairings { ${PAIRING} unit { id name } } } }`,
      { id: community },
      admin,
    );
    expect(history.errors).toBeUndefined();
    expect(history.data?.community.pairedUnits).toEqual([]);
    expect(history.data?.community.pairings).toEqual([
      expect.objectContaining({
        unitId: unit,
        endedAt: ended.data?.r.endedAt,
        unit: expect.objectContaining({ id: unit }),
      }),
    ]);
    const unitHistory = await gql<{
      unit: { pairedCommunities: { id: string }[]; pairings: Pairing[] };
    }>(
      `query($id: UUID!) { unit(id: $id) { pairedCommunities { id } pairings { ${PAIRING} community { name } } } }`,
      { id: unit },
      hr,
    );
    expect(unitHistory.data?.unit.pairedCommunities).toEqual([]);
    expect(unitHistory.data?.unit.pairings).toEqual([
      expect.objectContaining({ communityId: community, endedAt: ended.data?.r.endedAt }),
    ]);

    // No report-in and no rotation batch on the strength of an ended pairing.
    const batch = await batchReportIn(unit, community, [neverReported], hr);
    expect(batch.errors?.[0]?.extensions).toMatchObject({ code: 'UNIT_NOT_PAIRED' });
    const individual = await gql(
      `mutation($i: ReportInInput!) { r: reportIn(input: $i) { id } }`,
      { i: { memberId: neverReported, communityId: community } },
      hr,
    );
    expect(individual.errors?.[0]?.extensions).toMatchObject({ code: 'COMMUNITY_NOT_ELIGIBLE' });
    const rotation = await gql(
      `mutation($i: CreateRotationBatchInput!) { r: createRotationBatch(input: $i) { id } }`,
      {
        i: {
          communityId: community,
          leadUnitId: unit,
          name: unique('批次'),
          plannedStart: '2026-03-01',
          plannedEnd: '2026-09-01',
          headcount: 10,
          filingReference: unique('备'),
        },
      },
      admin,
    );
    expect(rotation.errors?.[0]?.extensions).toMatchObject({ code: 'UNIT_NOT_PAIRED' });
    const [written] = await db.query<{ n: number }[]>(
      `SELECT (SELECT count(*)::int FROM secondment WHERE member_id = $1)
            + (SELECT count(*)::int FROM rotation_batch WHERE lead_unit_id = $2) AS n`,
      [neverReported, unit],
    );
    expect(written?.n).toBe(0);

    // Ending twice is a conflict.
    const again = await gql(END, { u: unit, c: community }, admin);
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'PAIRING_ENDED',
      category: 'CONFLICT',
    });

    // Pairing again reopens the same row from now and restores what it grants.
    const reopened = await gql(PAIR, { i: { unitId: unit, communityId: community } }, admin);
    expect(reopened.errors).toBeUndefined();
    expect(reopened.data?.r.endedAt).toBeNull();
    expect(Date.parse(reopened.data?.r.pairedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(firstPairedAt),
    );
    expect(await seenMembersOf(unit, admin)).toEqual(both);
    const afterReopen = await batchReportIn(unit, community, [neverReported], hr);
    expect(afterReopen.errors).toBeUndefined();
    const [rows] = await db.query<{ pairings: number; pairs: number; ends: number }[]>(
      `SELECT (SELECT count(*)::int FROM unit_community_pairing WHERE unit_id = $1) AS pairings,
              (SELECT count(*)::int FROM audit_log WHERE entity_id = $1 || '/' || $2 AND action = 'unit.pair') AS pairs,
              (SELECT count(*)::int FROM audit_log WHERE entity_id = $1 || '/' || $2 AND action = 'unit.end_pairing') AS ends`,
      [unit, community],
    );
    expect(rows).toEqual({ pairings: 1, pairs: 2, ends: 1 });
  });

  it('refuses while a rotation batch under it is open, and ends once the batch has', async () => {
    const { community, unit, admin } = await pairedUnit();
    const batch = await gql<{ r: { id: string } }>(
      `mutation($i: CreateRotationBatchInput!) { r: createRotationBatch(input: $i) { id } }`,
      {
        i: {
          communityId: community,
          leadUnitId: unit,
          name: unique('第一批'),
          plannedStart: '2026-03-01',
          plannedEnd: '2026-09-01',
          headcount: 5,
          filingReference: unique('市直机关工委备'),
        },
      },
      admin,
    );
    expect(batch.errors).toBeUndefined();
    const refused = await gql(END, { u: unit, c: community }, admin);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'PAIRING_HAS_OPEN_BATCHES',
      category: 'CONFLICT',
    });
    expect(await stored(unit, community)).toEqual({ ended: false, endings: 0 });
    expect((await step('endRotationBatch', batch.data?.r.id ?? '', admin)).errors).toBeUndefined();
    expect((await gql(END, { u: unit, c: community }, admin)).errors).toBeUndefined();
    expect(await stored(unit, community)).toEqual({ ended: true, endings: 1 });
  });

  it('refuses while a member of the unit waits to serve or serves there, and ends once the unit has ended it', async () => {
    const { community, unit, admin, hr } = await pairedUnit();
    const member = await seconded(unit);
    const [pending] = (await batchReportIn(unit, community, [member], hr)).data?.r ?? [];
    const whilePending = await gql(END, { u: unit, c: community }, admin);
    expect(whilePending.errors?.[0]?.extensions).toMatchObject({
      code: 'PAIRING_HAS_SECONDMENTS',
      category: 'CONFLICT',
    });
    expect((await step('acceptSecondment', pending?.id ?? '', admin)).errors).toBeUndefined();
    const whileActive = await gql(END, { u: unit, c: community }, admin);
    expect(whileActive.errors?.[0]?.extensions.code).toBe('PAIRING_HAS_SECONDMENTS');
    expect(await stored(unit, community)).toEqual({ ended: false, endings: 0 });

    expect((await step('endSecondment', pending?.id ?? '', hr)).errors).toBeUndefined();
    expect((await gql(END, { u: unit, c: community }, admin)).errors).toBeUndefined();
    expect(await stored(unit, community)).toEqual({ ended: true, endings: 1 });
  });

  it('is not held open by a member who lives in the community, who stays in sight and in service', async () => {
    const { community, unit, admin, hr } = await pairedUnit();
    const resident = await seconded(unit, community);
    const [secondment] = (await batchReportIn(unit, community, [resident], hr)).data?.r ?? [];
    expect((await step('acceptSecondment', secondment?.id ?? '', admin)).errors).toBeUndefined();

    expect((await gql(END, { u: unit, c: community }, admin)).errors).toBeUndefined();
    expect(await seenMembersOf(unit, admin)).toEqual([resident]);
    const still = await gql<{ secondment: { status: string } }>(
      'query($id: UUID!) { secondment(id: $id) { status } }',
      { id: secondment?.id },
      admin,
    );
    expect(still.data?.secondment.status).toBe('ACTIVE');
  });

  it('either ends or takes a report-in filed at the same moment, never both', async () => {
    for (let round = 0; round < 5; round++) {
      const { community, unit, admin, hr } = await pairedUnit();
      const member = await seconded(unit);
      const [end, report] = await Promise.all([
        gql(END, { u: unit, c: community }, admin),
        batchReportIn(unit, community, [member], hr),
      ]);
      expect([end.errors === undefined, report.errors === undefined].sort()).toEqual([false, true]);
      const [state] = await db.query<{ ended: boolean; pending: number }[]>(
        `SELECT p.ended_at IS NOT NULL AS ended,
                (SELECT count(*)::int FROM secondment s
                  WHERE s.unit_id = p.unit_id AND s.community_id = p.community_id) AS pending
           FROM unit_community_pairing p WHERE p.unit_id = $1 AND p.community_id = $2`,
        [unit, community],
      );
      expect(state).toEqual(
        state?.ended ? { ended: true, pending: 0 } : { ended: false, pending: 1 },
      );
    }
  });

  it('may be ended only by the community committee or an operator', async () => {
    const { community, unit, hr } = await pairedUnit();
    const otherAdmin = await signIn(api.app, [
      { role: 'COMMUNITY_ADMIN', communityId: (await createCommunity(api.app)).id },
    ]);
    const outsider = await gql(END, { u: unit, c: community }, otherAdmin);
    expect(outsider.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const byHr = await gql(END, { u: unit, c: community }, hr);
    expect(byHr.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await stored(unit, community)).toEqual({ ended: false, endings: 0 });

    const neverPaired = (await createUnit(api.app)).id;
    const missing = await gql(END, { u: neverPaired, c: community }, operator);
    expect(missing.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect((await gql(END, { u: unit, c: community }, operator)).errors).toBeUndefined();
  });

  it('shows an ended pairing to its two parties only, not to a member of the unit', async () => {
    const { community, unit, admin } = await pairedUnit();
    const member = await seconded(unit);
    const username = unique('m');
    const password = 'pw-0123456789';
    await api.app.get(AccountsService).createAccount(operatorActor(), {
      username,
      password,
      grants: [{ role: 'MEMBER', memberId: member }],
    });
    const token = (
      await api.app
        .get(AuthService)
        .login({ username, password }, { requestId: 't', address: '127.0.0.1' })
    ).accessToken;
    const ownUnit = (t: string) =>
      gql<{ unit: { pairings: Pairing[] } }>(
        `query($id: UUID!) { unit(id: $id) { pairings { ${PAIRING} } } }`,
        { id: unit },
        t,
      );
    expect((await ownUnit(token)).data?.unit.pairings).toHaveLength(1);
    expect((await gql(END, { u: unit, c: community }, admin)).errors).toBeUndefined();
    expect((await ownUnit(token)).data?.unit.pairings).toEqual([]);
    expect((await ownUnit(operator)).data?.unit.pairings).toHaveLength(1);
  });
});
