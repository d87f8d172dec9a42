import { Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { sql, UnitOfWork } from '#database';

/** Without a rule of its own, a community awards this much per verified hour, ... */
export const DEFAULT_POINTS_PER_HOUR = 10;
/** ... and at most this much a day per member. */
export const DEFAULT_DAILY_CAP = 100;

export const LEDGERS = ['COMMUNITY', 'APPRAISAL'] as const;
export type Ledger = (typeof LEDGERS)[number];
export type EntryReason = 'SERVICE' | 'SERVICE_REVERSED' | 'REDEMPTION' | 'REDEMPTION_CANCELLED';

export interface Entry {
  readonly memberId: string;
  readonly communityId: string;
  readonly ledger: Ledger;
  readonly period: number;
  readonly amount: number;
  readonly reason: EntryReason;
  readonly sourceId: string;
}

/**
 * The points ledger, written only here, always inside the caller's
 * transaction: each entry and its balance together, so the balance is the
 * sum of the entries at every commit. An entry is unique per ledger, reason
 * and source, so a replayed award or reversal writes nothing twice.
 */
@Injectable()
export class PointsLedger {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** Appends the entries not written before and moves their balances; returns those written. */
  async append(entries: readonly Entry[]): Promise<Entry[]> {
    if (!this.uow.inTransaction)
      throw new Error('PointsLedger.append must run inside UnitOfWork.run');
    const nonZero = entries.filter((e) => e.amount !== 0);
    if (nonZero.length === 0) return [];
    const written = await this.uow.query<Entry>(sql`
      INSERT INTO points_entry (member_id, community_id, ledger, period, amount, reason, source_id, created_at)
      SELECT u.*, ${this.clock.now()}::timestamptz
        FROM unnest(${nonZero.map((e) => e.memberId)}::uuid[],
                    ${nonZero.map((e) => e.communityId)}::uuid[],
                    ${nonZero.map((e) => e.ledger)}::text[],
                    ${nonZero.map((e) => e.period)}::int[],
                    ${nonZero.map((e) => e.amount)}::int[],
                    ${nonZero.map((e) => e.reason)}::text[],
                    ${nonZero.map((e) => e.sourceId)}::uuid[]) AS u
      ON CONFLICT (ledger, reason, source_id) DO NOTHING
      RETURNING member_id AS "memberId", community_id AS "communityId", ledger, period, amount,
                reason, source_id AS "sourceId"`);
    if (written.length === 0) return [];
    await this.uow.query(sql`
      INSERT INTO points_balance (member_id, community_id, ledger, period, balance)
      SELECT member_id, community_id, ledger, period, sum(amount)
        FROM unnest(${written.map((e) => e.memberId)}::uuid[],
                    ${written.map((e) => e.communityId)}::uuid[],
                    ${written.map((e) => e.ledger)}::text[],
                    ${written.map((e) => e.period)}::int[],
                    ${written.map((e) => e.amount)}::int[])
             AS w (member_id, community_id, ledger, period, amount)
       GROUP BY 1, 2, 3, 4
      ON CONFLICT (member_id, community_id, ledger, period)
      DO UPDATE SET balance = points_balance.balance + EXCLUDED.balance`);
    return written;
  }

  /**
   * Takes `amount` community points for `sourceId` (a redemption) only if
   * the balance covers them, in one statement, so concurrent spends never
   * take it below zero; false when it does not.
   */
  async spend(
    memberId: string,
    communityId: string,
    amount: number,
    sourceId: string,
  ): Promise<boolean> {
    const [taken] = await this.uow.query(sql`
      UPDATE points_balance SET balance = balance - ${amount}::int
       WHERE member_id = ${memberId}::uuid AND community_id = ${communityId}::uuid
         AND ledger = 'COMMUNITY' AND period = 0 AND balance >= ${amount}::int
      RETURNING 1`);
    if (!taken) return false;
    await this.uow.query(sql`
      INSERT INTO points_entry (member_id, community_id, ledger, period, amount, reason, source_id, created_at)
      VALUES (${memberId}, ${communityId}, 'COMMUNITY', 0, ${-amount}, 'REDEMPTION', ${sourceId},
              ${this.clock.now()})`);
    return true;
  }
}
