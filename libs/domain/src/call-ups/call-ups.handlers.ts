import { Injectable } from '@nestjs/common';
import { HandlesJob, JOBS, roundOfKey, type CallUpPayload, type JobHandler } from '#queue';
import { CallUpFanOut } from './call-up-fan-out.js';

/** A call-up was made: its roll-call is written and its messages go out. */
@Injectable()
@HandlesJob(JOBS.callUpFanOut)
export class CallUpFanOutHandler implements JobHandler<typeof JOBS.callUpFanOut> {
  constructor(private readonly fanOut: CallUpFanOut) {}
  readonly handle = (payload: CallUpPayload) => this.fanOut.fanOut(payload.callUpId);
}

/** A reminder is due: the unanswered are reminded, and the next one scheduled. */
@Injectable()
@HandlesJob(JOBS.callUpRemind)
export class CallUpRemindHandler implements JobHandler<typeof JOBS.callUpRemind> {
  constructor(private readonly fanOut: CallUpFanOut) {}
  readonly handle = (payload: CallUpPayload) =>
    this.fanOut.remind(payload.callUpId, roundOfKey(payload.idempotencyKey));
}
