import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rollup reports read instead of the duty logs themselves (tens of
 * millions of rows): verified minutes and logs per member, community,
 * local month, task category, shift or not, and volunteer service or not.
 *
 * `duty_log_bucket` says once where a log counts (its month in its
 * community's time zone; its category from the task type of its task or
 * shift's post, SELF_INITIATED without a booking); the trigger adds a log
 * when it becomes VERIFIED and takes it away when it stops being so
 * (superseded by its correction), in the transaction that changes it, so
 * the rollup is exact whatever path verified the log. The fields a bucket
 * is made of never change once a log is verified (duty_log_final). The
 * rebuild (`rollup:rebuild`) recomputes it from the logs through the same
 * view and `rollup:check` compares the two.
 */
export class DutyLogRollup1764028821000 implements MigrationInterface {
  name = 'DutyLogRollup1764028821000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW duty_log_bucket AS
      SELECT l.id, l.member_id, l.community_id,
             date_trunc('month', l.starts_at AT TIME ZONE c.time_zone)::date AS month,
             coalesce(tt.category, 'SELF_INITIATED') AS category,
             a.shift_id IS NOT NULL AS shift,
             l.volunteer_service, l.minutes
        FROM duty_log l
        JOIN community c ON c.id = l.community_id
        LEFT JOIN assignment a ON a.id = l.assignment_id
        LEFT JOIN task t ON t.id = a.task_id
        LEFT JOIN shift s ON s.id = a.shift_id
        LEFT JOIN post p ON p.id = s.post_id
        LEFT JOIN task_type tt ON tt.id = coalesce(t.task_type_id, p.task_type_id);

      CREATE TABLE duty_log_rollup (
        member_id uuid NOT NULL REFERENCES member (id),
        community_id uuid NOT NULL REFERENCES community (id),
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        category text NOT NULL
          CHECK (category IN ('ROUTINE', 'PROFESSIONAL', 'JOINT', 'SELF_INITIATED')),
        shift boolean NOT NULL,
        volunteer_service boolean NOT NULL,
        minutes bigint NOT NULL CHECK (minutes >= 0),
        logs integer NOT NULL CHECK (logs >= 0),
        PRIMARY KEY (member_id, month, community_id, category, shift, volunteer_service)
      );
      CREATE INDEX duty_log_rollup_community_idx ON duty_log_rollup (community_id, month);

      CREATE FUNCTION duty_log_rollup_follow() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        was boolean := TG_OP = 'UPDATE' AND OLD.status = 'VERIFIED';
        now_counted boolean := NEW.status = 'VERIFIED';
      BEGIN
        IF was = now_counted THEN
          RETURN NULL;
        END IF;
        IF now_counted THEN
          INSERT INTO duty_log_rollup AS r (member_id, community_id, month, category, shift,
                                            volunteer_service, minutes, logs)
          SELECT b.member_id, b.community_id, b.month, b.category, b.shift, b.volunteer_service,
                 b.minutes, 1
            FROM duty_log_bucket b WHERE b.id = NEW.id
          ON CONFLICT (member_id, month, community_id, category, shift, volunteer_service)
          DO UPDATE SET minutes = r.minutes + excluded.minutes, logs = r.logs + 1;
        ELSE
          UPDATE duty_log_rollup r SET minutes = r.minutes - b.minutes, logs = r.logs - 1
            FROM duty_log_bucket b
           WHERE b.id = NEW.id AND r.member_id = b.member_id AND r.month = b.month
             AND r.community_id = b.community_id AND r.category = b.category
             AND r.shift = b.shift AND r.volunteer_service = b.volunteer_service;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER duty_log_rollup_follow AFTER INSERT OR UPDATE OF status ON duty_log
        FOR EACH ROW EXECUTE FUNCTION duty_log_rollup_follow();

      -- the logs verified before this migration
      INSERT INTO duty_log_rollup (member_id, community_id, month, category, shift,
                                   volunteer_service, minutes, logs)
      SELECT b.member_id, b.community_id, b.month, b.category, b.shift, b.volunteer_service,
             sum(b.minutes), count(*)
        FROM duty_log_bucket b JOIN duty_log l ON l.id = b.id
       WHERE l.status = 'VERIFIED'
       GROUP BY 1, 2, 3, 4, 5, 6;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER duty_log_rollup_follow ON duty_log;
      DROP FUNCTION duty_log_rollup_follow();
      DROP TABLE duty_log_rollup;
      DROP VIEW duty_log_bucket;
    `);
  }
}
