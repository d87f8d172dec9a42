import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  countStatements,
  createCommunity,
  createCourtyard,
  createServingMember,
  createUnit,
  randomPhone,
  signIn,
  startTestApi,
  unique,
  type TestApi,
} from '#testing';

const HOUR = 3_600_000;

interface DemandRow {
  id: string;
  status: string;
  urgency: string;
  requesterName: string;
  requesterPhone: string;
  requesterInClear: boolean;
  rejectionReason: string | null;
  mergedIntoId: string | null;
  mergedInto: { id: string } | null;
  progress: { id: string; status: string; priority: string; offerTimeoutMinutes: number }[];
}

const FIELDS = `id status urgency requesterName requesterPhone requesterInClear rejectionReason
  mergedIntoId mergedInto { id } progress { id status priority offerTimeoutMinutes }`;
const RECORD = `mutation($i: RecordDemandInput!) { r: recordDemand(input: $i) { ${FIELDS} } }`;
const ACCEPT = `mutation($id: UUID!, $t: [DemandTaskInput!]!) { r: acceptDemand(id: $id, tasks: $t) { ${FIELDS} } }`;
const REJECT = `mutation($id: UUID!, $why: String!) { r: rejectDemand(id: $id, reason: $why) { ${FIELDS} } }`;
const MERGE = `mutation($id: UUID!, $into: UUID!) { r: mergeDemand(id: $id, intoId: $into) { ${FIELDS} } }`;
const DEMAND = `query($id: UUID!) { r: demand(id: $id) { ${FIELDS} courtyard { id } community { id } } }`;
const LIST = `query($c: UUID, $s: DemandStatus) { r: demands(communityId: $c, status: $s, first: 100) {
  totalCount items { id requesterName requesterPhone } } }`;

/**
 * Demands (点单) through GraphQL: recorded with the requester encrypted and
 * masked outside the committee, accepted into tasks in one transaction,
 * rejected, merged; the requester's demand shows its tasks' progress.
 */
