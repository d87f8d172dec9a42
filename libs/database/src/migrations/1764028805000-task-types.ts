import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The task-type catalogue: shared types (no community) and each community's
 * own. Names are unique among live types within the shared catalogue and
 * within each community (NULLS NOT DISTINCT puts the shared ones in one
 * group); a retired name may be used again. The category is written by the
 * domain from the two levels (categoryOf), so the rule lives in one place.
 * The apps' role gets its privileges from grantAppPrivileges after every
 * migration.
 */
export class TaskTypes1764028805000 implements MigrationInterface {
  name = 'TaskTypes1764028805000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_type (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid REFERENCES community (id),
        name text NOT NULL,
        description text NOT NULL,
        basic_knowledge text NOT NULL CHECK (basic_knowledge IN ('LOW', 'MEDIUM', 'HIGH')),
        professional_knowledge text NOT NULL
          CHECK (professional_knowledge IN ('LOW', 'MEDIUM', 'HIGH')),
        category text NOT NULL CHECK (category IN ('ROUTINE', 'PROFESSIONAL', 'JOINT')),
        required_skills text[] NOT NULL DEFAULT '{}',
        intensity text NOT NULL CHECK (intensity IN ('LIGHT', 'MODERATE', 'HEAVY')),
        outdoor boolean NOT NULL,
        night boolean NOT NULL,
        default_duration_minutes integer NOT NULL
          CHECK (default_duration_minutes BETWEEN 1 AND 1440),
        points_weight integer NOT NULL CHECK (points_weight BETWEEN 1 AND 100),
        counts_as_volunteer_service boolean NOT NULL,
        retired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX task_type_name_key ON task_type (community_id, name) NULLS NOT DISTINCT
        WHERE retired_at IS NULL;
      CREATE INDEX task_type_community_idx ON task_type (community_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE task_type;');
  }
}
