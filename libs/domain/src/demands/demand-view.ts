import { communityIdsOf, type Actor, type PersonalDataCipher } from '#core';
import { maskPhone } from '#domain/members';
import type { TaskPriority } from '#domain/tasks';
import type { Demand, DemandChannel, DemandStatus } from './demand.entity.js';

/** A demand as one reader sees it: the requester in clear for the committee, masked for anyone else. */
export interface DemandView {
  readonly id: string;
  readonly communityId: string;
  readonly courtyardId: string;
  readonly description: string;
  readonly urgency: TaskPriority;
  readonly channel: DemandChannel;
  readonly requesterName: string;
  readonly requesterPhone: string;
  /** Whether the requester's name and phone above are in clear. */
  readonly requesterInClear: boolean;
  readonly status: DemandStatus;
  readonly rejectionReason: string | null;
  readonly mergedIntoId: string | null;
  readonly receivedAt: Date;
  readonly decidedAt: Date | null;
}

const CHARACTERS = new Intl.Segmenter('zh-CN', { granularity: 'grapheme' });

/**
 * 张* (张三), 买***** (买买提·艾力): the first character, then one star per
 * further character (counted as a reader sees them, so a 生僻字 outside the
 * BMP is one), and at least one star.
 */
export function maskName(name: string): string {
  const [first, ...rest] = Array.from(CHARACTERS.segment(name), (s) => s.segment);
  return (first ?? '') + '*'.repeat(Math.max(rest.length, 1));
}

/**
 * Whether the actor reads the requester in clear: only the committee of the
 * demand's community, which took the request and must call back. Operators
 * and group leaders, outside that committee, read it masked.
 */
export function readsRequester(actor: Actor, demand: Pick<Demand, 'communityId'>): boolean {
  return communityIdsOf(actor).includes(demand.communityId);
}

export function toDemandView(demand: Demand, actor: Actor, cipher: PersonalDataCipher): DemandView {
  const clear = readsRequester(actor, demand);
  const name = cipher.decrypt(demand.requesterNameCipher);
  const phone = cipher.decrypt(demand.requesterPhoneCipher);
  return {
    id: demand.id,
    communityId: demand.communityId,
    courtyardId: demand.courtyardId,
    description: demand.description,
    urgency: demand.urgency,
    channel: demand.channel,
    requesterName: clear ? name : maskName(name),
    requesterPhone: clear ? phone : maskPhone(phone),
    requesterInClear: clear,
    status: demand.status,
    rejectionReason: demand.rejectionReason,
    mergedIntoId: demand.mergedIntoId,
    receivedAt: demand.receivedAt,
    decidedAt: demand.decidedAt,
  };
}
