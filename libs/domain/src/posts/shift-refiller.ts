import { Inject, Injectable } from '@nestjs/common';
import { Clock, LOGGER, type Logger } from '#core';
import { sql, UnitOfWork } from '#database';
import { DispatchService } from '#domain/dispatch';
import type { MemberKind } from '#domain/members';
import { TasksService } from '#domain/tasks';
import { shiftPlaces } from './shift-places.js';
import { ShiftPlanner } from './shift-planner.js';

interface Released {
  readonly shiftId: string;
  readonly postId: string;
  readonly communityId: string;
  readonly courtyardId: string;
  readonly taskTypeId: string;
  readonly postName: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly releasedBy: MemberKind;
  readonly open: number;
}

/** The history line of a refill task's publication. */
const REFILL_REASON = '岗位班次名额释放，自动派单补位';

/**
 * Refills the place a member released from a shift (ShiftsService.release).
 * The post's other claimants come first: they committed to the post, and
 * the planner books them within their commitments. A place still open
 * after that goes back to dispatch as a task of its own for one member,
 * linked to the shift, so whoever accepts it counts as booked on the shift.
 * Idempotent: one refill task per released booking (a unique column), and
 * nothing is sent for a shift already begun, cancelled or full.
 */
@Injectable()
export class ShiftRefiller {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly planner: ShiftPlanner,
    private readonly tasks: TasksService,
    private readonly dispatch: DispatchService,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Returns the refill task's id, or null when the place needed none. */
  async refill(assignmentId: string): Promise<string | null> {
    return this.uow.run(async () => {
      const [post] = await this.uow.query<{ postId: string }>(sql`
        SELECT s.post_id AS "postId" FROM assignment a JOIN shift s ON s.id = a.shift_id
         WHERE a.id = ${assignmentId}`);
      if (!post) return null;
      // Locks the post for the rest of the transaction, and books claimants.
      await this.planner.plan(post.postId);
      const [released] = await this.uow.query<Released>(sql`
        SELECT s.id AS "shiftId", p.id AS "postId", p.community_id AS "communityId",
               p.courtyard_id AS "courtyardId", p.task_type_id AS "taskTypeId",
               p.name AS "postName", s.starts_at AS "startsAt", s.ends_at AS "endsAt",
               p.latitude, p.longitude, a.slot_kind AS "releasedBy",
               s.headcount - n.booked - n.refilling AS open
          FROM assignment a
          JOIN shift s ON s.id = a.shift_id
          JOIN post p ON p.id = s.post_id
         CROSS JOIN LATERAL ${shiftPlaces('s')} n
         WHERE a.id = ${assignmentId} AND a.status = 'RELEASED'
           AND s.status = 'SCHEDULED' AND p.status = 'ACTIVE' AND s.starts_at > ${this.clock.now()}
           AND NOT EXISTS (SELECT 1 FROM task t WHERE t.refills_assignment_id = a.id)`);
      if (!released || released.open <= 0) return null;
      const task = await this.tasks.draftRefill({ ...released, refillsAssignmentId: assignmentId });
      await this.dispatch.publishBySystem(task, REFILL_REASON);
      this.logger.info(
        { shiftId: released.shiftId, taskId: task.id },
        'shift place sent to dispatch',
      );
      return task.id;
    });
  }
}
