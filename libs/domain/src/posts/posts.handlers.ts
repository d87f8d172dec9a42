import { Injectable } from '@nestjs/common';
import {
  HandlesJob,
  JOBS,
  type JobHandler,
  type PostPlanPayload,
  type ShiftRefillPayload,
} from '#queue';
import { ShiftPlanner } from './shift-planner.js';
import { ShiftRefiller } from './shift-refiller.js';

/** A post changed (created, claimed, a claim ended): its shifts are planned now. */
@Injectable()
@HandlesJob(JOBS.postPlan)
export class PostPlanHandler implements JobHandler<typeof JOBS.postPlan> {
  constructor(private readonly planner: ShiftPlanner) {}
  readonly handle = async (payload: PostPlanPayload) => {
    await this.planner.plan(payload.postId);
  };
}

/** Nightly: every active post's window moves on a day, and open places are offered again. */
@Injectable()
@HandlesJob(JOBS.shiftsPlan)
export class ShiftsPlanHandler implements JobHandler<typeof JOBS.shiftsPlan> {
  constructor(private readonly planner: ShiftPlanner) {}
  readonly handle = () => this.planner.planAll();
}

/** A member released a booked shift: claimants first, else dispatch. */
@Injectable()
@HandlesJob(JOBS.shiftRefill)
export class ShiftRefillHandler implements JobHandler<typeof JOBS.shiftRefill> {
  constructor(private readonly refiller: ShiftRefiller) {}
  readonly handle = async (payload: ShiftRefillPayload) => {
    await this.refiller.refill(payload.assignmentId);
  };
}
