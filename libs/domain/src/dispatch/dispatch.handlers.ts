import { Injectable } from '@nestjs/common';
import {
  HandlesJob,
  JOBS,
  roundOfKey,
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

@Injectable()
@HandlesJob(JOBS.dispatchRoutine)
export class RoutineDispatchHandler implements JobHandler<typeof JOBS.dispatchRoutine> {
  constructor(private readonly dispatcher: Dispatcher) {}
  readonly handle = (payload: TaskDispatchPayload) =>
    this.dispatcher.dispatchJob(JOBS.dispatchRoutine, payload);
}

@Injectable()
@HandlesJob(JOBS.dispatchProfessional)
export class ProfessionalDispatchHandler implements JobHandler<typeof JOBS.dispatchProfessional> {
  constructor(private readonly dispatcher: Dispatcher) {}
  readonly handle = (payload: TaskDispatchPayload) =>
    this.dispatcher.dispatchJob(JOBS.dispatchProfessional, payload);
}

@Injectable()
@HandlesJob(JOBS.dispatchJoint)
export class JointDispatchHandler implements JobHandler<typeof JOBS.dispatchJoint> {
  constructor(private readonly dispatcher: Dispatcher) {}
  readonly handle = (payload: TaskDispatchPayload) =>
    this.dispatcher.dispatchJob(JOBS.dispatchJoint, payload);
}

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
