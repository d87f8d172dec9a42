import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, type AppConfig } from '#core';
import { sql, UnitOfWork } from '#database';
import { Notifier } from '#domain/notifications';
import type { Task } from '#domain/tasks';
import { JOBS, Outbox } from '#queue';
import { DispatchSteps } from './dispatch-steps.js';
import { Matcher } from './matcher.js';
import type { ScoredCandidate } from './match-score.js';
import { offerQuota } from './slot-plan.js';

const MINUTE = 60_000;
/** Why the task became UNFILLED, in its history. */
const NOBODY_LEFT = '无合适人选，已上报社区党委';
const WINDOW_STARTED = '任务开始时仍未派满';

/**
 * The worker's side of dispatch. A pass locks the task row, so passes of one
 * task (two workers, a redelivered job) run one after the other and the
 * second finds the first's offers; offers are unique per member and round,
 * so a replayed pass makes none twice. A pass of an earlier round, or of a
 * task no longer dispatching, does nothing.
 */
@Injectable()
export class Dispatcher {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly steps: DispatchSteps,
    private readonly matcher: Matcher,
    private readonly notifier: Notifier,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Offers the task to the best candidates for its open slots, or escalates when nobody is left. */
  async pass(taskId: string, round: number): Promise<void> {
    const withdrawn = await this.uow.run(async () => {
      const task = await this.current(taskId, round);
      if (!task) return [];
      if (task.startsAt <= this.clock.now()) return this.toCommittee(task, WINDOW_STARTED);
      if ((await this.makeOffers(task)) > 0 || (await this.steps.hasPending(task.id))) return [];
      return this.escalate(task);
    });
    await this.steps.removeExpiryJobs(withdrawn);
  }

  /** An offer's time is up: it expires, and the next candidate is asked at once. */
  async expireOffer(offerId: string): Promise<void> {
    await this.uow.run(async () => {
      const [offer] = await this.uow.query<{ taskId: string }>(
        sql`SELECT task_id AS "taskId" FROM task_offer WHERE id = ${offerId}`,
      );
      if (!offer) return;
      // The task first, as every answer does: the offer cannot change under us.
      const task = await this.steps.lockTask(offer.taskId);
      const [expired] = await this.uow.query<{ round: number }>(sql`
        UPDATE task_offer SET status = 'EXPIRED', answered_at = ${this.clock.now()}
         WHERE id = ${offerId} AND status = 'PENDING' RETURNING round`);
      if (
        task &&
        expired &&
        task.status === 'DISPATCHING' &&
        expired.round === task.dispatchRound
      ) {
        await this.steps.requestPass(task);
      }
    });
  }

  /**
   * The group leader had the offer timeout to find someone: one more pass
   * (they may have), and if it still finds nobody the committee is told.
   */
  async escalationStep(taskId: string, round: number): Promise<void> {
    const withdrawn = await this.uow.run(async () => {
      const task = await this.current(taskId, round);
      if (!task || task.escalation !== 'GROUP_LEADER') return [];
      if ((await this.makeOffers(task)) > 0 || (await this.steps.hasPending(task.id))) return [];
      return this.toCommittee(task, NOBODY_LEFT);
    });
    await this.steps.removeExpiryJobs(withdrawn);
  }

  /** The task's window has started: still dispatching means nobody enough came; it is UNFILLED. */
  async windowStarts(taskId: string, round: number): Promise<void> {
    const withdrawn = await this.uow.run(async () => {
      const task = await this.current(taskId, round);
      if (!task || task.startsAt > this.clock.now()) return [];
      return this.toCommittee(task, WINDOW_STARTED);
    });
    await this.steps.removeExpiryJobs(withdrawn);
  }

  /** The task, locked, if it is still dispatching in `round`. */
  private async current(taskId: string, round: number): Promise<Task | null> {
    const task = await this.steps.lockTask(taskId);
    return task?.status === 'DISPATCHING' && task.dispatchRound === round ? task : null;
  }

