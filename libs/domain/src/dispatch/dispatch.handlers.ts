import { Injectable } from '@nestjs/common';
import {
  HandlesJob,
  JOBS,
  roundOfKey,
  type JobDefinition,
  type JobHandler,
  type OfferExpiryPayload,
  type TaskDispatchPayload,
  type TaskTimerPayload,
} from '#queue';
import { Dispatcher } from './dispatcher.js';

/*
 * The dispatch jobs' handlers: one per declared job, each a call into the
 * Dispatcher, which re-reads the task and does nothing for a stale round.
 * The three category queues run the same pass; each is its own queue so a
 * burst of one category does not hold up the others.
 */

/** The handler of one category queue's dispatch job: a class per job, as the worker discovers them. */
function categoryDispatchHandler(job: JobDefinition<TaskDispatchPayload>) {
  @Injectable()
  @HandlesJob(job)
  class CategoryDispatchHandler implements JobHandler<typeof job> {
    constructor(private readonly dispatcher: Dispatcher) {}
    readonly handle = (payload: TaskDispatchPayload) => this.dispatcher.dispatchJob(job, payload);
  }
  return CategoryDispatchHandler;
}

export const RoutineDispatchHandler = categoryDispatchHandler(JOBS.dispatchRoutine);
export const ProfessionalDispatchHandler = categoryDispatchHandler(JOBS.dispatchProfessional);
export const JointDispatchHandler = categoryDispatchHandler(JOBS.dispatchJoint);

@Injectable()
@HandlesJob(JOBS.offerExpiry)
export class OfferExpiryHandler implements JobHandler<typeof JOBS.offerExpiry> {
  constructor(private readonly dispatcher: Dispatcher) {}
  readonly handle = (payload: OfferExpiryPayload) => this.dispatcher.expireOffer(payload.offerId);
}

@Injectable()
@HandlesJob(JOBS.escalationStep)
export class EscalationStepHandler implements JobHandler<typeof JOBS.escalationStep> {
  constructor(private readonly dispatcher: Dispatcher) {}
  readonly handle = (payload: TaskTimerPayload) =>
    this.dispatcher.escalationStep(payload.taskId, roundOfKey(payload.idempotencyKey));
}

@Injectable()
@HandlesJob(JOBS.windowStart)
export class WindowStartHandler implements JobHandler<typeof JOBS.windowStart> {
  constructor(private readonly dispatcher: Dispatcher) {}
  readonly handle = (payload: TaskTimerPayload) =>
    this.dispatcher.windowStarts(payload.taskId, roundOfKey(payload.idempotencyKey));
}
