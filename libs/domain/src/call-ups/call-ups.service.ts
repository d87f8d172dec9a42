import { Injectable } from '@nestjs/common';
import { Clock, memberIdsOf, type Actor } from '#core';
import { sql, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { administers, CommunityAccess } from '#domain/organisation';
import { accountOf } from '#domain/tasks';
import { JOBS, Outbox } from '#queue';
import {
  checkedArrival,
  checkedCallUp,
  type AnswerCallUpInput,
  type CallUpInput,
} from './call-up-input.js';
import { CallUpQueries } from './call-up-queries.service.js';
import type { CallUpView, MyCallUpView } from './call-up-views.js';
import { CallUpsErrors } from './call-ups.errors.js';
import { RollCallEvents } from './roll-call-events.js';

/**
 * Emergency call-ups (紧急召集): the committee calls up a community's
 * seconded members, optionally its residents, optionally only those with
 * given skills; an operator may call up several communities at once (one
 * call-up each, so each committee follows its own roll-call). The call-up is
 * written here; the worker writes its roll-call and sends its messages
 * (CallUpFanOut), since a large community's would hold a request too long.
 */
@Injectable()
export class CallUpsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly access: CommunityAccess,
    private readonly queries: CallUpQueries,
    private readonly outbox: Outbox,
    private readonly rollCalls: RollCallEvents,
    private readonly clock: Clock,
  ) {}

  async callUp(actor: Actor, input: CallUpInput): Promise<CallUpView[]> {
    const now = this.clock.now();
    const checked = checkedCallUp(input, now);
    const ids = await this.uow.run(async () => {
      for (const communityId of checked.communityIds) {
        await this.access.requireAdministered(actor, communityId);
      }
      const created = await this.uow.query<{ id: string }>(sql`
        INSERT INTO call_up (community_id, message, respond_by, include_residents, skills,
                             reminder_minutes, called_by, created_at)
        SELECT c, ${checked.message}, ${checked.respondBy}, ${checked.includeResidents},
               ${checked.skills}::text[], ${checked.reminderMinutes}::int,
               ${accountOf(actor)}::uuid, ${now}
          FROM unnest(${checked.communityIds}::uuid[]) WITH ORDINALITY AS x (c, n)
         ORDER BY n
        RETURNING id`);
      await this.outbox.enqueueMany(
        JOBS.callUpFanOut,
        created.map(({ id }) => ({ payload: { callUpId: id, idempotencyKey: `call-up:${id}` } })),
      );
      for (const { id } of created) {
        await this.audit.record(actor, {
          action: 'call_up.create',
          entity: 'CallUp',
          entityId: id,
        });
      }
      return created.map((c) => c.id);
    });
    return Promise.all(ids.map((id) => this.queries.callUp(actor, id)));
  }

  /**
   * A member's answer. The member's roll-call row holds one answer, so a
   * retried or repeated answer is counted once; a changed answer replaces
   * the earlier one (someone who can come after all). The call-up row is
   * share-locked, so a close waits for answers under way and every answer
   * after it is refused: the closed roll-call does not move.
   */
  async answer(actor: Actor, input: AnswerCallUpInput): Promise<MyCallUpView> {
    const now = this.clock.now();
    const arriveAt = checkedArrival(input, now);
    await this.uow.run(async () => {
      const [row] = await this.uow.query<{ id: string; status: string; communityId: string }>(sql`
        SELECT r.id, u.status, u.community_id AS "communityId"
          FROM call_up_recipient r JOIN call_up u ON u.id = r.call_up_id
         WHERE r.call_up_id = ${input.callUpId}
           AND r.member_id = ANY(${memberIdsOf(actor)}::uuid[])
           FOR UPDATE OF r FOR SHARE OF u`);
      if (!row) throw CallUpsErrors.notFound();
      if (row.status !== 'OPEN') throw CallUpsErrors.closed();
      // the time of the answer as given: a repeat of it changes nothing
      await this.uow.query(sql`
        UPDATE call_up_recipient
           SET answer = ${input.answer}, arrive_at = ${arriveAt},
               answered_at = CASE WHEN answer IS DISTINCT FROM ${input.answer}
                                    OR arrive_at IS DISTINCT FROM ${arriveAt}::timestamptz
                                  THEN ${now} ELSE answered_at END
         WHERE id = ${row.id}`);
      this.rollCalls.changed(input.callUpId, row.communityId);
    });
    const [answered] = await this.queries.mine(actor, input.callUpId);
    if (!answered) throw CallUpsErrors.notFound(); // unreachable: just answered
    return answered;
  }

  /** Closes the call-up: answers are refused from now on and no reminder goes out. */
  async close(actor: Actor, id: string): Promise<CallUpView> {
    await this.uow.run(async () => {
      const [callUp] = await this.uow.query<{ communityId: string; status: string }>(sql`
        SELECT community_id AS "communityId", status FROM call_up WHERE id = ${id} FOR UPDATE`);
      if (!callUp || !administers(actor, callUp.communityId)) throw CallUpsErrors.notFound();
      if (callUp.status === 'CLOSED') return; // closing twice is closing once
      await this.uow.query(sql`
        UPDATE call_up SET status = 'CLOSED', closed_at = ${this.clock.now()},
               closed_by = ${accountOf(actor)}::uuid
         WHERE id = ${id}`);
      await this.audit.record(actor, { action: 'call_up.close', entity: 'CallUp', entityId: id });
      this.rollCalls.changed(id, callUp.communityId);
    });
    return this.queries.callUp(actor, id);
  }
}
