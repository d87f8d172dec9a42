import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#core';
import { sql, UnitOfWork } from '#database';
import { eligible, openSlotsForKind, taskProfiles } from './eligibility.js';
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
    const rows = await this.uow.query<CandidateSignals>(sql`
      SELECT m.id AS "memberId", m.kind,
             CASE WHEN (t.category = 'ROUTINE' AND m.kind = 'SECONDED')
                    OR (t.category = 'PROFESSIONAL' AND m.kind = 'RESIDENT') THEN 1 ELSE 0 END AS tier,
             CASE WHEN m.residence_courtyard_id = t.courtyard_id THEN 'COURTYARD'
                  WHEN EXISTS (SELECT 1 FROM group_assignment ga
                                 JOIN party_group pg ON pg.id = ga.party_group_id
                                 JOIN temporary_branch b ON b.id = pg.branch_id
                                WHERE ga.member_id = m.id AND ga.ended_at IS NULL
                                  AND pg.courtyard_id = t.courtyard_id AND b.status = 'OPEN')
                  THEN 'PARTY_GROUP'
                  ELSE 'COMMUNITY' END AS locality,
             CASE WHEN m.skills @> t.required_skills THEN t.required_skills
                  ELSE '{}'::text[] END AS skills,
             coalesce(recent.minutes, 0) AS "recentMinutes",
             recent.assignments AS "recentAssignments",
             history.answered AS "offersAnswered",
             history.accepted AS "offersAccepted"
        FROM ${taskProfiles} t
        JOIN member m ON ${eligible}
        CROSS JOIN LATERAL (
          SELECT (sum(extract(epoch FROM upper(a.booked) - lower(a.booked))) / 60)::int AS minutes,
                 count(*)::int AS assignments
            FROM assignment a
           WHERE a.member_id = m.id AND a.status IN ('ACCEPTED', 'COMPLETED')
             AND lower(a.booked) >= ${now}::timestamptz - interval '30 days'
             AND lower(a.booked) < ${now}::timestamptz) recent
        CROSS JOIN LATERAL (
          SELECT count(*) FILTER (WHERE o.status IN ('ACCEPTED', 'DECLINED', 'EXPIRED'))::int AS answered,
                 count(*) FILTER (WHERE o.status = 'ACCEPTED')::int AS accepted
            FROM task_offer o WHERE o.member_id = m.id) history
       WHERE t.id = ${taskId}
         AND NOT EXISTS (SELECT 1 FROM task_offer o
                          WHERE o.task_id = t.id AND o.member_id = m.id AND o.round = t.dispatch_round)`);
    const weights = this.config.dispatch.weights;
    return rankCandidates(rows.map((row) => scoreCandidate(row, weights)));
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
        JOIN member m ON m.id = ${memberId}
       WHERE t.status = 'DISPATCHING' AND t.starts_at > ${now}
         AND (${taskId ?? null}::uuid IS NULL OR t.id = ${taskId ?? null}::uuid)
         AND ${eligible}
         AND ${openSlotsForKind} > 0
         AND NOT EXISTS (SELECT 1 FROM task_offer p
                          WHERE p.task_id = t.id AND p.member_id = m.id AND p.status = 'PENDING')
       ORDER BY t.starts_at, t.id`);
    return rows.map((row) => row.id);
  }
}
