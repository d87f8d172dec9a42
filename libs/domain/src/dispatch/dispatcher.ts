import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, LOGGER, type AppConfig, type Logger } from '#core';
import { sql, UnitOfWork } from '#database';
import { LiveEvents } from '#domain/live';
import { Notifier } from '#domain/notifications';
import { TaskTransitions, type Task } from '#domain/tasks';
import { JOBS, Outbox, roundOfKey, type JobDefinition, type TaskDispatchPayload } from '#queue';
import { assignBatch } from './batch-assignment.js';
import { DispatchSteps, type QueuedPass } from './dispatch-steps.js';
import { Matcher } from './matcher.js';
import { offerQuota } from './slot-plan.js';

const MINUTE = 60_000;
/**
 * Tasks one dispatch job passes at most: enough to share a transaction and
 * a candidate read among a burst, few enough that a pass stays short.
 */
const BATCH = 16;
/** Why the task became UNFILLED, in its history. */
const NOBODY_LEFT = '无合适人选，已上报社区党委';
const WINDOW_STARTED = '任务开始时仍未派满';
/** Offers with less answer time than this get no reminder: 10 minutes. */
const MIN_REMINDED_ANSWER_MS = 10 * MINUTE;
/** Why a task not filled at its start is under way all the same: someone came. */
const STARTED_SHORT = '任务开始时人数不足，已接单党员按时开展';

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
    private readonly transitions: TaskTransitions,
    private readonly matcher: Matcher,
    private readonly notifier: Notifier,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly live: LiveEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * A dispatch job: a pass of its task and, in the same transaction, of up
   * to BATCH - 1 other tasks whose pass waits in the same queue. Their
   * candidates are read in one statement and their offers, expiry jobs and
   * notifications written in one each. The jobs of the tasks taken along
   * are removed once that has committed; one that a worker took meanwhile
   * finds the offers made and does nothing, as a replayed job does.
   */
  async dispatchJob(job: JobDefinition<TaskDispatchPayload>, payload: TaskDispatchPayload) {
    const waiting = await this.steps.waitingPasses(job, payload.taskId, BATCH - 1);
    const taken = await this.pass(payload.taskId, roundOfKey(payload.idempotencyKey), waiting);
    await this.steps.removeJobs(
      job,
      waiting.filter((w) => taken.has(w.taskId)).map((w) => w.jobId),
    );
  }

  /**
   * Offers each task to the best candidates for its open slots, or escalates
   * when nobody is left: the task `taskId` (waiting for its lock), and those
   * of `alongside` no other transaction holds (SKIP LOCKED: never waits, never
   * deadlocks). Returns the ids of the tasks of `alongside` it took.
   */
  async pass(
    taskId: string,
    round: number,
    alongside: readonly QueuedPass[] = [],
  ): Promise<Set<string>> {
    const [taken, withdrawn] = await this.uow.run(async () => {
      const own = await this.current(taskId, round);
      const others = await this.steps.lockIfFree(alongside);
      const tasks = own ? [own, ...others] : others;
      const now = this.clock.now();
      const withdrawn: string[] = [];
      for (const task of tasks.filter((t) => t.startsAt <= now)) {
        withdrawn.push(...(await this.windowOpened(task)));
      }
      const open = tasks.filter((t) => t.startsAt > now);
      const offered = await this.makeOffers(open);
      for (const task of open) {
        if (offered.has(task.id) || (await this.steps.hasPending(task.id))) continue;
        withdrawn.push(...(await this.escalate(task)));
      }
      return [new Set(others.map((t) => t.id)), withdrawn] as const;
    });
    await this.steps.removeExpiryJobs(withdrawn);
    return taken;
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
      const offered = await this.makeOffers([task]);
      if (offered.has(task.id) || (await this.steps.hasPending(task.id))) return [];
      return this.toCommittee(task, NOBODY_LEFT);
    });
    await this.steps.removeExpiryJobs(withdrawn);
  }

  /**
   * The task's window has started while it still waits for people (see
   * windowOpened). An UNFILLED task with members booked starts too: the
   * committee was told when it became UNFILLED.
   */
  async windowStarts(taskId: string, round: number): Promise<void> {
    const withdrawn = await this.uow.run(async () => {
      const task = await this.steps.lockTask(taskId);
      if (!task || task.dispatchRound !== round || task.startsAt > this.clock.now()) return [];
      if (task.status === 'DISPATCHING') return this.windowOpened(task);
      if (task.status === 'UNFILLED' && (await this.booked(task))) {
        await this.transitions.move(task, 'IN_PROGRESS', null, STARTED_SHORT);
      }
      return [];
    });
    await this.steps.removeExpiryJobs(withdrawn);
  }

  /**
   * A dispatching task whose window has opened: the committee is told and
   * open offers are withdrawn; with members booked it starts short of people
   * (their work must count), with nobody it is UNFILLED.
   */
  private async windowOpened(task: Task): Promise<string[]> {
    return (await this.booked(task))
      ? this.toCommittee(task, STARTED_SHORT, 'IN_PROGRESS')
      : this.toCommittee(task, WINDOW_STARTED, 'UNFILLED');
  }

  private async booked(task: Task): Promise<boolean> {
    const { live } = await this.steps.slotCounts(task.id);
    return live.RESIDENT + live.SECONDED > 0;
  }

  /** The task, locked, if it is still dispatching in `round`. */
  private async current(taskId: string, round: number): Promise<Task | null> {
    const task = await this.steps.lockTask(taskId);
    return task?.status === 'DISPATCHING' && task.dispatchRound === round ? task : null;
  }

  /**
   * Offers for the open slots of the pass's tasks, all tasks' candidates
   * read at once and assigned together (assignBatch: the best total over
   * the batch, a member offered at most one of tasks whose windows overlap);
   * returns the ids of the tasks offered to.
   */
  private async makeOffers(tasks: readonly Task[]): Promise<Set<string>> {
    if (tasks.length === 0) return new Set();
    const counts = await this.steps.slotCountsOf(tasks.map((task) => task.id));
    const wanting = tasks.flatMap((task) => {
      const taskCounts = counts.get(task.id);
      const quota = taskCounts && offerQuota(task, taskCounts, this.config.dispatch.overOffer);
      return quota?.some((q) => q.count > 0)
        ? [{ id: task.id, startsAt: task.startsAt, endsAt: task.endsAt, quota }]
        : [];
    });
    if (wanting.length === 0) return new Set();
    const now = this.clock.now();
    const ranked = await this.matcher.candidatesOf(
      wanting.map((task) => task.id),
      now,
    );
    const batch = assignBatch(wanting, ranked, this.config.dispatch.batchBudgetMs);
    if (batch.method === 'GREEDY') {
      this.logger.warn(
        { tasks: wanting.length },
        'batch assignment over budget: greedy picks used',
      );
    }
    const byId = new Map(tasks.map((task) => [task.id, task]));
    const picks = batch.picks.flatMap(({ taskId, candidate }) => {
      const task = byId.get(taskId);
      return task ? [{ task, pick: candidate }] : [];
    });
    if (picks.length === 0) return new Set();
    const timeoutMs = (task: Task) => task.offerTimeoutMinutes * MINUTE;
    const offers = await this.uow.query<{
      id: string;
      taskId: string;
      memberId: string;
      expiresAt: Date;
    }>(sql`
      INSERT INTO task_offer (task_id, member_id, round, slot_kind, score, reasons, offered_at, expires_at)
      SELECT p.task_id, p.member_id, p.round, p.kind, p.score, p.reasons, ${now}, p.expires_at
        FROM unnest(${picks.map((p) => p.task.id)}::uuid[],
                    ${picks.map((p) => p.pick.memberId)}::uuid[],
                    ${picks.map((p) => p.task.dispatchRound)}::int[],
                    ${picks.map((p) => p.pick.kind)}::text[],
                    ${picks.map((p) => p.pick.score)}::float8[],
                    ${picks.map((p) => JSON.stringify(p.pick.reasons))}::jsonb[],
                    ${picks.map((p) => new Date(now.getTime() + timeoutMs(p.task)))}::timestamptz[])
             AS p (task_id, member_id, round, kind, score, reasons, expires_at)
      ON CONFLICT DO NOTHING
      RETURNING id, task_id AS "taskId", member_id AS "memberId", expires_at AS "expiresAt"`);
    await this.outbox.enqueueMany(
      JOBS.offerExpiry,
      offers.map((offer) => ({
        payload: { offerId: offer.id, idempotencyKey: `offer-expiry:${offer.id}` },
        delayMs: offer.expiresAt.getTime() - now.getTime(),
      })),
    );
    await this.notifier.notifyMany(
      offers.flatMap((offer) => {
        const answerTimeMs = offer.expiresAt.getTime() - now.getTime();
        const offered = {
          template: 'TASK_OFFERED' as const,
          recipient: { memberId: offer.memberId },
          subjectId: offer.id,
          key: `offer:${offer.id}`,
        };
        // Halfway through the answer time, a member who has not answered is
        // reminded (skipped at send time if they have); not for answer times
        // too short for a second message to help.
        return answerTimeMs < MIN_REMINDED_ANSWER_MS
          ? [offered]
          : [
              offered,
              {
                ...offered,
                template: 'OFFER_REMINDER' as const,
                key: `offer-reminder:${offer.id}`,
                delayMs: answerTimeMs / 2,
              },
            ];
      }),
    );
    return new Set(offers.map((offer) => offer.taskId));
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

  /** The committee is told, open offers are withdrawn, and the task is UNFILLED (visible as such) or started short of people. */
  private async toCommittee(
    task: Task,
    reason: string,
    to: 'UNFILLED' | 'IN_PROGRESS' = 'UNFILLED',
  ): Promise<string[]> {
    const withdrawn = await this.steps.withdrawPending(task);
    await this.setEscalation(task, 'COMMITTEE');
    await this.notifier.notify({
      template: 'TASK_ESCALATED_TO_COMMITTEE',
      recipient: { committeeOfCommunityId: task.communityId },
      subjectId: task.id,
      key: `escalated-committee:${task.id}:${String(task.dispatchRound)}`,
    });
    await this.transitions.move(task, to, null, reason);
    return withdrawn;
  }

  private async setEscalation(task: Task, level: 'GROUP_LEADER' | 'COMMITTEE'): Promise<void> {
    task.escalation = level;
    const now = this.clock.now();
    task.escalatedAt = now;
    // the earlier of the two: workers' clocks may differ a little between rounds
    await this.uow.query(sql`
      UPDATE task SET escalation = ${level}, escalated_at = ${now},
                      first_escalated_at = least(first_escalated_at, ${now})
       WHERE id = ${task.id}`);
    this.live.board({
      kind: 'TASK_ESCALATED',
      communityId: task.communityId,
      taskId: task.id,
      escalation: level,
    });
  }
}
