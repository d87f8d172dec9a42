import type pg from 'pg';

/**
 * Hard-constraint violations of a set of choices (task, member, slot kind):
 * the offers the dispatcher persisted, or the picks of the greedy baseline.
 * Checked independently of the matcher: written from the rules of issue 8
 * against the raw rows, sharing no SQL with libs/domain/src/dispatch (the
 * task's window is converted to minutes of the week here, not with the
 * schema's week_minutes). Every count must be 0.
 *
 * `choices` is a relation with columns task_id, member_id, slot_kind.
 */
const RULES = {
  /** The slot's kind is the member's, and a NORMAL ROUTINE task goes to residents only. */
  kind: `c.slot_kind <> m.kind OR (t.category = 'ROUTINE' AND t.priority = 'NORMAL' AND m.kind = 'SECONDED')`,
  /** A resident serves in the community they live in. */
  community: `m.kind = 'RESIDENT' AND m.residence_community_id IS DISTINCT FROM t.community_id`,
  /** A seconded member serves where their secondment is ACTIVE. */
  secondment: `m.kind = 'SECONDED' AND NOT EXISTS (SELECT 1 FROM secondment s
                 WHERE s.member_id = m.id AND s.community_id = t.community_id AND s.status = 'ACTIVE')`,
  /**
   * Every required skill; a JOINT task is "a team with at least one seconded
   * member holding the specialty plus residents" (issue 8), so its resident
   * slots ask for none.
   */
  skill: `NOT m.skills @> tt.required_skills AND NOT (t.category = 'JOINT' AND c.slot_kind = 'RESIDENT')`,
  /**
   * Free for the whole window, in the community's time zone (the benchmark's
   * tasks never run past midnight, so the window is one range of the week).
   */
  availability: `NOT m.availability @> int4multirange(int4range(
      (extract(isodow FROM t.starts_at AT TIME ZONE co.time_zone)::int - 1) * 1440
        + extract(hour FROM t.starts_at AT TIME ZONE co.time_zone)::int * 60
        + extract(minute FROM t.starts_at AT TIME ZONE co.time_zone)::int,
      (extract(isodow FROM t.starts_at AT TIME ZONE co.time_zone)::int - 1) * 1440
        + extract(hour FROM t.starts_at AT TIME ZONE co.time_zone)::int * 60
        + extract(minute FROM t.starts_at AT TIME ZONE co.time_zone)::int
        + ceil(extract(epoch FROM t.ends_at - t.starts_at) / 60)::int))`,
  /** No heavy and no outdoor night work for frail members. */
  physical: `m.physical_condition = 'FRAIL' AND (tt.intensity = 'HEAVY' OR (tt.outdoor AND tt.night))`,
  /** Not booked on another task in an overlapping window. */
  overlap: `EXISTS (SELECT 1 FROM assignment a JOIN task other ON other.id = a.task_id
              WHERE a.member_id = m.id AND a.status = 'ACCEPTED' AND a.task_id <> t.id
                AND other.starts_at < t.ends_at AND t.starts_at < other.ends_at)`,
} as const;

export type Rule = keyof typeof RULES | 'duplicate';
export type Violations = Record<Rule, number>;

export async function violations(client: pg.Client, choices: string): Promise<Violations> {
  const counts = Object.entries(RULES)
    .map(([rule, test]) => `count(*) FILTER (WHERE ${test})::int AS ${rule}`)
    .join(',\n');
  const { rows } = await client.query<Violations>(`
    SELECT ${counts},
           (SELECT count(*)::int FROM (SELECT 1 FROM ${choices} d
              GROUP BY d.task_id, d.member_id HAVING count(*) > 1) twice) AS duplicate
      FROM ${choices} c
      JOIN member m ON m.id = c.member_id
      JOIN task t ON t.id = c.task_id
      JOIN task_type tt ON tt.id = t.task_type_id
      JOIN community co ON co.id = t.community_id`);
  const [row] = rows;
  if (!row) throw new Error('no violation counts');
  return row;
}

export const total = (v: Violations): number => Object.values(v).reduce((sum, n) => sum + n, 0);
