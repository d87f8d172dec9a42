import { rawSql, sql, type Sql } from '#database';
import { canDo } from '#domain/dispatch';

/**
 * Whether member `m` may serve post `p` (with its task type `tt`): a resident
 * of the post's community, or a member with an ACTIVE report-in there, able
 * to do its work (canDo: the same skill and fitness rules as an offer). It
 * decides who may claim a post, which claimants the planner books, and to
 * whom a shift may be swapped.
 */
export function mayServe(member: string, post: string, type: string): Sql {
  const m = rawSql(member);
  const p = rawSql(post);
  return sql`${canDo(member, type)}
     AND ((${m}.kind = 'RESIDENT' AND ${m}.residence_community_id = ${p}.community_id)
          OR EXISTS (SELECT 1 FROM secondment sa
                      WHERE sa.member_id = ${m}.id AND sa.community_id = ${p}.community_id
                        AND sa.status = 'ACTIVE'))`;
}