  /** Offers for the open slots to the best candidates not asked this round; returns how many. */
  private async makeOffers(task: Task): Promise<number> {
    const quota = offerQuota(
      task,
      await this.steps.slotCounts(task.id),
      this.config.dispatch.overOffer,
    );
    if (quota.every((q) => q.count === 0)) return 0;
    const ranked = await this.matcher.candidates(task.id, this.clock.now());
    const picks: ScoredCandidate[] = quota.flatMap((q) =>
      ranked.filter((c) => q.kind === 'ANY' || c.kind === q.kind).slice(0, q.count),
    );
    if (picks.length === 0) return 0;
    const now = this.clock.now();
    const timeoutMs = task.offerTimeoutMinutes * MINUTE;
    const offers = await this.uow.query<{ id: string; memberId: string }>(sql`
      INSERT INTO task_offer (task_id, member_id, round, slot_kind, score, reasons, offered_at, expires_at)
      SELECT ${task.id}, p.member_id, ${task.dispatchRound}, p.kind, p.score, p.reasons,
             ${now}, ${new Date(now.getTime() + timeoutMs)}
        FROM unnest(${picks.map((p) => p.memberId)}::uuid[], ${picks.map((p) => p.kind)}::text[],
                    ${picks.map((p) => p.score)}::float8[],
                    ${picks.map((p) => JSON.stringify(p.reasons))}::jsonb[])
             AS p (member_id, kind, score, reasons)
      ON CONFLICT DO NOTHING
      RETURNING id, member_id AS "memberId"`);
    await this.outbox.enqueueMany(
      JOBS.offerExpiry,
      offers.map((offer) => ({
        payload: { offerId: offer.id, idempotencyKey: `offer-expiry:${offer.id}` },
        delayMs: timeoutMs,
      })),
    );
    await this.notifier.notifyMany(
      offers.map((offer) => ({
        template: 'TASK_OFFERED',
        recipient: { memberId: offer.memberId },
        subjectId: offer.id,
        key: `offer:${offer.id}`,
      })),
    );
    return offers.length;
  }

  /**
   * Nobody is left to ask: the leader and deputy of the party group covering
   * the task's courtyard (in an open branch) are told first, and get the
   * offer timeout to find someone; with no such group, or once they have had
   * their time, the committee.
   */
  private async escalate(task: Task): Promise<string[]> {
    const now = this.clock.now();
    if (task.escalation === 'GROUP_LEADER') {
      const due = (task.escalatedAt?.getTime() ?? 0) + task.offerTimeoutMinutes * MINUTE;
      return due <= now.getTime() ? this.toCommittee(task, NOBODY_LEFT) : [];
    }
    if (task.escalation === 'COMMITTEE') return [];
    const leaders = await this.uow.query<{ memberId: string }>(sql`
      SELECT DISTINCT ga.member_id AS "memberId"
        FROM party_group pg
        JOIN temporary_branch b ON b.id = pg.branch_id AND b.status = 'OPEN'
        JOIN group_assignment ga ON ga.party_group_id = pg.id
       WHERE pg.community_id = ${task.communityId} AND pg.courtyard_id = ${task.courtyardId}
         AND ga.ended_at IS NULL AND ga.role IN ('LEADER', 'DEPUTY')`);
    if (leaders.length === 0) return this.toCommittee(task, NOBODY_LEFT);
    await this.setEscalation(task, 'GROUP_LEADER');
    await this.notifier.notifyMany(
      leaders.map((leader) => ({
        template: 'TASK_ESCALATED_TO_LEADER',
        recipient: { memberId: leader.memberId },
        subjectId: task.id,
        key: `escalated-leader:${task.id}:${String(task.dispatchRound)}:${leader.memberId}`,
      })),
    );
    await this.outbox.enqueue(
      JOBS.escalationStep,
      { taskId: task.id, idempotencyKey: `escalation:${task.id}:${String(task.dispatchRound)}` },
      { delayMs: task.offerTimeoutMinutes * MINUTE },
    );
    return [];
  }

  /** The committee is told and the task is UNFILLED, visible as such; open offers are withdrawn. */
  private async toCommittee(task: Task, reason: string): Promise<string[]> {
    const withdrawn = await this.steps.withdrawPending(task);
    await this.setEscalation(task, 'COMMITTEE');
    await this.notifier.notify({
      template: 'TASK_ESCALATED_TO_COMMITTEE',
      recipient: { committeeOfCommunityId: task.communityId },
      subjectId: task.id,
      key: `escalated-committee:${task.id}:${String(task.dispatchRound)}`,
    });
    await this.steps.move(task, 'UNFILLED', null, reason);
    return withdrawn;
  }

  private async setEscalation(task: Task, level: 'GROUP_LEADER' | 'COMMITTEE'): Promise<void> {
    task.escalation = level;
    task.escalatedAt = this.clock.now();
    await this.uow.query(sql`
      UPDATE task SET escalation = ${level}, escalated_at = ${task.escalatedAt}
       WHERE id = ${task.id}`);
  }
}
