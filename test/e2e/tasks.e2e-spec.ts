import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { JOBS, QueueRegistry } from '#queue';
import {
  countStatements,
  createCommunity,
  createCourtyard,
  createMember,
  drainQueue,
  signIn,
  startTestApi,
  startTestWorker,
  TestClock,
  unique,
  type TestApi,
  type TestWorker,
} from '#testing';

const HOUR = 3_600_000;

interface TaskRow {
  id: string;
  status: string;
  category: string;
  priority: string;
  offerTimeoutMinutes: number;
  headcount: number;
  secondedSlots: number | null;
  residentSlots: number | null;
  title: string;
  rating: number | null;
  ratingComment: string | null;
}

interface TransitionRow {
  from: string | null;
  to: string;
  at: string;
  by: string | null;
  reason: string | null;
}

const FIELDS = `id status category priority offerTimeoutMinutes headcount secondedSlots
  residentSlots title rating ratingComment`;
const CREATE = `mutation($i: CreateTaskInput!) { r: createTask(input: $i) { ${FIELDS} } }`;
const UPDATE = `mutation($id: UUID!, $i: UpdateTaskInput!) { r: updateTask(id: $id, input: $i) { ${FIELDS} } }`;
const COMPLETE = `mutation($id: UUID!) { r: completeTask(id: $id) { ${FIELDS} } }`;
const RATE = `mutation($id: UUID!, $i: RateTaskInput!) { r: rateTask(id: $id, input: $i) { ${FIELDS} } }`;
const TASK = `query($id: UUID!) { task(id: $id) { ${FIELDS}
  type { name category } courtyard { id } community { id } demand { id }
  transitions { from to at by reason } } }`;
const LIST = `query($c: UUID, $s: TaskStatus) { tasks(communityId: $c, status: $s, first: 100) {
  totalCount items { id } } }`;

/**
 * Tasks (订单) through GraphQL with the real worker: drafts validated with
 * typed errors that write nothing, the committee's scope, a member's
 * (offered tasks only), every move in the history with who and when,
 * completion and one rating, and the schedule that starts filled tasks
 * when their window opens. Dispatch is not this suite's: where a task must
 * be FILLED, the test sets it in SQL.
 */
