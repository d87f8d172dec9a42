import { rawSql, sql, type Sql } from '#database';

/*
 * The hard filters of matching, written once as SQL over a task profile `t`
 * and a member `m`. The dispatcher ranks the members who pass them; a member
 * listing open tasks (领单) and claiming one passes the same ones, so what a
 * member may claim and what the dispatcher may offer them never differ.
 */

const profiles = (window: Sql, windowJoin: Sql): Sql => sql`(
  SELECT t.id, t.community_id, t.courtyard_id, t.category, t.priority, t.status, t.starts_at,
         t.ends_at, t.dispatch_round, t.headcount, t.seconded_slots, t.resident_slots,
         t.shift_id, tt.required_skills, tt.intensity, tt.outdoor, tt.night, ${window} AS week_window
    FROM task t
    JOIN task_type tt ON tt.id = t.task_type_id
    JOIN community c ON c.id = t.community_id ${windowJoin})`;

/**
 * Tasks with what matching needs of their type and community; select from it
 * as `t`. The window is also in minutes of the week, in the community's time
 * zone, the unit members' weekly availability is kept in. Here it is worked
 * out where it is used: right for reading few members of many tasks (a
 * member's open tasks), where most tasks never get that far.
 */
export const taskProfiles: Sql = profiles(
  sql`week_minutes(t.starts_at, t.ends_at, c.time_zone)`,
  rawSql(''),
);

/**
 * The same, the window worked out once per task (`OFFSET 0` keeps it from
 * being inlined): for reading many members of few tasks (the matcher), where
 * inlined it was evaluated again for every member of the pool, half the
 * time of the candidate read.
 */
export const taskProfilesWindowFirst: Sql = profiles(
  sql`w.week_window`,
  sql`CROSS JOIN LATERAL (SELECT week_minutes(t.starts_at, t.ends_at, c.time_zone) AS week_window
                           OFFSET 0) w`,
);

/**
 * Whether member `member` may do work of the type profile `type` (a task
 * profile, or a task_type row: both have the columns it reads):
 * - every required skill held; a JOINT type asks it of its seconded members
 *   only (the specialty), its resident members are wanted for knowing the place;
 * - fit for the work: FRAIL members only LIGHT work and never outdoors at
 *   night, LIMITED members no HEAVY work.
 * Shared by dispatch (eligibleMembers) and post claims, so a member may claim
 * a post of a type exactly when they could be offered a task of it.
 */
export function canDo(member: string, type: string): Sql {
  const m = rawSql(member);
  const t = rawSql(type);
  return sql`(${m}.skills @> ${t}.required_skills OR (${t}.category = 'JOINT' AND ${m}.kind = 'RESIDENT'))
     AND (${m}.physical_condition <> 'FRAIL'
          OR (${t}.intensity = 'LIGHT' AND NOT (${t}.outdoor AND ${t}.night)))
     AND (${m}.physical_condition <> 'LIMITED' OR ${t}.intensity <> 'HEAVY')`;
}

/**
 * The members who may do task `t` at all, as a lateral subquery (`CROSS JOIN
 * LATERAL ${eligibleMembers()} m`, after `t`) giving the member's id, kind,
 * courtyard and skills; `eligibleMembers(memberId)` asks it of one member
 * (listing and claiming open tasks):
 * - the pool: residents of the task's community, and seconded members with an
 *   ACTIVE report-in there; a ROUTINE task goes to seconded members only when
 *   it is URGENT or EMERGENCY (neighbourly work is the residents' first);
 * - able to do the work (canDo: skills and fitness);
 * - available for the whole window, in the community's time zone;
 * - not booked in an overlapping window (the exclusion constraint decides
 *   races; this keeps busy members out of the ranking);
 * - has not declined this task, nor withdrawn from it, nor given up (released
 *   or swapped away) the shift whose place the task refills.
 *
 * It reads the pool, never the city: each branch takes one community's
 * members through its own index (residents by residence community, seconded
 * members through the community's ACTIVE secondments), and the seconded
 * branch is skipped at once for a NORMAL ROUTINE task. `OFFSET 0` keeps the
 * tests on skills and availability out of the branches: the planner cannot
 * know how common a task's skills or window are, and given the city-wide
 * skills (GIN) and availability (GiST) indexes it ANDed them with the
 * community's, reading up to three members in four of the whole city for a
 * pool of a few hundred (measured in docs/benchmarks.md). The overlap test
 * probes the exclusion constraint's index (member, booked &&) per candidate
 * (its own `OFFSET 0` keeps it a per-member probe rather than a scan of
 * every booking in the window city-wide).
 */
export function eligibleMembers(memberId?: string): Sql {
  const only = (column: string) =>
    memberId === undefined ? rawSql('') : sql`AND ${rawSql(column)} = ${memberId}::uuid`;
  return sql`LATERAL (
  SELECT pool.id, pool.kind, pool.residence_courtyard_id, pool.skills
    FROM (SELECT r.id, r.kind, r.residence_courtyard_id, r.skills, r.availability,
                 r.physical_condition
            FROM member r
           WHERE r.residence_community_id = t.community_id AND r.kind = 'RESIDENT'
             ${only('r.id')}
          UNION ALL
          SELECT s.id, s.kind, s.residence_courtyard_id, s.skills, s.availability,
                 s.physical_condition
            FROM secondment a
            JOIN member s ON s.id = a.member_id
           WHERE a.community_id = t.community_id AND a.status = 'ACTIVE'
             AND (t.category <> 'ROUTINE' OR t.priority <> 'NORMAL')
             ${only('a.member_id')}
          OFFSET 0) pool
   WHERE ${canDo('pool', 't')}
     AND pool.availability @> t.week_window
     AND NOT EXISTS (SELECT 1 FROM assignment busy
                      WHERE busy.member_id = pool.id AND busy.status = 'ACCEPTED'
                        AND busy.booked && tstzrange(t.starts_at, t.ends_at)
                     OFFSET 0)
     AND NOT EXISTS (SELECT 1 FROM task_offer declined
                      WHERE declined.task_id = t.id AND declined.member_id = pool.id
                        AND declined.status = 'DECLINED')
     AND NOT EXISTS (SELECT 1 FROM assignment left_task
                      WHERE left_task.task_id = t.id AND left_task.member_id = pool.id
                        AND left_task.status = 'WITHDRAWN')
     AND NOT EXISTS (SELECT 1 FROM assignment released
                      WHERE t.shift_id IS NOT NULL AND released.shift_id = t.shift_id
                        AND released.member_id = pool.id AND released.status = 'RELEASED'))`;
}

/**
 * Slots of task `t` still open to a member of `m.kind`: a JOINT task keeps
 * seconded and resident slots apart, any other task shares its headcount.
 * Counts live assignments only: offers do not hold a slot, the first to
 * accept takes it.
 */
export const openSlotsForKind: Sql = sql`(
  CASE WHEN t.category = 'JOINT'
       THEN CASE m.kind WHEN 'SECONDED' THEN t.seconded_slots ELSE t.resident_slots END
       ELSE t.headcount END
  - (SELECT count(*) FROM assignment live
      WHERE live.task_id = t.id AND live.status = 'ACCEPTED'
        AND (t.category <> 'JOINT' OR live.slot_kind = m.kind)))`;
