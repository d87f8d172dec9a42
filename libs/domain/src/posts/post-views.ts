import type { MemberKind } from '#domain/members';
import type { PostSlot } from './post-input.js';
import type { Post } from './post.entity.js';

/** A post with its weekly schedule. */
export type PostView = Post & { readonly slots: readonly PostSlot[] };

/** One generated shift of a post, with how many of its places are booked. */
export interface ShiftView {
  readonly id: string;
  readonly postId: string;
  readonly postName: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly headcount: number;
  /** Members booked: on the shift itself, or through a task refilling a released place. */
  readonly booked: number;
  /** Released places whose refill task is still out in dispatch. */
  readonly refilling: number;
  /** Places open: the headcount less the members booked and the places being refilled. */
  readonly open: number;
}

/** The committee's view of a shift: who is booked on it too. */
export interface ShiftCoverage extends ShiftView {
  readonly members: readonly {
    readonly id: string;
    readonly name: string;
    readonly kind: MemberKind;
  }[];
}
