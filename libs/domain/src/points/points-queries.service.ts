import { Injectable } from '@nestjs/common';
import { memberIdsOf, type Actor, type Page, type PageRequest } from '#core';
import { sql, UnitOfWork } from '#database';
import { CommunityAccess } from '#domain/organisation';
import {
  DEFAULT_DAILY_CAP,
  DEFAULT_POINTS_PER_HOUR,
  type EntryReason,
  type Ledger,
} from './points-ledger.js';
import { PointsErrors } from './points.errors.js';

export interface PointsBalanceView {
  readonly communityId: string;
  readonly ledger: Ledger;
  /** 0 for community points; the year for appraisal points. */
  readonly period: number;
  readonly balance: number;
}

export interface PointsEntryView {
  readonly id: string;
  readonly communityId: string;
  readonly ledger: Ledger;
  readonly period: number;
  readonly amount: number;
  readonly reason: EntryReason;
  readonly sourceId: string;
  readonly createdAt: Date;
}

export interface PointsRuleView {
  readonly communityId: string;
  readonly pointsPerHour: number;
  readonly dailyCap: number;
}

/** A member's own points, and a community's rule for awarding them. */
@Injectable()
export class PointsQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: CommunityAccess,
  ) {}

  async balances(actor: Actor): Promise<PointsBalanceView[]> {
    return this.uow.query<PointsBalanceView>(sql`
      SELECT community_id AS "communityId", ledger, period, balance FROM points_balance
       WHERE member_id = ANY(${memberIdsOf(actor)}::uuid[])
       ORDER BY ledger DESC, period DESC, community_id`);
  }

  async entries(actor: Actor, page: PageRequest): Promise<Page<PointsEntryView>> {
    const rows = await this.uow.query<PointsEntryView & { total: number }>(sql`
      SELECT id, community_id AS "communityId", ledger, period, amount, reason,
             source_id AS "sourceId", created_at AS "createdAt", count(*) OVER ()::int AS total
        FROM points_entry WHERE member_id = ANY(${memberIdsOf(actor)}::uuid[])
       ORDER BY created_at DESC, id LIMIT ${page.first} OFFSET ${page.offset}`);
    return { items: rows.map(({ total: _, ...entry }) => entry), totalCount: rows[0]?.total ?? 0 };
  }

  async rule(communityId: string): Promise<PointsRuleView> {
    const [rule] = await this.uow.query<PointsRuleView>(sql`
      SELECT community_id AS "communityId", points_per_hour AS "pointsPerHour", daily_cap AS "dailyCap"
        FROM points_rule WHERE community_id = ${communityId}::uuid`);
    return (
      rule ?? { communityId, pointsPerHour: DEFAULT_POINTS_PER_HOUR, dailyCap: DEFAULT_DAILY_CAP }
    );
  }

  /** The committee sets its community's rule; it applies to logs verified from then on. */
  async setRule(actor: Actor, rule: PointsRuleView): Promise<PointsRuleView> {
    const ok = (n: number, max: number, min: number) => Number.isInteger(n) && n >= min && n <= max;
    if (!ok(rule.pointsPerHour, 1000, 0) || !ok(rule.dailyCap, 100_000, 1))
      throw PointsErrors.rule();
    await this.uow.run(async () => {
      await this.access.requireAdministered(actor, rule.communityId);
      await this.uow.query(sql`
        INSERT INTO points_rule (community_id, points_per_hour, daily_cap)
        VALUES (${rule.communityId}, ${rule.pointsPerHour}, ${rule.dailyCap})
        ON CONFLICT (community_id) DO UPDATE
          SET points_per_hour = EXCLUDED.points_per_hour, daily_cap = EXCLUDED.daily_cap,
              updated_at = now()`);
    });
    return this.rule(rule.communityId);
  }
}
