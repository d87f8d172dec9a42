import { Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { sql, UnitOfWork } from '#database';
import { LiveEvents } from '#domain/live';
import { Notifier } from '#domain/notifications';
import { JOBS, Outbox } from '#queue';

/** Reminders per call-up at most, whatever the interval: a call-up is not a pager. */
export const MAX_REMINDERS = 5;

interface LockedCallUp {
  readonly communityId: string;
  readonly status: 'OPEN' | 'CLOSED';
  readonly respondBy: Date;
  readonly reminderMinutes: number | null;
  readonly fannedOut: boolean;
}

/**
 * The worker's side of a call-up: writing its roll-call and sending its
 * messages, then its reminders. Each step is one transaction that a retry
 * finds done: the roll-call is written once (fanned_out_at), and every
 * message has a key of its member and round, so none goes out twice.
 */
@Injectable()
export class CallUpFanOut {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly notifier: Notifier,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly live: LiveEvents,
  ) {}

  /**
   * One roll-call row per member called, each with their unit and party
   * group as they are now, and the call to each, by batches. The members
   * called are the community's seconded members serving there now (an
   * ACTIVE report-in), with its resident members if asked, narrowed to
   * those with any of the call-up's skills: never a member of another
   * community.
   */
  async fanOut(callUpId: string): Promise<void> {
    await this.uow.run(async () => {
      const callUp = await this.lock(callUpId);
      if (!callUp || callUp.fannedOut) return;
      const now = this.clock.now();
      // a call-up closed before it went out calls nobody
      const [{ called } = { called: 0 }] =
        callUp.status === 'OPEN'
          ? await this.uow.query<{ called: number }>(sql`
              WITH called AS (
                INSERT INTO call_up_recipient (call_up_id, member_id, kind, unit_id, party_group_id)
                SELECT u.id, m.id, m.kind, pool.unit_id, g.party_group_id
                  FROM call_up u
                 CROSS JOIN LATERAL (
                       SELECT a.member_id AS id, a.unit_id FROM secondment a
                        WHERE a.community_id = u.community_id AND a.status = 'ACTIVE'
                       UNION ALL
                       SELECT r.id, NULL FROM member r
                        WHERE u.include_residents AND r.residence_community_id = u.community_id
                          AND r.kind = 'RESIDENT') pool
                  JOIN member m ON m.id = pool.id
                  LEFT JOIN LATERAL (
                       SELECT ga.party_group_id FROM group_assignment ga
                         JOIN party_group pg ON pg.id = ga.party_group_id
                        WHERE ga.member_id = m.id AND ga.ended_at IS NULL
                          AND pg.community_id = u.community_id
                        ORDER BY ga.started_at LIMIT 1) g ON TRUE
                 WHERE u.id = ${callUpId} AND (u.skills = '{}' OR m.skills && u.skills)
                ON CONFLICT (call_up_id, member_id) DO NOTHING
                RETURNING 1)
              SELECT count(*)::int AS called FROM called`)
          : [];
      await this.notifier.broadcast({
        template: 'CALL_UP',
        name: `call-up:${callUpId}`,
        recipients: sql`SELECT member_id, id AS subject_id, 'call-up:' || id AS key
                          FROM call_up_recipient WHERE call_up_id = ${callUpId}`,
      });
      await this.uow.query(sql`
        UPDATE call_up SET fanned_out_at = ${now}, recipients = ${called} WHERE id = ${callUpId}`);
      // the board's roll-call starts, and every member called hears of it in the app
      this.live.board({
        kind: 'ROLL_CALL',
        communityId: callUp.communityId,
        callUpId,
        counts: { called, available: 0, unavailable: 0, unanswered: called },
      });
      if (called > 0) this.live.calledUp(callUp.communityId, callUpId);
      await this.scheduleReminder(callUpId, callUp, 1);
    });
  }

  /**
   * Reminder `round` of a call-up: to the members called who have not
   * answered, while it is open and its respond-by time ahead; then the next.
   */
  async remind(callUpId: string, round: number): Promise<void> {
    await this.uow.run(async () => {
      const callUp = await this.lock(callUpId);
      if (!callUp || callUp.status !== 'OPEN' || this.clock.now() >= callUp.respondBy) return;
      await this.notifier.broadcast({
        template: 'CALL_UP_REMINDER',
        name: `call-up-reminder:${callUpId}:${String(round)}`,
        recipients: sql`SELECT member_id, id AS subject_id,
                               'call-up-reminder:' || id || ':' || ${round}::int AS key
                          FROM call_up_recipient
                         WHERE call_up_id = ${callUpId} AND answer IS NULL`,
      });
      await this.scheduleReminder(callUpId, callUp, round + 1);
    });
  }

  /** Reminder `round` one interval from now, if that is before the respond-by time. */
  private async scheduleReminder(
    callUpId: string,
    callUp: LockedCallUp,
    round: number,
  ): Promise<void> {
    if (callUp.reminderMinutes === null || callUp.status !== 'OPEN' || round > MAX_REMINDERS) {
      return;
    }
    const delayMs = callUp.reminderMinutes * 60_000;
    if (this.clock.now().getTime() + delayMs >= callUp.respondBy.getTime()) return;
    await this.outbox.enqueue(
      JOBS.callUpRemind,
      { callUpId, idempotencyKey: `call-up-remind:${callUpId}:${String(round)}` },
      { delayMs },
    );
  }

  private async lock(callUpId: string): Promise<LockedCallUp | undefined> {
    const [callUp] = await this.uow.query<LockedCallUp>(sql`
      SELECT community_id AS "communityId", status, respond_by AS "respondBy", reminder_minutes AS "reminderMinutes",
             fanned_out_at IS NOT NULL AS "fannedOut"
        FROM call_up WHERE id = ${callUpId} FOR UPDATE`);
    return callUp;
  }
}