describe('demands', () => {
  let api: TestApi;
  let db: DataSource;
  let community: string;
  let otherCommunity: string;
  let courtyard: string;
  let secondCourtyard: string;
  let otherCourtyard: string;
  let operator: string;
  let admin: string;
  let adminAccount: string;
  let otherAdmin: string;
  let routineType: string;

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    community = (await createCommunity(api.app)).id;
    otherCommunity = (await createCommunity(api.app)).id;
    courtyard = (await createCourtyard(api.app, community)).id;
    secondCourtyard = (await createCourtyard(api.app, community)).id;
    otherCourtyard = (await createCourtyard(api.app, otherCommunity)).id;
    operator = await signIn(api.app, [{ role: 'OPERATOR' }]);
    admin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community }]);
    otherAdmin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: otherCommunity }]);
    const me = await api.gql<{ me: { id: string } }>('{ me { id } }', {}, { token: admin });
    adminAccount = me.data?.me.id ?? '';
    const type = await api.gql<{ r: { id: string } }>(
      `mutation($i: CreateTaskTypeInput!) { r: createTaskType(input: $i) { id } }`,
      {
        i: {
          name: unique('代购'),
          basicKnowledge: 'HIGH',
          professionalKnowledge: 'LOW',
          intensity: 'LIGHT',
          defaultDurationMinutes: 60,
        },
      },
      { token: operator },
    );
    routineType = type.data?.r.id ?? '';
  });

  afterAll(async () => {
    await api.close();
  });

  async function ok<T = DemandRow>(
    query: string,
    variables: Record<string, unknown>,
    token = admin,
  ) {
    const res = await api.gql<{ r: T }>(query, variables, { token });
    expect(res.errors).toBeUndefined();
    return res.data?.r as T;
  }

  const demandInput = (overrides: Record<string, unknown> = {}) => ({
    communityId: community,
    courtyardId: courtyard,
    description: '独居老人家中下水道堵塞，需要上门疏通',
    urgency: 'URGENT',
    channel: 'PHONE',
    requesterName: '张三',
    requesterPhone: randomPhone(),
    ...overrides,
  });

  const recorded = (overrides: Record<string, unknown> = {}) =>
    ok(RECORD, { i: demandInput(overrides) });

  const taskInput = (overrides: Record<string, unknown> = {}) => {
    const starts = Date.now() + 24 * HOUR;
    return {
      taskTypeId: routineType,
      title: '上门疏通下水道',
      startsAt: new Date(starts).toISOString(),
      endsAt: new Date(starts + 2 * HOUR).toISOString(),
      headcount: 2,
      ...overrides,
    };
  };

  /** This suite's demands and tasks, and its committee's audit lines. */
  async function counts() {
    const [row] = await db.query<Record<string, number>[]>(
      `SELECT (SELECT count(*)::int FROM demand WHERE community_id = ANY($1::uuid[])) AS demands,
              (SELECT count(*)::int FROM demand WHERE community_id = ANY($1::uuid[]) AND status = 'OPEN') AS open,
              (SELECT count(*)::int FROM task WHERE community_id = ANY($1::uuid[])) AS tasks,
              (SELECT count(*)::int FROM task_transition x JOIN task t ON t.id = x.task_id
                WHERE t.community_id = ANY($1::uuid[])) AS transitions,
              (SELECT count(*)::int FROM audit_log WHERE account_id = $2) AS audits`,
      [[community, otherCommunity], adminAccount],
    );
    return row;
  }

  it('records a demand with the requester encrypted, in clear for the committee only', async () => {
    const phone = '138 1234 5678';
    const demand = await recorded({ requesterName: ' 买买提·艾力 ', requesterPhone: phone });
    expect(demand).toMatchObject({
      status: 'OPEN',
      urgency: 'URGENT',
      requesterName: '买买提·艾力',
      requesterPhone: '13812345678',
      requesterInClear: true,
      progress: [],
    });

    const [stored] = await db.query<{ name: Buffer; phone: Buffer }[]>(
      'SELECT requester_name_cipher AS name, requester_phone_cipher AS phone FROM demand WHERE id = $1',
      [demand.id],
    );
    expect(stored?.phone.toString('latin1')).not.toContain('13812345678');
    expect(stored?.name.toString('utf8')).not.toContain('买买提');
    expect(api.logLines().join('\n')).not.toContain('13812345678');

    // An operator is outside the committee: masked, as a group leader would be.
    const byOperator = await ok(DEMAND, { id: demand.id }, operator);
    expect(byOperator).toMatchObject({
      requesterName: '买*****',
      requesterPhone: '138****5678',
      requesterInClear: false,
    });
    const listed = await ok<{ items: { id: string; requesterPhone: string }[] }>(
      LIST,
      { c: community },
      operator,
    );
    expect(listed.items.find((d) => d.id === demand.id)?.requesterPhone).toBe('138****5678');
    const byCommittee = await ok<{ items: { id: string; requesterPhone: string }[] }>(LIST, {
      c: community,
    });
    expect(byCommittee.items.find((d) => d.id === demand.id)?.requesterPhone).toBe('13812345678');

    const audits = await db.query<{ action: string }[]>(
      `SELECT action FROM audit_log WHERE entity = 'Demand' AND entity_id = $1`,
      [demand.id],
    );
    expect(audits.map((a) => a.action)).toEqual(['demand.record']);
  });

  it('shows another community’s committee nothing', async () => {
    const demand = await recorded();
    const sibling = await recorded();
    const list = await ok<{ totalCount: number }>(LIST, { c: community }, otherAdmin);
    expect(list.totalCount).toBe(0);
    const read = await api.gql(DEMAND, { id: demand.id }, { token: otherAdmin });
    expect(read.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const before = await counts();
    for (const [query, variables] of [
      [ACCEPT, { id: demand.id, t: [taskInput()] }],
      [REJECT, { id: demand.id, why: '不属实' }],
      [MERGE, { id: demand.id, into: sibling.id }],
    ] as const) {
      const res = await api.gql(query, variables, { token: otherAdmin });
      expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses a bad demand with a typed error and writes nothing', async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, string, string | undefined][] = [
      [{ requesterPhone: '12345' }, 'BAD_USER_INPUT', 'requesterPhone'],
      [{ requesterName: '' }, 'BAD_USER_INPUT', 'requesterName'],
      [{ requesterName: '张\u202E三' }, 'BAD_USER_INPUT', 'requesterName'],
      [{ description: '需'.repeat(1001) }, 'BAD_USER_INPUT', 'description'],
      [{ courtyardId: otherCourtyard }, 'COURTYARD_NOT_IN_COMMUNITY', 'courtyardId'],
      [{ communityId: otherCommunity, courtyardId: otherCourtyard }, 'FORBIDDEN', undefined],
    ];
    for (const [overrides, code, field] of cases) {
      const res = await api.gql(RECORD, { i: demandInput(overrides) }, { token: admin });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code, ...(field ? { field } : {}) });
      // The refused phone is never echoed back.
      expect(JSON.stringify(res)).not.toContain('12345"');
    }
    const channel = await api.gql(
      RECORD,
      { i: demandInput({ channel: 'EMAIL' }) },
      { token: admin },
    );
    expect(channel.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });

  it('accepts a demand into two tasks at once, which take its urgency', async () => {
    const demand = await recorded();
    const accepted = await ok(ACCEPT, {
      id: demand.id,
      t: [
        taskInput(),
        taskInput({ title: '购买配件', courtyardId: secondCourtyard, priority: 'NORMAL' }),
      ],
    });
    expect(accepted.status).toBe('ACCEPTED');
    expect(accepted.progress).toHaveLength(2);
    expect(
      accepted.progress.map((t) => [t.status, t.priority, t.offerTimeoutMinutes]).sort(),
    ).toEqual([
      ['DRAFT', 'NORMAL', 60],
      ['DRAFT', 'URGENT', 15],
    ]);
    const tasks = await db.query<{ demand_id: string; courtyard_id: string }[]>(
      'SELECT demand_id, courtyard_id FROM task WHERE demand_id = $1 ORDER BY title',
      [demand.id],
    );
    expect(tasks.map((t) => t.courtyard_id).sort()).toEqual([courtyard, secondCourtyard].sort());

    // The task points back at its demand, masked as the reader reads demands.
    const taskId = accepted.progress[0]?.id ?? '';
    const viaTask = await api.gql<{ task: { demand: { id: string; requesterPhone: string } } }>(
      `query($id: UUID!) { task(id: $id) { demand { id requesterPhone } } }`,
      { id: taskId },
      { token: operator },
    );
    expect(viaTask.data?.task.demand).toMatchObject({ id: demand.id });
    expect(viaTask.data?.task.demand.requesterPhone).toMatch(/^1\d\d\*{4}\d{4}$/);

    const again = await api.gql(ACCEPT, { id: demand.id, t: [taskInput()] }, { token: admin });
    expect(again.errors?.[0]?.extensions.code).toBe('DEMAND_NOT_OPEN');
    const audits = await db.query<{ action: string }[]>(
      `SELECT action FROM audit_log WHERE entity_id IN ($1, $2, $3) ORDER BY id`,
      [demand.id, ...accepted.progress.map((t) => t.id)],
    );
    expect(audits.map((a) => a.action)).toEqual([
      'demand.record',
      'task.create',
      'task.create',
      'demand.accept',
    ]);
  });

  it('accepts all the tasks or none: one bad task writes nothing', async () => {
    const demand = await recorded();
    const before = await counts();
    const now = Date.now();
    const bad = await api.gql(
      ACCEPT,
      {
        id: demand.id,
        t: [
          taskInput(),
          taskInput({
            startsAt: new Date(now + 5 * HOUR).toISOString(),
            endsAt: new Date(now + 4 * HOUR).toISOString(),
          }),
        ],
      },
      { token: admin },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'tasks.1.endsAt',
    });
    for (const [tasks, code] of [
      [[], 'BAD_USER_INPUT'],
      [Array.from({ length: 21 }, () => taskInput()), 'BAD_USER_INPUT'],
      [[taskInput({ headcount: 10_000 })], 'BAD_USER_INPUT'],
      [[taskInput({ courtyardId: otherCourtyard })], 'COURTYARD_NOT_IN_COMMUNITY'],
    ] as const) {
      const res = await api.gql(ACCEPT, { id: demand.id, t: tasks }, { token: admin });
      expect(res.errors?.[0]?.extensions.code).toBe(code);
    }
    expect(await counts()).toEqual(before);
    expect((await ok(DEMAND, { id: demand.id })).status).toBe('OPEN');
  });

  it('rejects a demand with a reason, once', async () => {
    const demand = await recorded();
    const blank = await api.gql(REJECT, { id: demand.id, why: '  ' }, { token: admin });
    expect(blank.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    const rejected = await ok(REJECT, { id: demand.id, why: '已由物业处理' });
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: '已由物业处理' });
    const again = await api.gql(REJECT, { id: demand.id, why: '重复' }, { token: admin });
    expect(again.errors?.[0]?.extensions.code).toBe('DEMAND_NOT_OPEN');
    const listed = await ok<{ items: { id: string }[] }>(LIST, { c: community, s: 'REJECTED' });
    expect(listed.items.map((d) => d.id)).toContain(demand.id);
  });

  it('merges a demand into another, whose tasks then show as its progress', async () => {
    const target = await recorded();
    const accepted = await ok(ACCEPT, { id: target.id, t: [taskInput(), taskInput()] });
    const duplicate = await recorded({ requesterName: '李四' });
    const earlier = await recorded({ requesterName: '王五' });
    const chained = await ok(MERGE, { id: earlier.id, into: duplicate.id });
    expect(chained).toMatchObject({ status: 'MERGED', mergedIntoId: duplicate.id });

    const merged = await ok(MERGE, { id: duplicate.id, into: target.id });
    expect(merged).toMatchObject({ status: 'MERGED', mergedInto: { id: target.id } });
    expect(merged.progress.map((t) => t.id).sort()).toEqual(
      accepted.progress.map((t) => t.id).sort(),
    );
    // A demand merged into the duplicate earlier now points at the target too.
    const followed = await ok(DEMAND, { id: earlier.id });
    expect(followed.mergedIntoId).toBe(target.id);
    expect(followed.progress).toHaveLength(2);

    const rejected = await recorded();
    await ok(REJECT, { id: rejected.id, why: '不属实' });
    const foreign = await ok(
      RECORD,
      { i: demandInput({ communityId: otherCommunity, courtyardId: otherCourtyard }) },
      otherAdmin,
    );
    const open = await recorded();
    const before = await counts();
    for (const into of [open.id, rejected.id, duplicate.id]) {
      const res = await api.gql(MERGE, { id: open.id, into }, { token: admin });
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'DEMAND_MERGE_TARGET_INVALID',
        field: 'intoId',
      });
    }
    // Even an operator, who sees both, cannot merge across communities.
    const across = await api.gql(MERGE, { id: open.id, into: foreign.id }, { token: operator });
    expect(across.errors?.[0]?.extensions.code).toBe('DEMAND_MERGE_TARGET_INVALID');
    const decided = await api.gql(MERGE, { id: rejected.id, into: target.id }, { token: admin });
    expect(decided.errors?.[0]?.extensions.code).toBe('DEMAND_NOT_OPEN');
    expect(await counts()).toEqual(before);
  });

  it('shows a group leader the demands and tasks of their courtyard, the requester masked', async () => {
    const unit = (await createUnit(api.app, [community])).id;
    const leader = (await createServingMember(api.app, { unitId: unit, communityId: community }))
      .member.id;
    const branch = await ok<{ id: string }>(
      `mutation($i: CreateTemporaryBranchInput!) { r: createTemporaryBranch(input: $i) { id } }`,
      {
        i: {
          communityId: community,
          name: unique('支部'),
          purpose: '为民服务',
          startsOn: '2026-01-01',
        },
      },
    );
    const group = await ok<{ id: string }>(
      `mutation($i: CreatePartyGroupInput!) { r: createPartyGroup(input: $i) { id } }`,
      { i: { branchId: branch.id, courtyardId: secondCourtyard, name: unique('党小组') } },
    );
    await ok(`mutation($i: AssignMemberInput!) { r: assignMember(input: $i) { id } }`, {
      i: { memberId: leader, partyGroupId: group.id, role: 'LEADER' },
    });
    const token = await signIn(api.app, [{ role: 'MEMBER', memberId: leader }]);

    const theirs = await recorded({ courtyardId: secondCourtyard, requesterPhone: '13912345678' });
    const accepted = await ok(ACCEPT, {
      id: theirs.id,
      t: [taskInput({ courtyardId: secondCourtyard })],
    });
    const elsewhere = await recorded();
    const seen = await ok<{
      items: { id: string; requesterName: string; requesterPhone: string }[];
    }>(LIST, {}, token);
    expect(seen.items.map((d) => d.id)).toContain(theirs.id);
    expect(seen.items.map((d) => d.id)).not.toContain(elsewhere.id);
    expect(seen.items.find((d) => d.id === theirs.id)).toMatchObject({
      requesterName: '张*',
      requesterPhone: '139****5678',
    });
    const read = await ok(DEMAND, { id: theirs.id }, token);
    expect(read.progress.map((t) => t.id)).toEqual(accepted.progress.map((t) => t.id));
    const tasks = await ok<{ items: { id: string; courtyard: { id: string } }[] }>(
      `{ r: tasks(first: 100) { items { id courtyard { id } } } }`,
      {},
      token,
    );
    expect(tasks.items.map((t) => t.id)).toEqual(
      expect.arrayContaining(accepted.progress.map((t) => t.id)),
    );
    expect(tasks.items.every((t) => t.courtyard.id === secondCourtyard)).toBe(true);

    // Reading is not deciding.
    const before = await counts();
    const record = await api.gql(
      RECORD,
      { i: demandInput({ courtyardId: secondCourtyard }) },
      { token },
    );
    expect(record.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const reject = await api.gql(REJECT, { id: theirs.id, why: '不属实' }, { token });
    expect(reject.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('lists demands with their places and progress in as many statements for 6 as for 2', async () => {
    const statementsFor = async (n: number) => {
      const place = (await createCommunity(api.app)).id;
      const yard = (await createCourtyard(api.app, place)).id;
      const token = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: place }]);
      for (let i = 0; i < n; i++) {
        const demand = await ok(
          RECORD,
          { i: demandInput({ communityId: place, courtyardId: yard }) },
          token,
        );
        await ok(ACCEPT, { id: demand.id, t: [taskInput()] }, token);
      }
      const { count } = await countStatements(db, async () => {
        const res = await api.gql<{ demands: { totalCount: number } }>(
          `{ demands(first: 100) { totalCount items { id requesterPhone courtyard { name }
              community { name } mergedInto { id } progress { id status type { name } } } } }`,
          {},
          { token },
        );
        expect(res.errors).toBeUndefined();
        expect(res.data?.demands.totalCount).toBe(n);
      });
      return count;
    };
    const small = await statementsFor(2);
    const large = await statementsFor(6);
    expect(large).toBe(small);
  });
});