describe('tasks', () => {
  // The API's clock stands still (access tokens are checked against it); the
  // worker's moves on to open tasks' windows.
  const clock = new TestClock();
  const workerClock = new TestClock();
  let api: TestApi;
  let worker: TestWorker;
  let db: DataSource;
  let community: string;
  let otherCommunity: string;
  let courtyard: string;
  let otherCourtyard: string;
  let operator: string;
  let admin: string;
  let adminAccount: string;
  let otherAdmin: string;
  let memberId: string;
  let member: string;
  let routineType: string;
  let jointType: string;
  let retiredType: string;
  let foreignType: string;

  async function taskType(token: string, overrides: Record<string, unknown>) {
    return (
      await api.ok<{ id: string }>(
        `mutation($i: CreateTaskTypeInput!) { r: createTaskType(input: $i) { id } }`,
        {
          i: {
            name: unique('任务类型'),
            basicKnowledge: 'HIGH',
            professionalKnowledge: 'LOW',
            intensity: 'LIGHT',
            defaultDurationMinutes: 60,
            ...overrides,
          },
        },
        token,
      )
    ).id;
  }

  beforeAll(async () => {
    api = await startTestApi({ clock });
    worker = await startTestWorker({ clock: workerClock, env: { WORKER_QUEUES: 'maintenance' } });
    db = api.app.get(DataSource);
    community = (await createCommunity(api.app)).id;
    otherCommunity = (await createCommunity(api.app)).id;
    courtyard = (await createCourtyard(api.app, community)).id;
    otherCourtyard = (await createCourtyard(api.app, otherCommunity)).id;
    operator = await signIn(api.app, [{ role: 'OPERATOR' }]);
    admin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: community }]);
    otherAdmin = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: otherCommunity }]);
    const me = await api.gql<{ me: { id: string } }>('{ me { id } }', {}, { token: admin });
    adminAccount = me.data?.me.id ?? '';
    const resident = await createMember(api.app, { residenceCommunityId: community });
    memberId = resident.member.id;
    member = await signIn(api.app, [{ role: 'MEMBER', memberId }]);
    routineType = await taskType(operator, {});
    jointType = await taskType(operator, { professionalKnowledge: 'MEDIUM' });
    retiredType = await taskType(operator, {});
    await api.ok(
      `mutation($id: UUID!) { r: retireTaskType(id: $id) { id } }`,
      { id: retiredType },
      operator,
    );
    foreignType = await taskType(otherAdmin, { communityId: otherCommunity });
  });

  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  /** A valid task in the community, its window starting `inHours` from the clock's now. */
  const input = (overrides: Record<string, unknown> = {}, inHours = 24) => {
    const starts = clock.now().getTime() + inHours * HOUR;
    return {
      communityId: community,
      courtyardId: courtyard,
      taskTypeId: routineType,
      title: '为独居老人代购',
      description: '米、油和常用药',
      startsAt: new Date(starts).toISOString(),
      endsAt: new Date(starts + 2 * HOUR).toISOString(),
      headcount: 2,
      ...overrides,
    };
  };

  const create = (overrides: Record<string, unknown> = {}, token = admin, inHours = 24) =>
    api.gql<{ r: TaskRow }>(CREATE, { i: input(overrides, inHours) }, { token });

  async function created(overrides: Record<string, unknown> = {}, inHours = 24) {
    const res = await create(overrides, admin, inHours);
    expect(res.errors).toBeUndefined();
    return res.data?.r as TaskRow;
  }

  async function read(id: string, token = admin) {
    const res = await api.gql<{
      task: TaskRow & { type: { name: string; category: string }; transitions: TransitionRow[] };
    }>(TASK, { id }, { token });
    return res;
  }

  async function setStatus(id: string, status: string) {
    await db.query('UPDATE task SET status = $2 WHERE id = $1', [id, status]);
  }

  /** This suite's tasks, their histories and the audit lines of its accounts' task changes. */
  async function counts() {
    const [row] = await db.query<{ tasks: number; transitions: number; audits: number }[]>(
      `WITH mine AS (SELECT id FROM task WHERE community_id = ANY($1::uuid[]))
       SELECT (SELECT count(*)::int FROM mine) AS tasks,
              (SELECT count(*)::int FROM task_transition WHERE task_id IN (SELECT id FROM mine)) AS transitions,
              (SELECT count(*)::int FROM audit_log WHERE entity = 'Task' AND account_id = $2) AS audits`,
      [[community, otherCommunity], adminAccount],
    );
    return row;
  }

  it('drafts a task with the type’s category and the defaults, audited and in its history', async () => {
    const before = clock.now();
    const task = await created();
    expect(task).toMatchObject({
      status: 'DRAFT',
      category: 'ROUTINE',
      priority: 'NORMAL',
      offerTimeoutMinutes: 60,
      headcount: 2,
      secondedSlots: null,
    });
    const res = await read(task.id);
    expect(res.errors).toBeUndefined();
    expect(res.data?.task).toMatchObject({
      type: { category: 'ROUTINE' },
      courtyard: { id: courtyard },
      community: { id: community },
      demand: null,
    });
    const [transition] = res.data?.task.transitions ?? [];
    expect(res.data?.task.transitions).toHaveLength(1);
    expect(transition).toMatchObject({ from: null, to: 'DRAFT', by: adminAccount, reason: null });
    expect(new Date(transition?.at ?? 0).getTime()).toBeGreaterThanOrEqual(before.getTime());

    const audits = await db.query<{ action: string; account_id: string }[]>(
      `SELECT action, account_id FROM audit_log WHERE entity = 'Task' AND entity_id = $1`,
      [task.id],
    );
    expect(audits).toEqual([{ action: 'task.create', account_id: adminAccount }]);

    const urgent = await created({ priority: 'EMERGENCY' });
    expect(urgent).toMatchObject({ priority: 'EMERGENCY', offerTimeoutMinutes: 5 });
    const joint = await created({
      taskTypeId: jointType,
      headcount: 3,
      secondedSlots: 1,
      residentSlots: 2,
    });
    expect(joint).toMatchObject({ category: 'JOINT', secondedSlots: 1, residentSlots: 2 });
  });

  it('refuses bad input with a typed error and writes nothing', async () => {
    const before = await counts();
    const now = clock.now().getTime();
    const at = (ms: number) => new Date(now + ms).toISOString();
    const cases: [Record<string, unknown>, string, string | undefined][] = [
      [{ startsAt: at(5 * HOUR), endsAt: at(4 * HOUR) }, 'BAD_USER_INPUT', 'endsAt'],
      [{ startsAt: at(5 * HOUR), endsAt: at(5 * HOUR) }, 'BAD_USER_INPUT', 'endsAt'],
      [{ startsAt: at(HOUR), endsAt: at(26 * HOUR) }, 'BAD_USER_INPUT', 'endsAt'],
      [{ startsAt: at(-5 * HOUR), endsAt: at(-HOUR) }, 'BAD_USER_INPUT', 'endsAt'],
      [{ headcount: 0 }, 'BAD_USER_INPUT', 'headcount'],
      [{ headcount: 10_000 }, 'BAD_USER_INPUT', 'headcount'],
      [{ taskTypeId: '00000000-0000-4000-8000-000000000001' }, 'NOT_FOUND', undefined],
      [{ taskTypeId: retiredType }, 'TASK_TYPE_RETIRED', undefined],
      [{ taskTypeId: foreignType }, 'NOT_FOUND', undefined],
      [{ courtyardId: otherCourtyard }, 'COURTYARD_NOT_IN_COMMUNITY', 'courtyardId'],
      [{ taskTypeId: jointType, headcount: 3 }, 'BAD_USER_INPUT', 'secondedSlots'],
      [
        { taskTypeId: jointType, headcount: 3, secondedSlots: 1, residentSlots: 1 },
        'BAD_USER_INPUT',
        'secondedSlots',
      ],
      [{ secondedSlots: 1, residentSlots: 1 }, 'BAD_USER_INPUT', 'secondedSlots'],
      [{ title: '题'.repeat(101) }, 'BAD_USER_INPUT', 'title'],
      [{ title: '代\u202E购' }, 'BAD_USER_INPUT', 'title'],
      [{ description: '说'.repeat(2001) }, 'BAD_USER_INPUT', 'description'],
      [{ offerTimeoutMinutes: 0 }, 'BAD_USER_INPUT', 'offerTimeoutMinutes'],
      [{ offerTimeoutMinutes: 10_081 }, 'BAD_USER_INPUT', 'offerTimeoutMinutes'],
      [{ latitude: 30.6 }, 'BAD_USER_INPUT', 'latitude'],
      [{ latitude: 91, longitude: 114.3 }, 'BAD_USER_INPUT', 'latitude'],
      [{ communityId: otherCommunity, courtyardId: otherCourtyard }, 'FORBIDDEN', undefined],
    ];
    for (const [overrides, code, field] of cases) {
      const res = await api.gql(CREATE, { i: { ...input(), ...overrides } }, { token: admin });
      expect({ overrides, extensions: res.errors?.[0]?.extensions }).toMatchObject({
        overrides,
        extensions: { code, ...(field ? { field } : {}) },
      });
      expect(res.data).toBeNull();
    }
    // An unknown priority is refused at the edge.
    const unknownPriority = await create({ priority: 'CRITICAL' });
    expect(unknownPriority.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });

  it('answers in English when asked', async () => {
    const res = await api.gql(
      CREATE,
      { i: input({ headcount: 0 }) },
      { token: admin, language: 'en' },
    );
    expect(res.errors?.[0]?.message).toBe('The headcount must be a whole number from 1 to 200');
  });

  it('shows the committee its community’s tasks only, and a member those offered to them', async () => {
    const task = await created();
    const adminList = await api.gql<{ tasks: { items: { id: string }[] } }>(
      LIST,
      {},
      { token: admin },
    );
    expect(adminList.data?.tasks.items.map((t) => t.id)).toContain(task.id);
    const otherList = await api.gql<{ tasks: { totalCount: number } }>(
      LIST,
      { c: community },
      { token: otherAdmin },
    );
    expect(otherList.data?.tasks.totalCount).toBe(0);
    expect((await read(task.id, otherAdmin)).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const otherUpdate = await api.gql(
      UPDATE,
      { id: task.id, i: { title: '改' } },
      { token: otherAdmin },
    );
    expect(otherUpdate.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const operatorRead = await read(task.id, operator);
    expect(operatorRead.data?.task.id).toBe(task.id);

    // A member sees nothing until they are offered the task.
    const memberList = await api.gql<{ tasks: { totalCount: number } }>(
      LIST,
      {},
      { token: member },
    );
    expect(memberList.data?.tasks.totalCount).toBe(0);
    expect((await read(task.id, member)).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    await db.query(
      `INSERT INTO task_offer (task_id, member_id, round, slot_kind, score, expires_at)
       VALUES ($1, $2, 1, 'RESIDENT', 1, now() + interval '1 hour')`,
      [task.id, memberId],
    );
    const offered = await api.gql<{ tasks: { items: { id: string }[] } }>(
      LIST,
      {},
      { token: member },
    );
    expect(offered.data?.tasks.items.map((t) => t.id)).toEqual([task.id]);
    expect((await read(task.id, member)).data?.task.id).toBe(task.id);
    // Seeing a task is not managing it.
    const memberUpdate = await api.gql(
      UPDATE,
      { id: task.id, i: { title: '改' } },
      { token: member },
    );
    expect(memberUpdate.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('filters by status', async () => {
    const draft = await created();
    const filled = await created();
    await setStatus(filled.id, 'FILLED');
    const res = await api.gql<{ tasks: { items: { id: string }[] } }>(
      LIST,
      { c: community, s: 'FILLED' },
      { token: admin },
    );
    const ids = res.data?.tasks.items.map((t) => t.id);
    expect(ids).toContain(filled.id);
    expect(ids).not.toContain(draft.id);
  });

  it('corrects a draft only', async () => {
    const task = await created();
    const updated = await api.ok<TaskRow>(
      UPDATE,
      {
        id: task.id,
        i: {
          title: '  代购药品  ',
          taskTypeId: jointType,
          headcount: 4,
          secondedSlots: 2,
          residentSlots: 2,
        },
      },
      admin,
    );
    expect(updated).toMatchObject({ title: '代购药品', category: 'JOINT', secondedSlots: 2 });
    // Back to a routine type: the split goes with the old type.
    const routine = await api.ok<TaskRow>(
      UPDATE,
      { id: task.id, i: { taskTypeId: routineType } },
      admin,
    );
    expect(routine).toMatchObject({ category: 'ROUTINE', secondedSlots: null, headcount: 4 });
    const bad = await api.gql(UPDATE, { id: task.id, i: { headcount: 0 } }, { token: admin });
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'headcount',
    });

    await setStatus(task.id, 'DISPATCHING');
    const late = await api.gql(UPDATE, { id: task.id, i: { title: '改' } }, { token: admin });
    expect(late.errors?.[0]?.extensions.code).toBe('TASK_NOT_DRAFT');
    const audits = await db.query<{ action: string }[]>(
      `SELECT action FROM audit_log WHERE entity = 'Task' AND entity_id = $1 ORDER BY id`,
      [task.id],
    );
    expect(audits.map((a) => a.action)).toEqual(['task.create', 'task.update', 'task.update']);
  });

  it('completes a task once under way and records one rating', async () => {
    const upcoming = await created({}, 1);
    const early = await api.gql(COMPLETE, { id: upcoming.id }, { token: admin });
    expect(early.errors?.[0]?.extensions.code).toBe('TASK_STATUS_CONFLICT');
    await setStatus(upcoming.id, 'FILLED');
    const notYet = await api.gql(COMPLETE, { id: upcoming.id }, { token: admin });
    expect(notYet.errors?.[0]?.extensions.code).toBe('TASK_NOT_STARTED');

    // Recorded while under way: the window opened half an hour ago.
    const task = await created({}, -0.5);
    const unrated = await api.gql(RATE, { id: task.id, i: { rating: 5 } }, { token: admin });
    expect(unrated.errors?.[0]?.extensions.code).toBe('TASK_NOT_COMPLETED');
    await setStatus(task.id, 'FILLED');
    const done = await api.ok<TaskRow>(COMPLETE, { id: task.id }, admin);
    expect(done.status).toBe('COMPLETED');
    const history = (await read(task.id)).data?.task.transitions ?? [];
    // The start the schedule had not reached yet is the system's; completion the committee's.
    expect(history.map(({ from, to, by, reason }) => ({ from, to, by, reason }))).toEqual([
      { from: null, to: 'DRAFT', by: adminAccount, reason: null },
      { from: 'FILLED', to: 'IN_PROGRESS', by: null, reason: 'window opened' },
      { from: 'IN_PROGRESS', to: 'COMPLETED', by: adminAccount, reason: null },
    ]);
    expect(new Date(history[2]?.at ?? 0).getTime()).toBe(clock.now().getTime());

    const outOfRange = await api.gql(RATE, { id: task.id, i: { rating: 6 } }, { token: admin });
    expect(outOfRange.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'rating',
    });
    const byOther = await api.gql(RATE, { id: task.id, i: { rating: 1 } }, { token: otherAdmin });
    expect(byOther.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const rated = await api.ok<TaskRow>(
      RATE,
      { id: task.id, i: { rating: 5, comment: '  很及时  ' } },
      admin,
    );
    expect(rated).toMatchObject({ rating: 5, ratingComment: '很及时' });
    const again = await api.gql(RATE, { id: task.id, i: { rating: 1 } }, { token: admin });
    expect(again.errors?.[0]?.extensions.code).toBe('TASK_ALREADY_RATED');
    const [stored] = await db.query<{ rating: number }[]>('SELECT rating FROM task WHERE id = $1', [
      task.id,
    ]);
    expect(stored?.rating).toBe(5);
  });

  describe('the start schedule', () => {
    const maintenance = () => worker.module.get(QueueRegistry).get(JOBS.taskStart.queue);

    /** One run of `task.start`, by whichever worker of the run's maintenance queue takes it. */
    async function runTaskStart() {
      await maintenance().add(JOBS.taskStart.name, {}, JOBS.taskStart.options);
      await drainQueue(worker.module, JOBS.taskStart.queue);
    }

    const statusOf = async (id: string) =>
      (await db.query<{ status: string }[]>('SELECT status FROM task WHERE id = $1', [id]))[0]
        ?.status;

    it('is registered to run every minute', async () => {
      const schedulers = await maintenance().getJobSchedulers();
      expect(schedulers).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: JOBS.taskStart.name, pattern: '* * * * *' }),
        ]),
      );
    });

    it('starts filled tasks once their window opens, once, and nothing else', async () => {
      const filled = await created({}, 2);
      const draft = await created({}, 2);
      const later = await created({}, 5);
      await setStatus(filled.id, 'FILLED');
      await setStatus(later.id, 'FILLED');

      await runTaskStart();
      expect(await statusOf(filled.id)).toBe('FILLED');

      workerClock.advance(2 * HOUR + 60_000);
      await runTaskStart();
      expect(await statusOf(filled.id)).toBe('IN_PROGRESS');
      await runTaskStart();
      expect(await statusOf(draft.id)).toBe('DRAFT');
      expect(await statusOf(later.id)).toBe('FILLED');
      const history = (await read(filled.id)).data?.task.transitions ?? [];
      expect(history.filter((t) => t.to === 'IN_PROGRESS')).toEqual([
        expect.objectContaining({ from: 'FILLED', by: null, reason: 'window opened' }),
      ]);
    });
  });

  it('lists tasks with their type, place and history in as many statements for 6 as for 2', async () => {
    const statementsFor = async (n: number) => {
      const place = (await createCommunity(api.app)).id;
      const yard = (await createCourtyard(api.app, place)).id;
      const token = await signIn(api.app, [{ role: 'COMMUNITY_ADMIN', communityId: place }]);
      for (let i = 0; i < n; i++) {
        const res = await api.gql(
          CREATE,
          { i: input({ communityId: place, courtyardId: yard }) },
          { token },
        );
        expect(res.errors).toBeUndefined();
      }
      const { count } = await countStatements(db, async () => {
        const res = await api.gql<{ tasks: { totalCount: number } }>(
          `{ tasks(first: 100) { totalCount items { id type { name } courtyard { name }
              community { name } demand { id } transitions { to by } } } }`,
          {},
          { token },
        );
        expect(res.errors).toBeUndefined();
        expect(res.data?.tasks.totalCount).toBe(n);
      });
      return count;
    };
    const small = await statementsFor(2);
    const large = await statementsFor(6);
    expect(large).toBe(small);
  });
});
