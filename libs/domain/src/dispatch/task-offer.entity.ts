import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MemberKind } from '#domain/members';

export const OFFER_STATUSES = ['PENDING', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** One reason a candidate was chosen, as data: the committee sees it as "why this member". */
export interface MatchReason {
  /** Stable code, e.g. SAME_COURTYARD, HAS_SKILL, RECENT_HOURS. */
  readonly code: string;
  /** The contribution of this signal to the score. */
  readonly weight: number;
  /** Values the zh-CN/English text is built from (a skill's name, hours served). */
  readonly detail?: Readonly<Record<string, string | number>>;
}

/**
 * A task offered to one member in one dispatch round, with the score and the
 * reasons that put them first. A member gets at most one offer of a task per
 * round (a unique constraint), so a replayed dispatch job makes no second one.
 */
@Entity('task_offer')
export class TaskOffer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  taskId!: string;

  @Column('uuid')
  memberId!: string;

  @Column('int')
  round!: number;

  /** The slot it fills: a JOINT task has seconded and resident slots. */
  @Column('text')
  slotKind!: MemberKind;

  @Column('double precision')
  score!: number;

  @Column('jsonb')
  reasons!: MatchReason[];

  @Column('text')
  status!: OfferStatus;

  @Column('timestamptz', { default: () => 'now()' })
  offeredAt!: Date;

  @Column('timestamptz')
  expiresAt!: Date;

  @Column('timestamptz', { nullable: true })
  answeredAt!: Date | null;
}
