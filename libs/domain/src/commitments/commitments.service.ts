import { Injectable } from '@nestjs/common';
import { Clock, ownMemberOf, Validate, type Actor } from '#core';
import { mapConstraintViolations, sql, UnitOfWork } from '#database';
import { CommitmentsErrors } from './commitments.errors.js';

export interface CommitmentView {
  readonly id: string;
  readonly memberId: string;
  readonly hoursPerMonth: number;
  readonly note: string;
  readonly signedAt: Date;
  readonly endedAt: Date | null;
}

const VIEW = sql`id, member_id AS "memberId", hours_per_month::float8 AS "hoursPerMonth", note,
  signed_at AS "signedAt", ended_at AS "endedAt"`;
const NOTE = { 'zh-CN': '承诺说明', en: 'Note' };

/** Hours with at most one decimal, within bounds (a commitment's, a requirement's). */
export function isTenthsWithin(hours: number, min: number, max: number): boolean {
  return Number.isFinite(hours) && hours >= min && hours <= max && Number.isInteger(hours * 10);
}

/**
 * Commitments (承诺): a member pledges so many volunteer hours a month, of
 * their own free will (volunteering may not be compelled), one standing at
 * a time; signing again replaces it, withdrawing ends it. Only volunteer
 * service counts towards it.
 */
@Injectable()
export class CommitmentsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async sign(
    actor: Actor,
    input: { hoursPerMonth: number; note?: string | null },
  ): Promise<CommitmentView> {
    const memberId = ownMemberOf(actor);
    if (!isTenthsWithin(input.hoursPerMonth, 0.5, 200)) throw CommitmentsErrors.hoursPerMonth();
    const note = input.note?.trim() ? Validate.text('note', NOTE, input.note, 200) : '';
    const now = this.clock.now();
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          await this.end(memberId, now);
          const [made] = await this.uow.query<CommitmentView>(sql`
        INSERT INTO commitment (member_id, hours_per_month, note, signed_at)
        VALUES (${memberId}, ${input.hoursPerMonth}, ${note}, ${now})
        RETURNING ${VIEW}`);
          if (!made) throw new Error('insert returned nothing');
          return made;
        }),
      { unique: CommitmentsErrors.changedMeanwhile },
    );
  }

  async withdraw(actor: Actor): Promise<CommitmentView> {
    const ended = await this.end(ownMemberOf(actor), this.clock.now());
    if (!ended) throw CommitmentsErrors.noCommitment();
    return ended;
  }

  async standing(actor: Actor): Promise<CommitmentView | null> {
    const [standing] = await this.uow.query<CommitmentView>(sql`
      SELECT ${VIEW} FROM commitment WHERE member_id = ${ownMemberOf(actor)}::uuid AND ended_at IS NULL`);
    return standing ?? null;
  }

  private async end(memberId: string, now: Date): Promise<CommitmentView | undefined> {
    const [ended] = await this.uow.query<CommitmentView>(sql`
      UPDATE commitment SET ended_at = ${now}
       WHERE member_id = ${memberId}::uuid AND ended_at IS NULL
      RETURNING ${VIEW}`);
    return ended;
  }
}
