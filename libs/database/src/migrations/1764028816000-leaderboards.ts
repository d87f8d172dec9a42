import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SHIFTS_BOOKED_TEMPLATES } from './1764028813000-shifts-booked-notices.js';
import { notificationTemplatesCheck } from './notification-templates-check.js';

/** The notification templates after this migration. */
export const LEADERBOARD_TEMPLATES = [...SHIFTS_BOOKED_TEMPLATES, 'STAR_LEVEL_REACHED'];

/**
 * Leaderboards by verified hours and by points, per community (and within
 * it per party group or unit), for a month, a year or all time. The current
 * period is computed live; a closed month or year is frozen by a scheduled
 * job into `leaderboard_snapshot`, so a correction verified later changes
 * the member's record but not the board that was published.
 *
 * Members are told when their verified volunteer-service hours reach a star
 * level (STAR_LEVEL_REACHED).
 */
export class Leaderboards1764028816000 implements MigrationInterface {
  name = 'Leaderboards1764028816000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE leaderboard_snapshot (
        community_id uuid NOT NULL REFERENCES community (id),
        -- 'YYYY-MM' or 'YYYY', in the community's time zone
        period text NOT NULL CHECK (period ~ '^[0-9]{4}(-[0-9]{2})?$'),
        metric text NOT NULL CHECK (metric IN ('HOURS', 'POINTS')),
        member_id uuid NOT NULL REFERENCES member (id),
        -- minutes for HOURS, points for POINTS
        value integer NOT NULL,
        rank integer NOT NULL CHECK (rank >= 1),
        frozen_at timestamptz NOT NULL,
        PRIMARY KEY (community_id, period, metric, member_id)
      );
      CREATE TABLE leaderboard_frozen (
        community_id uuid NOT NULL REFERENCES community (id),
        period text NOT NULL,
        frozen_at timestamptz NOT NULL,
        PRIMARY KEY (community_id, period)
      );
      ${notificationTemplatesCheck(LEADERBOARD_TEMPLATES)}
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM notification WHERE template = 'STAR_LEVEL_REACHED';
      ${notificationTemplatesCheck(SHIFTS_BOOKED_TEMPLATES)}
      DROP TABLE leaderboard_frozen;
      DROP TABLE leaderboard_snapshot;
    `);
  }
}
