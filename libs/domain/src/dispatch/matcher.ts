import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#core';
import { sql, UnitOfWork } from '#database';
import {
  eligibleMembers,
  openSlotsForKind,
  taskProfiles,
  taskProfilesWindowFirst,
} from './eligibility.js';
import {
  rankCandidates,
  scoreCandidate,
  type CandidateSignals,
  type ScoredCandidate,
} from './match-score.js';

/**
 * Finds and ranks the members a task may be offered to. The hard filters are
 * SQL (eligibility.ts); the score is worked out from the signals the same
 * statement reads, so one statement per dispatch reads every candidate.
 */
@Injectable()
export class Matcher {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Every eligible member not yet offered the task in its current round,
   * best first. A ROUTINE task ranks residents before seconded members, a
   * PROFESSIONAL task seconded members before residents holding the skill.
   */
  async candidates(taskId: string, now: Date): Promise<ScoredCandidate[]> {
    return (await this.candidatesOf([taskId], now)).get(taskId) ?? [];
  }

  /**
   * The ranked candidates of several tasks in one statement. The scoring
   * inputs (bookings of the last 30 days, offers answered, the party groups
   * covering the tasks' courtyards) are read once, by set, for the members
   * who passed the hard filters, not per member over all history.
   */
  async candidatesOf(
    taskIds: readonly string[],
    now: Date,
  ): Promise<Map<string, ScoredCandidate[]>> {
    const rows = await this.uow.query<CandidateSignals & { taskId: string }>(sql`
      WITH candidate AS MATERIALIZED (
        SELECT t.id AS task_id, t.courtyard_id AS task_courtyard_id, m.id AS member_id, m.kind,
               CASE WHEN (t.category = 'ROUTINE' AND m.kind = 'SECONDED')
                      OR (t.category = 'PROFESSIONAL' AND m.kind = 'RESIDENT') THEN 1 ELSE 0 END AS tier,
               m.residence_courtyard_id = t.courtyard_id AS same_courtyard,
               CASE WHEN m.skills @> t.required_skills THEN t.required_skills
                    ELSE '{}'::text[] END AS skills
          FROM ${taskProfilesWindowFirst} t
         CROSS JOIN ${eligibleMembers()} m
         WHERE t.id = ANY(${taskIds}::uuid[])
           AND NOT EXISTS (SELECT 1 FROM task_offer o
                            WHERE o.task_id = t.id AND o.member_id = m.id AND o.round = t.dispatch_round)
      ), member_ids AS (
        SELECT DISTINCT member_id FROM candidate
      ), recent AS (
        SELECT a.member_id,
               (sum(extract(epoch FROM upper(a.booked) - lower(a.booked))) / 60)::int AS minutes,
               count(*)::int AS assignments
          FROM member_ids c JOIN assignment a ON a.member_id = c.member_id
         WHERE a.status IN ('ACCEPTED', 'COMPLETED')
           AND lower(a.booked) >= ${now}::timestamptz - interval '30 days'
           AND lower(a.booked) < ${now}::timestamptz
         GROUP BY a.member_id
      ), history AS (
        SELECT o.member_id,
               count(*) FILTER (WHERE o.status IN ('ACCEPTED', 'DECLINED', 'EXPIRED'))::int AS answered,
               count(*) FILTER (WHERE o.status = 'ACCEPTED')::int AS accepted
          FROM member_ids c JOIN task_offer o ON o.member_id = c.member_id
         GROUP BY o.member_id
      ), grouped AS (
        SELECT DISTINCT ga.member_id, pg.courtyard_id
          FROM party_group pg
          JOIN temporary_branch b ON b.id = pg.branch_id AND b.status = 'OPEN'
          JOIN group_assignment ga ON ga.party_group_id = pg.id AND ga.ended_at IS NULL
         WHERE pg.courtyard_id IN (SELECT task_courtyard_id FROM candidate)
      )
      SELECT c.task_id AS "taskId", c.member_id AS "memberId", c.kind, c.tier,
             CASE WHEN c.same_courtyard THEN 'COURTYARD'
                  WHEN g.member_id IS NOT NULL THEN 'PARTY_GROUP'
                  ELSE 'COMMUNITY' END AS locality,
             c.skills,
             coalesce(r.minutes, 0) AS "recentMinutes",
             coalesce(r.assignments, 0) AS "recentAssignments",
             coalesce(h.answered, 0) AS "offersAnswered",
             coalesce(h.accepted, 0) AS "offersAccepted"
        FROM candidate c
        LEFT JOIN recent r ON r.member_id = c.member_id
        LEFT JOIN history h ON h.member_id = c.member_id
        LEFT JOIN grouped g ON g.member_id = c.member_id AND g.courtyard_id = c.task_courtyard_id`);
    const weights = this.config.dispatch.weights;
    const byTask = new Map<string, ScoredCandidate[]>(taskIds.map((id) => [id, []]));
    for (const row of rows) byTask.get(row.taskId)?.push(scoreCandidate(row, weights));
    for (const [taskId, scored] of byTask) byTask.set(taskId, rankCandidates(scored));
    return byTask;
  }

  /**
   * The tasks member `memberId` may claim now: dispatching, not started,
   * passing the same hard filters as an offer, with a slot open to their
   * kind, and not already offered to them (they answer the offer instead).
   */
  async openTaskIds(memberId: string, now: Date, taskId?: string): Promise<string[]> {
    const rows = await this.uow.query<{ id: string }>(sql`
      SELECT t.id
        FROM ${taskProfiles} t
       CROSS JOIN ${eligibleMembers(memberId)} m
       WHERE t.status = 'DISPATCHING' AND t.starts_at > ${now}
         AND (${taskId ?? null}::uuid IS NULL OR t.id = ${taskId ?? null}::uuid)
         AND ${openSlotsForKind} > 0
         AND NOT EXISTS (SELECT 1 FROM task_offer p
                          WHERE p.task_id = t.id AND p.member_id = m.id AND p.status = 'PENDING')
       ORDER BY t.starts_at, t.id`);
    return rows.map((row) => row.id);
  }
}
