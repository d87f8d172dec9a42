import { sql, type Sql } from '#database';

/*
 * The hard filters of matching, written once as SQL over a task profile `t`
 * and a member `m`. The dispatcher ranks the members who pass them; a member
 * listing open tasks (领单) and claiming one passes the same ones, so what a
 * member may claim and what the dispatcher may offer them never differ.
 */

/**
 * Tasks with what matching needs of their type and community; select from it
 * as `t`. The window is also in minutes of the week, in the community's time
 * zone, the unit members' weekly availability is kept in.
 */
export const taskProfiles: Sql = sql`(
  SELECT t.id, t.community_id, t.courtyard_id, t.category, t.priority, t.status, t.starts_at,
         t.ends_at, t.dispatch_round, t.headcount, t.seconded_slots, t.resident_slots,
         tt.required_skills, tt.intensity, tt.outdoor, tt.night,
         week_minutes(t.starts_at, t.ends_at, c.time_zone) AS week_window
    FROM task t
    JOIN task_type tt ON tt.id = t.task_type_id
    JOIN community c ON c.id = t.community_id)`;

/**
 * Whether member `m` may do task `t` at all:
 * - the pool: residents of the task's community, and seconded members with an
 *   ACTIVE report-in there; a ROUTINE task goes to seconded members only when
 *   it is URGENT or EMERGENCY (neighbourly work is the residents' first);
 * - every required skill held; a JOINT task asks it of its seconded members
 *   only (the specialty), its resident slots want people who know the place;
 * - available for the whole window, in the community's time zone;
 * - fit for the work: FRAIL members only LIGHT work and never outdoors at
 *   night, LIMITED members no HEAVY work;
 * - not booked in an overlapping window (the exclusion constraint decides
 *   races; this keeps busy members out of the ranking);
 * - has not declined this task, nor withdrawn from it.
 */
export const eligible: Sql = sql`(
  m.id IN (SELECT r.id FROM member r
            WHERE r.kind = 'RESIDENT' AND r.residence_community_id = t.community_id
           UNION ALL
           SELECT s.member_id FROM secondment s
            WHERE s.community_id = t.community_id AND s.status = 'ACTIVE')
  AND (t.category <> 'ROUTINE' OR m.kind = 'RESIDENT' OR t.priority <> 'NORMAL')
  AND (m.skills @> t.required_skills OR (t.category = 'JOINT' AND m.kind = 'RESIDENT'))
  AND m.availability @> t.week_window
  AND (m.physical_condition <> 'FRAIL' OR (t.intensity = 'LIGHT' AND NOT (t.outdoor AND t.night)))
  AND (m.physical_condition <> 'LIMITED' OR t.intensity <> 'HEAVY')
  AND NOT EXISTS (SELECT 1 FROM assignment busy
                   WHERE busy.member_id = m.id AND busy.status = 'ACCEPTED'
                     AND busy.booked && tstzrange(t.starts_at, t.ends_at))
  AND NOT EXISTS (SELECT 1 FROM task_offer declined
                   WHERE declined.task_id = t.id AND declined.member_id = m.id
                     AND declined.status = 'DECLINED')
  AND NOT EXISTS (SELECT 1 FROM assignment left_task
                   WHERE left_task.task_id = t.id AND left_task.member_id = m.id
                     AND left_task.status = 'WITHDRAWN'))`;

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
