import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#core';
import { sql, UnitOfWork } from '#database';
import { Notifier } from '#domain/notifications';

/** The star level of so many hours: how many thresholds they reach (0: none yet). */
export function starLevel(hours: number, thresholds: readonly number[]): number {
  return thresholds.filter((threshold) => hours >= threshold).length;
}

export interface StarLevelView {
  readonly volunteerHours: number;
  readonly level: number;
  /** Hours of the next level; null at the top. */
  readonly nextLevelHours: number | null;
}

/**
 * Star levels (志愿者星级) from verified volunteer-service hours only: an
 * obligatory duty (volunteer_service false) counts for the unit's report,
 * never here, and neither does a log not (or no longer) verified.
 */
@Injectable()
export class StarLevels {
  private readonly thresholds: readonly number[];

  constructor(
    private readonly uow: UnitOfWork,
    private readonly notifier: Notifier,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.thresholds = config.dutyLogs.starLevelHours;
  }

  /** Verified volunteer-service hours of each member, all communities together. */
  async hoursOf(memberIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.uow.query<{ memberId: string; minutes: number }>(sql`
      SELECT member_id AS "memberId", sum(minutes)::int AS minutes FROM duty_log
       WHERE member_id = ANY(${memberIds}::uuid[]) AND status = 'VERIFIED' AND volunteer_service
       GROUP BY member_id`);
    return new Map(rows.map((row) => [row.memberId, row.minutes / 60]));
  }

  async of(memberId: string): Promise<StarLevelView> {
    const hours = (await this.hoursOf([memberId])).get(memberId) ?? 0;
    const level = starLevel(hours, this.thresholds);
    return {
      volunteerHours: Math.round(hours * 10) / 10,
      level,
      nextLevelHours: this.thresholds[level] ?? null,
    };
  }

  /**
   * Tells each member whose level rose since `before` (their hours then),
   * once per level; inside the transaction that verified their logs.
   */
  async announceRises(before: ReadonlyMap<string, number>): Promise<void> {
    const after = await this.hoursOf([...before.keys()]);
    await this.notifier.notifyMany(
      [...after].flatMap(([memberId, hours]) => {
        const level = starLevel(hours, this.thresholds);
        return level > starLevel(before.get(memberId) ?? 0, this.thresholds)
          ? [
              {
                template: 'STAR_LEVEL_REACHED' as const,
                recipient: { memberId },
                subjectId: memberId,
                key: `star-level:${memberId}:${String(level)}`,
              },
            ]
          : [];
      }),
    );
  }
}
