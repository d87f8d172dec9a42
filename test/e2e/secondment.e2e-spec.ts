import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SecondmentService } from '#domain/secondment';
import {
  createCommunity,
  createMember,
  createUnit,
  signIn,
  startTestApi,
  type TestApi,
} from '#testing';

const S = 'id status receiptNumber reportDueOn rejectedStage rejectionReason endReason';

/** The report-in lifecycle through GraphQL, with the roles that drive it. */
describe('secondment (报到) lifecycle', () => {
  let api: TestApi;
  let community: string;
  let other: string;
  let unit: string;
  let foreignUnit: string;
  let hr: string;
  let foreignHr: string;
  let admin: string;
  let otherAdmin: string;

  beforeAll(async () => {
    api = await startTestApi();
    community = (await createCommunity(api.app)).id;
    other = (await createCommunity(api.app)).id;
    unit = (await createUnit(api.app, [community, other])).id;
    foreignUnit = (await createUnit(api.app, [community])).id;
    hr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: unit }]);
    foreignHr = await signIn(api.app, [{ role: 'UNIT_HR', unitId: foreignUnit }]);
    admin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community }]);
    otherAdmin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: other }]);
  });

  afterAll(async () => {
    await api.close();
  });

  const seconded = async () =>
    (await createMember(api.app, { kind: 'SECONDED', unitId: unit })).member.id;

  async function call<T = { r: { status: string; id: string; endReason?: string | null } }>(
    query: string,
    variables: Record<string, unknown>,
    token: string,
  ) {
    return api.gql<T>(query, variables, { token });
  }

  const reportIn = (memberId: string, communityId: string, token: string) =>
    call(
      `mutation($i: ReportInInput!) { r: reportIn(input: $i) { ${S} } }`,
      { i: { memberId, communityId } },
      token,
    );
  const step = (name: string, id: string, token: string, extra = '') =>
    call(`mutation($id: UUID!) { r: ${name}(id: $id${extra}) { ${S} } }`, { id }, token);

  async function activate(memberId: string, communityId = community, adminToken = admin) {
    const requested = await reportIn(memberId, communityId, hr);
    const id = requested.data?.r.id ?? '';
    await step('approveSecondment', id, hr);
    const accepted = await step('acceptSecondment', id, adminToken);
    expect(accepted.errors).toBeUndefined();
    return id;
  }

  it('goes REQUESTED → UNIT_APPROVED → ACTIVE with a receipt number and a re-report date', async () => {
    const member = await seconded();
    const requested = await reportIn(member, community, hr);
    expect(requested.data?.r.status).toBe('REQUESTED');
    const id = requested.data?.r.id ?? '';
    expect((await step('approveSecondment', id, hr)).data?.r.status).toBe('UNIT_APPROVED');
    const accepted = await call<{
      r: { status: string; receiptNumber: string; reportDueOn: string };
    }>(`mutation($id: UUID!) { r: acceptSecondment(id: $id) { ${S} } }`, { id }, admin);
    expect(accepted.data?.r).toMatchObject({ status: 'ACTIVE' });
    expect(accepted.data?.r.receiptNumber).toMatch(/^BD\d{4}-\d{5}$/);
    expect(accepted.data?.r.reportDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each([
    ['accept a REQUESTED one', 'acceptSecondment', () => admin],
    ['approve an approved one', 'approveSecondment', () => hr],
  ])('refuses to %s with SECONDMENT_WRONG_STATE', async (_label, mutation, token) => {
    const member = await seconded();
    const id = (await reportIn(member, community, hr)).data?.r.id ?? '';
    if (mutation === 'approveSecondment') await step('approveSecondment', id, hr);
    const res = await step(mutation, id, token());
    expect(res.errors?.[0]?.extensions.code).toBe('SECONDMENT_WRONG_STATE');
  });

  it('rejects with a reason at the unit step and at the community step, then refuses to accept', async () => {
    const byUnit = (await reportIn(await seconded(), community, hr)).data?.r.id ?? '';
    const rejected = await call<{ r: { status: string; rejectedStage: string } }>(
      `mutation($id: UUID!) { r: rejectSecondment(id: $id, reason: "名额已满") { ${S} } }`,
      { id: byUnit },
      hr,
    );
    expect(rejected.data?.r).toMatchObject({ status: 'REJECTED', rejectedStage: 'UNIT' });

    const byCommunity = (await reportIn(await seconded(), community, hr)).data?.r.id ?? '';
    await step('approveSecondment', byCommunity, hr);
    const empty = await call(
      `mutation($id: UUID!) { r: rejectSecondment(id: $id, reason: "  ") { ${S} } }`,
      { id: byCommunity },
      admin,
    );
    expect(empty.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    const second = await call<{ r: { rejectedStage: string } }>(
      `mutation($id: UUID!) { r: rejectSecondment(id: $id, reason: "不在服务范围") { ${S} } }`,
      { id: byCommunity },
      admin,
    );
    expect(second.data?.r.rejectedStage).toBe('COMMUNITY');
    expect((await step('acceptSecondment', byCommunity, admin)).errors?.[0]?.extensions.code).toBe(
      'SECONDMENT_WRONG_STATE',
    );
  });

  it('lets UNIT_HR approve only their own unit’s members', async () => {
    const id = (await reportIn(await seconded(), community, hr)).data?.r.id ?? '';
    const res = await step('approveSecondment', id, foreignHr);
    expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const list = await call<{ secondments: { items: { id: string }[] } }>(
      '{ secondments(first: 100) { items { id } } }',
      {},
      foreignHr,
    );
    expect(list.data?.secondments.items.map((s) => s.id)).not.toContain(id);
  });

  it('refuses a second report-in while one is active, and a community outside the pairing', async () => {
    const member = await seconded();
    await activate(member);
    const again = await reportIn(member, other, hr);
    expect(again.errors?.[0]?.extensions.code).toBe('SECONDMENT_ALREADY_ACTIVE');
    const stranger = (await createCommunity(api.app)).id;
    const fresh = await seconded();
    const res = await reportIn(fresh, stranger, hr);
    expect(res.errors?.[0]?.extensions.code).toBe('COMMUNITY_NOT_ELIGIBLE');
  });

  it('leaves exactly one active secondment when report-ins of one member race', async () => {
    const member = await seconded();
    const service = api.app.get(SecondmentService);
    const hrActor = {
      accountId: randomUUID(),
      requestId: 'race',
      grants: [{ role: 'UNIT_HR' as const, unitId: unit }],
    };
    const adminActor = {
      accountId: randomUUID(),
      requestId: 'race',
      grants: [{ role: 'COMMUNITY_ADMIN' as const, communityId: community }],
    };
    const attempts = await Promise.allSettled(
      Array.from({ length: 6 }, async () => {
        const s = await service.reportIn(hrActor, { memberId: member, communityId: community });
        await service.approveByUnit(hrActor, s.id);
        return service.accept(adminActor, s.id);
      }),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const failed of attempts.filter((a) => a.status === 'rejected')) {
      expect((failed.reason as { code?: string }).code).toMatch(
        /SECONDMENT_(PENDING|ALREADY_ACTIVE)/,
      );
    }
    const rows = await api.app
      .get(DataSource)
      .query<unknown[]>(`SELECT 1 FROM secondment WHERE member_id = $1 AND status = 'ACTIVE'`, [
        member,
      ]);
    expect(rows).toHaveLength(1);
  });

  it('transfers with the unit’s approval: the old one ends, the new one starts, history stays', async () => {
    const member = await seconded();
    const old = await activate(member);
    const transfer = await call(
      `mutation($i: ReportInInput!) { r: requestTransfer(input: $i) { ${S} } }`,
      { i: { memberId: member, communityId: other } },
      hr,
    );
    const id = transfer.data?.r.id ?? '';
    expect(transfer.data?.r.status).toBe('REQUESTED');
    expect((await step('acceptSecondment', id, otherAdmin)).errors?.[0]?.extensions.code).toBe(
      'SECONDMENT_WRONG_STATE',
    );
    await step('approveSecondment', id, hr);
    expect((await step('acceptSecondment', id, otherAdmin)).data?.r.status).toBe('ACTIVE');
    const history = await call<{
      secondments: { items: { id: string; status: string; endReason: string | null }[] };
    }>(
      'query($m: UUID) { secondments(filter: { memberId: $m }) { items { id status endReason } } }',
      { m: member },
      hr,
    );
    expect(history.data?.secondments.items).toEqual(
      expect.arrayContaining([
        { id: old, status: 'ENDED', endReason: 'TRANSFERRED' },
        { id, status: 'ACTIVE', endReason: null },
      ]),
    );
  });

  it('ends an active secondment only with the unit, not by the member’s community', async () => {
    const id = await activate(await seconded());
    expect((await step('endSecondment', id, admin)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await step('endSecondment', id, hr)).data?.r).toMatchObject({
      status: 'ENDED',
      endReason: 'LEFT',
    });
    expect((await step('endSecondment', id, hr)).errors?.[0]?.extensions.code).toBe(
      'SECONDMENT_WRONG_STATE',
    );
  });

  it('lists overdue re-reports per community and per unit, and recording a re-report clears it', async () => {
    const id = await activate(await seconded());
    await api.app
      .get(DataSource)
      .query(`UPDATE secondment SET report_due_on = DATE '2020-01-01' WHERE id = $1`, [id]);
    const overdue = async (filter: Record<string, string>, token: string) =>
      (
        await call<{ overdueReReports: { items: { id: string }[] } }>(
          'query($f: OverdueFilterInput) { overdueReReports(first: 100, filter: $f) { items { id } } }',
          { f: filter },
          token,
        )
      ).data?.overdueReReports.items.map((s) => s.id);
    expect(await overdue({ communityId: community }, admin)).toContain(id);
    expect(await overdue({ unitId: unit }, hr)).toContain(id);
    expect(await overdue({}, foreignHr)).not.toContain(id);
    await step('recordReReport', id, admin);
    expect(await overdue({ communityId: community }, admin)).not.toContain(id);
  });

  it('keeps a rotation batch to its filed headcount and ends its secondments with it', async () => {
    const batch = await call<{ createRotationBatch: { id: string } }>(
      `mutation($i: CreateRotationBatchInput!) { createRotationBatch(input: $i) { id } }`,
      {
        i: {
          communityId: community,
          leadUnitId: unit,
          name: '2026年第一批',
          plannedStart: '2026-01-01',
          plannedEnd: '2026-06-30',
          headcount: 2,
          filingReference: '市直机关工委备〔2026〕3号',
        },
      },
      admin,
    );
    const batchId = batch.data?.createRotationBatch.id ?? '';
    const members = [await seconded(), await seconded(), await seconded()];
    const send = (memberIds: string[]) =>
      call<{ batchReportIn: { id: string; status: string }[] }>(
        `mutation($i: BatchReportInInput!) { batchReportIn(input: $i) { id status } }`,
        { i: { unitId: unit, communityId: community, memberIds, batchId } },
        hr,
      );
    expect((await send(members)).errors?.[0]?.extensions.code).toBe('ROTATION_BATCH_FULL');
    const sent = await send(members.slice(0, 2));
    expect(sent.data?.batchReportIn.map((s) => s.status)).toEqual([
      'UNIT_APPROVED',
      'UNIT_APPROVED',
    ]);
    const first = sent.data?.batchReportIn[0]?.id ?? '';
    await step('acceptSecondment', first, admin);
    await call(
      'mutation($id: UUID!) { endRotationBatch(id: $id) { status } }',
      { id: batchId },
      admin,
    );
    const after = await call<{ secondment: { status: string; endReason: string } }>(
      'query($id: UUID!) { secondment(id: $id) { status endReason } }',
      { id: first },
      admin,
    );
    expect(after.data?.secondment).toEqual({ status: 'ENDED', endReason: 'BATCH_ENDED' });
  });
});
