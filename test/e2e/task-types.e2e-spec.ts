import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  createCommunity,
  createMember,
  signIn,
  startTestApi,
  unique,
  type TestApi,
} from '#testing';

interface TaskTypeRow {
  id: string;
  name: string;
  communityId: string | null;
  category: string;
  requiredSkills: string[];
  retiredAt: string | null;
  community: { id: string } | null;
}

const FIELDS = 'id name communityId category requiredSkills retiredAt community { id }';
const CREATE = `mutation($i: CreateTaskTypeInput!) { r: createTaskType(input: $i) { ${FIELDS} } }`;
const UPDATE = `mutation($id: UUID!, $i: UpdateTaskTypeInput!) { r: updateTaskType(id: $id, input: $i) { ${FIELDS} } }`;
const RETIRE = `mutation($id: UUID!) { r: retireTaskType(id: $id) { ${FIELDS} } }`;
const LIST = `query($c: UUID, $cat: TaskCategory, $all: Boolean) {
  r: taskTypes(communityId: $c, category: $cat, includeRetired: $all, first: 100) {
    totalCount items { ${FIELDS} } } }`;

/**
 * The task-type catalogue through GraphQL: operators keep the shared types,
 * a committee its community's own; everyone signed in reads the shared ones
 * and those of the communities they see; bad input is refused with a typed
 * error and writes nothing; every change is audited.
 */
