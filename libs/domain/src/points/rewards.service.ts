import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock, CommonErrors, localDate, memberIdsOf, Validate, type Actor } from '#core';
import { mapConstraintViolations, rawSql, sql, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { administers, CommunityAccess } from '#domain/organisation';
import { accountOf } from '#domain/tasks';
import { PointsLedger } from './points-ledger.js';
import { PointsErrors } from './points.errors.js';

const NAME = { 'zh-CN': '奖品名称', en: 'Name' };
const SPONSOR = { 'zh-CN': '提供方', en: 'Sponsor' };
const DATE = { 'zh-CN': '日期', en: 'Date' };

export interface RewardInput {
  readonly communityId: string;
  readonly name: string;
  readonly sponsor?: string | null;
  readonly cost: number;
  readonly stock: number;
  readonly validFrom: string;
  readonly validUntil?: string | null;
}

export interface RewardView {
  readonly id: string;
  readonly communityId: string;
  readonly name: string;
  readonly sponsor: string;
  readonly cost: number;
  readonly stock: number;
  readonly validFrom: string;
  readonly validUntil: string | null;
}

export interface RedemptionView {
  readonly id: string;
  readonly rewardId: string;
  readonly rewardName: string;
  readonly memberId: string;
  readonly cost: number;
  /** Shown at the counter to collect the reward; the member's and the committee's to see. */
  readonly pickupCode: string;
  readonly status: 'REDEEMED' | 'COLLECTED' | 'CANCELLED';
  readonly createdAt: Date;
}

const REWARD = `r.id, r.community_id AS "communityId", r.name, r.sponsor, r.cost, r.stock,
  to_char(r.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(r.valid_until, 'YYYY-MM-DD') AS "validUntil"`;
const REDEMPTION = `d.id, d.reward_id AS "rewardId", r.name AS "rewardName", d.member_id AS "memberId",
  d.cost, d.pickup_code AS "pickupCode", d.status, d.created_at AS "createdAt"`;

/**
 * The community's rewards (积分商城): the committee lists them (a local
 * merchant may sponsor them); a member redeems one with community points
 * and gets a pickup code; the committee marks it collected, or cancels it
 * and the points and the stock return. A redemption takes the stock and the
 * points each with one conditional statement in one transaction, so
 * neither goes below zero, however many redeem at once.
 */
@Injectable()
export class RewardsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ledger: PointsLedger,
    private readonly audit: AuditLog,
    private readonly access: CommunityAccess,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, input: RewardInput): Promise<RewardView> {
    const name = Validate.text('name', NAME, input.name, 100);
    const sponsor = input.sponsor?.trim()
      ? Validate.text('sponsor', SPONSOR, input.sponsor, 100)
      : '';
    if (!Number.isInteger(input.cost) || input.cost < 1 || input.cost > 1_000_000)
      throw PointsErrors.cost();
    if (!Number.isInteger(input.stock) || input.stock < 0 || input.stock > 100_000)
      throw PointsErrors.stock();
    const from = Validate.date('validFrom', DATE, input.validFrom);
    const until = input.validUntil ? Validate.date('validUntil', DATE, input.validUntil) : null;
    if (until !== null && until < from) throw PointsErrors.period();
    return this.uow.run(async () => {
      await this.access.requireAdministered(actor, input.communityId);
      const [reward] = await this.uow.query<RewardView>(sql`
        INSERT INTO reward AS r (community_id, name, sponsor, cost, stock, valid_from, valid_until, created_at)
        VALUES (${input.communityId}, ${name}, ${sponsor}, ${input.cost}, ${input.stock}, ${from}::date,
                ${until}::date, ${this.clock.now()})
        RETURNING ${rawSql(REWARD)}`);
      if (!reward) throw new Error('insert returned nothing');
      await this.audit.record(actor, {
        action: 'reward.create',
        entity: 'Reward',
        entityId: reward.id,
      });
      return reward;
    });
  }

  /** A community's rewards on offer today, cheapest first. */
  async onOffer(communityId: string): Promise<RewardView[]> {
    return this.uow.query<RewardView>(sql`
      SELECT ${rawSql(REWARD)} FROM reward r JOIN community c ON c.id = r.community_id
       WHERE r.community_id = ${communityId}::uuid
         AND r.valid_from <= (${this.clock.now()}::timestamptz AT TIME ZONE c.time_zone)::date
         AND (r.valid_until IS NULL
              OR r.valid_until >= (${this.clock.now()}::timestamptz AT TIME ZONE c.time_zone)::date)
       ORDER BY r.cost, r.name`);
  }

  /** The member redeems a reward of their community, with community points. */
  async redeem(actor: Actor, rewardId: string): Promise<RedemptionView> {
    const [memberId] = memberIdsOf(actor);
    if (!memberId) throw CommonErrors.forbidden();
    const id = await mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const [reward] = await this.uow.query<{
            communityId: string;
            cost: number;
            timeZone: string;
          }>(sql`
            SELECT r.community_id AS "communityId", r.cost, c.time_zone AS "timeZone"
              FROM reward r JOIN community c ON c.id = r.community_id WHERE r.id = ${rewardId}::uuid`);
          if (!reward) throw PointsErrors.rewardNotFound();
          const today = localDate(this.clock.now(), reward.timeZone);
          const [taken] = await this.uow.query(sql`
            UPDATE reward SET stock = stock - 1
             WHERE id = ${rewardId}::uuid AND stock > 0 AND valid_from <= ${today}::date
               AND (valid_until IS NULL OR valid_until >= ${today}::date)
            RETURNING 1`);
          if (!taken) throw PointsErrors.outOfStock();
          const [made] = await this.uow.query<{ id: string }>(sql`
            INSERT INTO redemption (reward_id, member_id, cost, pickup_code, created_at)
            VALUES (${rewardId}, ${memberId}, ${reward.cost}, ${pickupCode()}, ${this.clock.now()})
            RETURNING id`);
          if (!made) throw new Error('insert returned nothing');
          if (!(await this.ledger.spend(memberId, reward.communityId, reward.cost, made.id))) {
            throw PointsErrors.insufficient();
          }
          return made.id;
        }),
      // the rare clash of two open codes of one reward: the member simply tries again
      { byName: { redemption_open_code: PointsErrors.outOfStock } },
    );
    return this.redemption(id);
  }

  /** The committee hands the reward over. */
  async collect(actor: Actor, redemptionId: string): Promise<RedemptionView> {
    return this.close(actor, redemptionId, 'COLLECTED');
  }

  /** The committee cancels a redemption not collected: points and stock return. */
  async cancel(actor: Actor, redemptionId: string): Promise<RedemptionView> {
    return this.close(actor, redemptionId, 'CANCELLED');
  }

  async mine(actor: Actor): Promise<RedemptionView[]> {
    return this.uow.query<RedemptionView>(sql`
      SELECT ${rawSql(REDEMPTION)} FROM redemption d JOIN reward r ON r.id = d.reward_id
       WHERE d.member_id = ANY(${memberIdsOf(actor)}::uuid[]) ORDER BY d.created_at DESC LIMIT 100`);
  }

  private async close(actor: Actor, redemptionId: string, to: 'COLLECTED' | 'CANCELLED') {
    await this.uow.run(async () => {
      const [row] = await this.uow.query<{
        status: string;
        communityId: string;
        memberId: string;
        cost: number;
        rewardId: string;
      }>(sql`
        SELECT d.status, r.community_id AS "communityId", d.member_id AS "memberId", d.cost,
               d.reward_id AS "rewardId"
          FROM redemption d JOIN reward r ON r.id = d.reward_id
         WHERE d.id = ${redemptionId}::uuid FOR UPDATE OF d`);
      if (!row || !administers(actor, row.communityId)) throw PointsErrors.redemptionNotFound();
      if (row.status !== 'REDEEMED') throw PointsErrors.redemptionClosed();
      await this.uow.query(sql`
        UPDATE redemption SET status = ${to}, closed_at = ${this.clock.now()},
               closed_by = ${accountOf(actor)}::uuid
         WHERE id = ${redemptionId}::uuid`);
      if (to === 'CANCELLED') {
        await this.uow.query(
          sql`UPDATE reward SET stock = stock + 1 WHERE id = ${row.rewardId}::uuid`,
        );
        await this.ledger.append([
          {
            memberId: row.memberId,
            communityId: row.communityId,
            ledger: 'COMMUNITY',
            period: 0,
            amount: row.cost,
            reason: 'REDEMPTION_CANCELLED',
            sourceId: redemptionId,
          },
        ]);
      }
      await this.audit.record(actor, {
        action: to === 'CANCELLED' ? 'redemption.cancel' : 'redemption.collect',
        entity: 'Redemption',
        entityId: redemptionId,
      });
    });
    return this.redemption(redemptionId);
  }

  private async redemption(id: string): Promise<RedemptionView> {
    const [view] = await this.uow.query<RedemptionView>(sql`
      SELECT ${rawSql(REDEMPTION)} FROM redemption d JOIN reward r ON r.id = d.reward_id
       WHERE d.id = ${id}::uuid`);
    if (!view) throw PointsErrors.redemptionNotFound();
    return view;
  }
}

/** Eight digits, read out at the counter. */
function pickupCode(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, '0');
}
