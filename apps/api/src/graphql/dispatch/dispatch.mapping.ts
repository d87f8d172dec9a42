import { reasonText, type TaskOffer } from '#domain/dispatch';
import type { TaskOfferModel } from './dispatch.model.js';

/** An offer as GraphQL shows it: its reasons with their zh-CN text. */
export function toOfferModel(offer: TaskOffer): TaskOfferModel {
  return {
    id: offer.id,
    taskId: offer.taskId,
    memberId: offer.memberId,
    round: offer.round,
    slotKind: offer.slotKind,
    score: offer.score,
    status: offer.status,
    offeredAt: offer.offeredAt,
    expiresAt: offer.expiresAt,
    answeredAt: offer.answeredAt,
    reasons: offer.reasons.map((reason) => ({
      code: reason.code,
      text: reasonText(reason),
      weight: reason.weight,
    })),
  };
}