describe('task types', () => {
  let api: TestApi;
  let db: DataSource;
  let community: string;
  let otherCommunity: string;
  let operator: string;
  let admin: string;
  let otherAdmin: string;
  let member: string;

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    community = (await createCommunity(api.app)).id;
    otherCommunity = (await createCommunity(api.app)).id;
    operator = await signIn(api.app, [{ role: 'OPERATOR' }]);
    admin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community }]);
    otherAdmin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: otherCommunity }]);
    const resident = await createMember(api.app, { residenceCommunityId: community });
    member = await signIn(api.app, [{ role: 'MEMBER', memberId: resident.member.id }]);
  });

  afterAll(async () => {
    await api.close();
  });

  // Other suites (the demo seed) write task types at the same time: this one
  // counts only its own, named with this prefix or in its communities.
  const prefix = unique('类型');
  let serial = 0;

  const input = (overrides: Record<string, unknown> = {}) => ({
    name: `${prefix}-${++serial}`,
    description: '说明',
    basicKnowledge: 'HIGH',
    professionalKnowledge: 'LOW',
    requiredSkills: ['跑腿'],
    intensity: 'LIGHT',
    defaultDurationMinutes: 60,
    ...overrides,
  });

  async function create(token: string, overrides: Record<string, unknown> = {}) {
    return api.gql<{ r: TaskTypeRow }>(CREATE, { i: input(overrides) }, { token });
  }

  async function created(token: string, overrides: Record<string, unknown> = {}) {
    const res = await create(token, overrides);
    expect(res.errors).toBeUndefined();
    return res.data?.r as TaskTypeRow;
  }

  async function list(token: string, variables: Record<string, unknown> = {}) {
    const res = await api.gql<{ r: { totalCount: number; items: TaskTypeRow[] } }>(
      LIST,
      variables,
      { token },
    );
    expect(res.errors).toBeUndefined();
    return (res.data?.r.items ?? []).map((t) => t.id);
  }

  /** Task types and their audit rows, to prove a refusal wrote nothing. */
  async function counts() {
    const [row] = await db.query<{ types: number; audits: number }[]>(
      `WITH mine AS (SELECT id FROM task_type
                      WHERE name LIKE $1 || '%' OR community_id = ANY($2::uuid[]))
       SELECT (SELECT count(*)::int FROM mine) AS types,
              (SELECT count(*)::int FROM audit_log
                WHERE entity = 'TaskType' AND entity_id IN (SELECT id::text FROM mine)) AS audits`,
      [prefix, [community, otherCommunity]],
    );
    return row;
  }

  async function audits(id: string): Promise<string[]> {
    const rows = await db.query<{ action: string }[]>(
      'SELECT action FROM audit_log WHERE entity_id = $1::text ORDER BY id',
      [id],
    );
    return rows.map((r) => r.action);
  }

  it('lets the operator create shared types with the derived category, audited', async () => {
    const routine = await created(operator);
    expect(routine).toMatchObject({ communityId: null, category: 'ROUTINE', community: null });
    const professional = await created(operator, {
      basicKnowledge: 'LOW',
      professionalKnowledge: 'HIGH',
      requiredSkills: ['法律援助', '法律援助'],
    });
    expect(professional).toMatchObject({ category: 'PROFESSIONAL', requiredSkills: ['法律援助'] });
    const joint = await created(operator, {
      basicKnowledge: 'HIGH',
      professionalKnowledge: 'MEDIUM',
    });
    expect(joint.category).toBe('JOINT');
    expect(await audits(routine.id)).toEqual(['task_type.create']);
  });

  it('lets a committee manage its own types but not the shared ones nor another community’s', async () => {
    const own = await created(admin, { communityId: community });
    expect(own.community).toEqual({ id: community });
    const shared = await created(operator);
    const foreign = await created(otherAdmin, { communityId: otherCommunity });
    const before = await counts();

    const sharedByAdmin = await create(admin);
    expect(sharedByAdmin.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const inOther = await create(admin, { communityId: otherCommunity });
    expect(inOther.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const touchShared = await api.gql(
      UPDATE,
      { id: shared.id, i: { name: '改名' } },
      { token: admin },
    );
    expect(touchShared.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const retireShared = await api.gql(RETIRE, { id: shared.id }, { token: admin });
    expect(retireShared.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const touchForeign = await api.gql(
      UPDATE,
      { id: foreign.id, i: { name: '改名' } },
      { token: admin },
    );
    expect(touchForeign.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const retireForeign = await api.gql(RETIRE, { id: foreign.id }, { token: admin });
    expect(retireForeign.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);

    const renamed = await api.gql<{ r: TaskTypeRow }>(
      UPDATE,
      {
        id: own.id,
        i: { name: '  新名称  ', professionalKnowledge: 'HIGH', basicKnowledge: 'LOW' },
      },
      { token: admin },
    );
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data?.r).toMatchObject({ name: '新名称', category: 'PROFESSIONAL' });
    const [stored] = await db.query<{ name: string; category: string }[]>(
      'SELECT name, category FROM task_type WHERE id = $1',
      [own.id],
    );
    expect(stored).toEqual({ name: '新名称', category: 'PROFESSIONAL' });
    expect(await audits(own.id)).toEqual(['task_type.create', 'task_type.update']);
  });

  it('shows a member the shared types and their community’s own only', async () => {
    const shared = await created(operator);
    const own = await created(admin, { communityId: community });
    const foreign = await created(otherAdmin, { communityId: otherCommunity });

    const seen = await list(member);
    expect(seen).toEqual(expect.arrayContaining([shared.id, own.id]));
    expect(seen).not.toContain(foreign.id);
    expect(await list(member, { c: otherCommunity })).not.toContain(foreign.id);

    const read = await api.gql(
      `query($id: UUID!) { taskType(id: $id) { id } }`,
      { id: foreign.id },
      { token: member },
    );
    expect(read.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const ownRead = await api.gql<{ taskType: { id: string } }>(
      `query($id: UUID!) { taskType(id: $id) { id } }`,
      { id: own.id },
      { token: member },
    );
    expect(ownRead.data?.taskType.id).toBe(own.id);

    const joint = await list(member, { cat: 'JOINT' });
    expect(joint).not.toContain(shared.id);
    expect(joint).not.toContain(own.id);
  });

  it('leaves retired types out of the list by default and refuses to change them', async () => {
    const own = await created(admin, { communityId: community });
    const retired = await api.gql<{ r: TaskTypeRow }>(RETIRE, { id: own.id }, { token: admin });
    expect(retired.errors).toBeUndefined();
    expect(retired.data?.r.retiredAt).not.toBeNull();

    expect(await list(admin)).not.toContain(own.id);
    expect(await list(admin, { all: true })).toContain(own.id);
    const again = await api.gql(RETIRE, { id: own.id }, { token: admin });
    expect(again.errors?.[0]?.extensions.code).toBe('TASK_TYPE_RETIRED');
    expect(await audits(own.id)).toEqual(['task_type.create', 'task_type.retire']);

    // The retired name is free again in the community's catalogue.
    const reused = await create(admin, { communityId: community, name: own.name });
    expect(reused.errors).toBeUndefined();
  });

  it('refuses bad input with a typed error and writes nothing', async () => {
    const existing = await created(admin, { communityId: community });
    const shared = await created(operator);
    const before = await counts();
    const cases: [Record<string, unknown>, string, string | undefined][] = [
      [{ communityId: community, name: '' }, 'BAD_USER_INPUT', 'name'],
      [{ communityId: community, name: '\u200B\u200B' }, 'BAD_USER_INPUT', 'name'],
      [{ communityId: community, name: existing.name }, 'TASK_TYPE_NAME_TAKEN', undefined],
      [{ name: shared.name }, 'TASK_TYPE_NAME_TAKEN', undefined],
      [
        { communityId: community, defaultDurationMinutes: 0 },
        'BAD_USER_INPUT',
        'defaultDurationMinutes',
      ],
      [
        { communityId: community, defaultDurationMinutes: 100_000 },
        'BAD_USER_INPUT',
        'defaultDurationMinutes',
      ],
      [{ communityId: community, pointsWeight: 0 }, 'BAD_USER_INPUT', 'pointsWeight'],
      [
        { communityId: community, requiredSkills: ['法律\u202E援助'] },
        'BAD_USER_INPUT',
        'requiredSkills',
      ],
      [
        { communityId: community, requiredSkills: ['技'.repeat(33)] },
        'BAD_USER_INPUT',
        'requiredSkills',
      ],
    ];
    for (const [overrides, code, field] of cases) {
      const token = overrides.communityId ? admin : operator;
      const res = await create(token, overrides);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code, ...(field ? { field } : {}) });
      expect(res.data).toBeNull();
    }

    // An unknown level is refused at the edge, before any resolver runs.
    const unknownLevel = await create(admin, { communityId: community, basicKnowledge: 'EXPERT' });
    expect(unknownLevel.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');

    const badUpdate = await api.gql(
      UPDATE,
      { id: existing.id, i: { defaultDurationMinutes: 0 } },
      { token: admin },
    );
    expect(badUpdate.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');

    expect(await counts()).toEqual(before);
  });

  it('answers in English when asked', async () => {
    const res = await api.gql(
      CREATE,
      { i: input({ defaultDurationMinutes: 0 }) },
      { token: operator, language: 'en' },
    );
    expect(res.errors?.[0]?.message).toBe('The default duration must be 1 to 1440 minutes');
  });
});
