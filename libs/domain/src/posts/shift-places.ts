import { rawSql, sql, type Sql } from '#database';

/**
 * How the places of shift `s` stand, as a lateral subquery (`CROSS JOIN
 * LATERAL ${shiftPlaces('s')} n`): `booked`, the members booked on it
 * (directly, or through a task refilling a released place; shift_booking),
 * their ids as `memberIds`, and `refilling`, the released places whose task
 * is still out in dispatch. The open places are the headcount less both:
 * a place being refilled is not offered to the post's claimants as well.
 */
export function shiftPlaces(shift: string): Sql {
  const s = rawSql(shift);
  return sql`(SELECT count(*)::int AS booked,
                     coalesce(array_agg(b.member_id ORDER BY b.accepted_at, b.member_id),
                              '{}') AS "memberIds",
                     (SELECT count(*)::int FROM task t
                       WHERE t.shift_id = ${s}.id AND t.status IN ('DRAFT', 'DISPATCHING'))
                       AS refilling
                FROM shift_booking b WHERE b.shift_id = ${s}.id)`;
}
