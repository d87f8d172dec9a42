/**
 * The tasks a benchmark publishes, written as DRAFT rows of the generated
 * city (set-based, like the city): publishing, not creating, is what is
 * measured. Spread over the communities and courtyards, 60 % ROUTINE, 25 %
 * PROFESSIONAL and 15 % JOINT, mostly NORMAL with some URGENT and
 * EMERGENCY, in the next eight weeks (by default; a batch benchmark narrows
 * it to one day), each window one hour inside some of
 * the city's availability patterns (city.ts) of the kinds its category asks
 * for: ROUTINE on weekday mornings, PROFESSIONAL on weekday evenings, JOINT
 * on Saturday mornings.
 */
import type pg from 'pg';
import { COURTYARDS_PER_COMMUNITY, idOf, type CitySize } from './city.js';

const draw = (salt: number, n: number) => `abs(hashint8(t * 16 + ${String(salt)}) % ${String(n)})`;

export interface DraftTask {
  readonly id: string;
  readonly communityId: string;
  /** The committee account of the task's community (city.ts), who publishes it. */
  readonly committeeAccountId: string;
}

/**
 * Inserts `count` DRAFT tasks numbered from `first` (so that successive
 * calls never repeat a task) and returns their ids in publishing order.
 */
export async function insertDraftTasks(
  client: pg.Client,
  city: CitySize,
  first: number,
  count: number,
  /** Over how many weeks and weekdays the tasks spread (one and one: a morning's batch). */
  spread: { readonly weeks: number; readonly days: number } = { weeks: 8, days: 5 },
): Promise<DraftTask[]> {
  const K = String(COURTYARDS_PER_COMMUNITY);
  const { rows } = await client.query<DraftTask>(
    `WITH types AS (
       SELECT category, array_agg(id ORDER BY name) AS ids FROM task_type
        WHERE community_id IS NULL AND retired_at IS NULL GROUP BY category
     ), numbered AS (
       SELECT t, ${draw(1, 20)} AS mix,
              -- Monday 00:00 of next week, in the city's time zone
              date_trunc('week', now() AT TIME ZONE 'Asia/Shanghai') + interval '1 week'
                + (${draw(2, spread.weeks)} || ' weeks')::interval AS week
         FROM generate_series($1::bigint, $1::bigint + $2 - 1) AS t
     ), shaped AS (
       SELECT t, week, CASE WHEN mix < 12 THEN 'ROUTINE' WHEN mix < 17 THEN 'PROFESSIONAL' ELSE 'JOINT' END AS category,
              ${draw(3, 100)} AS roll
         FROM numbered
     ), placed AS (
       SELECT s.t, s.category, (types.ids)[1 + ${draw(4, 1000)} % cardinality(types.ids)] AS task_type_id,
              ${draw(5, 1_000_000)} % ${String(city.communities)} AS c, ${draw(6, COURTYARDS_PER_COMMUNITY)} AS k,
              CASE s.category
                WHEN 'ROUTINE' THEN s.week + (${draw(7, spread.days)} || ' days')::interval
                                      + interval '9 hours' + (30 * ${draw(8, 3)} || ' minutes')::interval
                WHEN 'PROFESSIONAL' THEN s.week + (${draw(7, spread.days)} || ' days')::interval
                                      + interval '19 hours' + (30 * ${draw(8, 2)} || ' minutes')::interval
                ELSE s.week + interval '5 days 9 hours 30 minutes' + (30 * ${draw(8, 2)} || ' minutes')::interval
              END AS local_start,
              CASE WHEN s.roll < 90 THEN 'NORMAL' WHEN s.roll < 98 THEN 'URGENT' ELSE 'EMERGENCY' END AS priority
         FROM shaped s JOIN types ON types.category = s.category
     ), inserted AS (
       INSERT INTO task (id, community_id, courtyard_id, task_type_id, category, title, description,
                         starts_at, ends_at, headcount, seconded_slots, resident_slots, priority,
                         offer_timeout_minutes, created_by)
       SELECT ${idOf('task', 'p.t')}, ${idOf('community', 'p.c')}, ${idOf('courtyard', `p.c * ${K} + p.k`)}, p.task_type_id,
              p.category, tt.name, '基准测试任务 ' || p.t,
              p.local_start AT TIME ZONE 'Asia/Shanghai',
              (p.local_start + interval '1 hour') AT TIME ZONE 'Asia/Shanghai',
              CASE p.category WHEN 'ROUTINE' THEN 1 + ${draw(9, 2)}
                              WHEN 'PROFESSIONAL' THEN 1 ELSE 3 END,
              CASE WHEN p.category = 'JOINT' THEN 1 END,
              CASE WHEN p.category = 'JOINT' THEN 2 END,
              p.priority, 30, ${idOf('account', 'p.c')}
         FROM placed p JOIN task_type tt ON tt.id = p.task_type_id
     ), history AS (
       -- the first line of each task's history, as TaskTransitions.created writes it
       INSERT INTO task_transition (task_id, from_status, to_status, account_id)
       SELECT ${idOf('task', 'p.t')}, NULL, 'DRAFT', ${idOf('account', 'p.c')} FROM placed p
     )
     SELECT ${idOf('task', 't')} AS id, ${idOf('community', 'c')} AS "communityId",
            ${idOf('account', 'c')} AS "committeeAccountId"
       FROM placed ORDER BY t`,
    [first, count],
  );
  return rows;
}
