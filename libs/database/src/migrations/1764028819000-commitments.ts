import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LEADERBOARD_TEMPLATES } from './1764028816000-leaderboards.js';
import { notificationTemplatesCheck } from './notification-templates-check.js';

/** The notification templates after this migration. */
export const COMPLIANCE_TEMPLATES = [
  ...LEADERBOARD_TEMPLATES,
  'COMPLIANCE_BEHIND',
  'GROUP_COMPLIANCE_BEHIND',
];

/**
 * Commitments and requirements. A member may sign a commitment (承诺) to
 * serve so many volunteer hours a month, one standing at a time; a unit or
 * a community sets a requirement for its seconded members per month,
 * quarter, half-year or year (hours, activities or both), one standing per
 * unit or community, the earlier ones kept (ended) so that a past period is
 * judged by the requirement of its day.
 *
 * `compliance_check` is the weekly reminder's record: who was behind on
 * what, with the numbers the reminder quoted, once per member and week.
 */
export class Commitments1764028819000 implements MigrationInterface {
  name = 'Commitments1764028819000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE commitment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member (id),
        hours_per_month numeric(5, 1) NOT NULL CHECK (hours_per_month > 0 AND hours_per_month <= 200),
        note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 200),
        signed_at timestamptz NOT NULL,
        ended_at timestamptz,
        CONSTRAINT commitment_ended CHECK (ended_at IS NULL OR ended_at >= signed_at)
      );
      CREATE UNIQUE INDEX commitment_one_standing ON commitment (member_id) WHERE ended_at IS NULL;

      CREATE TABLE service_requirement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid REFERENCES unit (id),
        community_id uuid REFERENCES community (id),
        period text NOT NULL CHECK (period IN ('MONTH', 'QUARTER', 'HALF_YEAR', 'YEAR')),
        min_hours numeric(6, 1) CHECK (min_hours > 0 AND min_hours <= 2000),
        min_activities integer CHECK (min_activities > 0 AND min_activities <= 1000),
        set_at timestamptz NOT NULL,
        set_by uuid REFERENCES account (id),
        ended_at timestamptz,
        CONSTRAINT service_requirement_owner CHECK (num_nonnulls(unit_id, community_id) = 1),
        CONSTRAINT service_requirement_something CHECK (num_nonnulls(min_hours, min_activities) >= 1),
        CONSTRAINT service_requirement_ended CHECK (ended_at IS NULL OR ended_at >= set_at)
      );
      CREATE UNIQUE INDEX service_requirement_one_per_unit ON service_requirement (unit_id)
        WHERE ended_at IS NULL AND unit_id IS NOT NULL;
      CREATE UNIQUE INDEX service_requirement_one_per_community ON service_requirement (community_id)
        WHERE ended_at IS NULL AND community_id IS NOT NULL;

      CREATE TABLE compliance_check (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member (id),
        -- the Monday (local) of the week checked
        week_of date NOT NULL,
        -- the obligations behind pace, with the numbers the reminder quotes
        behind jsonb NOT NULL CHECK (jsonb_typeof(behind) = 'array' AND jsonb_array_length(behind) > 0),
        checked_at timestamptz NOT NULL,
        CONSTRAINT compliance_check_once UNIQUE (member_id, week_of)
      );
      CREATE INDEX compliance_check_week_idx ON compliance_check (week_of);

      ${notificationTemplatesCheck(COMPLIANCE_TEMPLATES)}
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM notification WHERE template IN ('COMPLIANCE_BEHIND', 'GROUP_COMPLIANCE_BEHIND');
      ${notificationTemplatesCheck(LEADERBOARD_TEMPLATES)}
      DROP TABLE compliance_check;
      DROP TABLE service_requirement;
      DROP TABLE commitment;
    `);
  }
}
