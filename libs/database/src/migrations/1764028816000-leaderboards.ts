import type { MigrationInterface, QueryRunner } from 'typeorm';

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
const TEMPLATES = [
  'MEMBER_WELCOME',
  'TASK_OFFERED',
  'OFFER_WITHDRAWN',
  'ASSIGNMENT_CANCELLED',
  'TASK_ESCALATED_TO_LEADER',
  'TASK_ESCALATED_TO_COMMITTEE',
  'OFFER_REMINDER',
  'SHIFT_SWAP_REQUESTED',
  'SHIFT_SWAP_ANSWERED',
  'CALL_UP',
  'CALL_UP_REMINDER',
  'SHIFTS_BOOKED',
  'STAR_LEVEL_REACHED',
];

const templateCheck = (templates: readonly string[]) =>
  `CHECK (template IN (${templates.map((t) => `'${t}'`).join(', ')}))`;

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
      ALTER TABLE notification DROP CONSTRAINT notification_template_check;
      ALTER TABLE notification ADD CONSTRAINT notification_template_check ${templateCheck(TEMPLATES)};
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM notification WHERE template = 'STAR_LEVEL_REACHED';
      ALTER TABLE notification DROP CONSTRAINT notification_template_check;
      ALTER TABLE notification ADD CONSTRAINT notification_template_check
        ${templateCheck(TEMPLATES.slice(0, -1))};
      DROP TABLE leaderboard_frozen;
      DROP TABLE leaderboard_snapshot;
    `);
  }
}
