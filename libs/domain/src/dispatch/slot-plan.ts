import type { MemberKind } from '#domain/members';
import type { Task } from '#domain/tasks';

/** Live assignments and pending offers of a task, by the kind of slot they fill. */
export interface SlotCounts {
  readonly live: Readonly<Record<MemberKind, number>>;
  readonly pending: Readonly<Record<MemberKind, number>>;
}

/**
 * How many more offers a dispatch pass makes: for a JOINT task per kind of
 * slot (seconded, resident), for any other task in one shared pool (`ANY`).
 * Open slots are the headcount less live assignments and pending offers; an
 * URGENT or EMERGENCY task gets `overOffer` more, the first to accept win.
 */
export type OfferQuota = { readonly kind: MemberKind | 'ANY'; readonly count: number }[];

type SlotTask = Pick<
  Task,
  'category' | 'headcount' | 'secondedSlots' | 'residentSlots' | 'priority'
>;

const sum = (counts: Readonly<Record<MemberKind, number>>) => counts.RESIDENT + counts.SECONDED;

export function offerQuota(task: SlotTask, counts: SlotCounts, overOffer: number): OfferQuota {
  const extra = task.priority === 'NORMAL' ? 0 : overOffer;
  if (task.category !== 'JOINT') {
    const open = task.headcount - sum(counts.live);
    return [{ kind: 'ANY', count: Math.max(0, open > 0 ? open + extra - sum(counts.pending) : 0) }];
  }
  return (['SECONDED', 'RESIDENT'] as const).map((kind) => {
    const open = slotsOf(task, kind) - counts.live[kind];
    return { kind, count: Math.max(0, open > 0 ? open + extra - counts.pending[kind] : 0) };
  });
}

/** The slots of `kind` a task has: its own for a JOINT task, the shared headcount otherwise. */
export function slotsOf(task: SlotTask, kind: MemberKind): number {
  if (task.category !== 'JOINT') return task.headcount;
  return (kind === 'SECONDED' ? task.secondedSlots : task.residentSlots) ?? 0;
}

/** Whether one more member of `kind` still fits. */
export function hasRoomFor(task: SlotTask, live: SlotCounts['live'], kind: MemberKind): boolean {
  return task.category === 'JOINT' ? live[kind] < slotsOf(task, kind) : sum(live) < task.headcount;
}

/** Every slot taken: the task is FILLED (a JOINT task only with both kinds present). */
export function isFull(task: SlotTask, live: SlotCounts['live']): boolean {
  return task.category === 'JOINT'
    ? live.SECONDED >= slotsOf(task, 'SECONDED') && live.RESIDENT >= slotsOf(task, 'RESIDENT')
    : sum(live) >= task.headcount;
}
