import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rollup reports read instead of the duty logs themselves (tens of
 * millions of rows): verified minutes and logs per member, community,
 * local month, task category, shift or not, and volunteer service or not.
 *
 * `duty_log_bucket` says once where a log counts (its month in its
 * community's time zone; its category from the task type of its task or
 * shift's post, SELF_INITIATED without a booking); the statement
 * triggers add the logs that become VERIFIED and take away those that stop
 * being so (superseded by their correction), in the transaction that
 * changes them, so the rollup is exact whatever path verified a log. The
 * log's fields a bucket is made of never change once it is decided
 * (duty_log_final, extended here to its community and booking), nor do
 * the rows it joins for them (a task's or post's type and a community's
 * time zone are not changed once service is logged against them). The
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
        -- never below zero while the rollup is exact (rollup:check finds it otherwise)
        minutes bigint NOT NULL,
        logs integer NOT NULL,
        PRIMARY KEY (member_id, month, community_id, category, shift, volunteer_service)
      );
      CREATE INDEX duty_log_rollup_community_idx ON duty_log_rollup (community_id, month);

      -- Where a decided log counts is frozen with it: its community and booking
      -- join the fields a superseding update may not change.
      CREATE OR REPLACE FUNCTION duty_log_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'duty logs are never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.status IN ('VERIFIED', 'REJECTED', 'SUPERSEDED')
           AND NOT (OLD.status = 'VERIFIED' AND NEW.status = 'SUPERSEDED'
                    AND (NEW.id, NEW.member_id, NEW.community_id, NEW.assignment_id, NEW.theme,
                         NEW.content, NEW.place, NEW.starts_at, NEW.ends_at, NEW.volunteer_service,
                         NEW.decided_at, NEW.decided_by)
                        IS NOT DISTINCT FROM
                        (OLD.id, OLD.member_id, OLD.community_id, OLD.assignment_id, OLD.theme,
                         OLD.content, OLD.place, OLD.starts_at, OLD.ends_at, OLD.volunteer_service,
                         OLD.decided_at, OLD.decided_by))
        THEN
          RAISE EXCEPTION 'a decided duty log is final' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$;

      -- Each bucket's net change (logs that became verified, less those that
      -- stopped being so) upserted in key order: an UPDATE's changes once per
      -- statement, from its transition tables, so two verifications at once
      -- touching the same buckets take their row locks in the same order and
      -- never deadlock.
      CREATE FUNCTION duty_log_rollup_apply(changes jsonb) RETURNS void LANGUAGE sql AS $$
        INSERT INTO duty_log_rollup AS r (member_id, community_id, month, category, shift,
                                          volunteer_service, minutes, logs)
        SELECT b.member_id, b.community_id, b.month, b.category, b.shift, b.volunteer_service,
               sum(c.sign * b.minutes), sum(c.sign)
          FROM jsonb_to_recordset(changes) AS c (id uuid, sign integer)
          JOIN duty_log_bucket b ON b.id = c.id
         GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(c.sign) <> 0 OR sum(c.sign * b.minutes) <> 0
         ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (member_id, month, community_id, category, shift, volunteer_service)
        DO UPDATE SET minutes = r.minutes + excluded.minutes, logs = r.logs + excluded.logs
      $$;
      -- A log inserted already verified (a restore, a bulk load): one row at a
      -- time, and only such rows, so the app's inserts (always SUBMITTED) pay
      -- nothing on the submission path.
      CREATE FUNCTION duty_log_rollup_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM duty_log_rollup_apply(jsonb_build_array(jsonb_build_object('id', NEW.id, 'sign', 1)));
        RETURN NULL;
      END $$;
      CREATE FUNCTION duty_log_rollup_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM duty_log_rollup_apply(
          (SELECT jsonb_agg(jsonb_build_object('id', coalesce(n.id, o.id),
                                               'sign', (n.id IS NOT NULL)::int - (o.id IS NOT NULL)::int))
             FROM (SELECT id FROM new_rows WHERE status = 'VERIFIED') n
             FULL JOIN (SELECT id FROM old_rows WHERE status = 'VERIFIED') o ON o.id = n.id
            WHERE n.id IS NULL OR o.id IS NULL));
        RETURN NULL;
      END $$;
      CREATE TRIGGER duty_log_rollup_inserted AFTER INSERT ON duty_log
        FOR EACH ROW WHEN (NEW.status = 'VERIFIED') EXECUTE FUNCTION duty_log_rollup_inserted();
      CREATE TRIGGER duty_log_rollup_updated AFTER UPDATE ON duty_log
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION duty_log_rollup_updated();

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
      DROP TRIGGER duty_log_rollup_updated ON duty_log;
      DROP TRIGGER duty_log_rollup_inserted ON duty_log;
      DROP FUNCTION duty_log_rollup_updated();
      DROP FUNCTION duty_log_rollup_inserted();
      DROP FUNCTION duty_log_rollup_apply(jsonb);
      DROP TABLE duty_log_rollup;
      DROP VIEW duty_log_bucket;
      -- the function as migration 1764028814000 made it
      CREATE OR REPLACE FUNCTION duty_log_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'duty logs are never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.status IN ('VERIFIED', 'REJECTED', 'SUPERSEDED')
           AND NOT (OLD.status = 'VERIFIED' AND NEW.status = 'SUPERSEDED'
                    AND (NEW.id, NEW.member_id, NEW.theme, NEW.content, NEW.place, NEW.starts_at,
                         NEW.ends_at, NEW.volunteer_service, NEW.decided_at, NEW.decided_by)
                        IS NOT DISTINCT FROM
                        (OLD.id, OLD.member_id, OLD.theme, OLD.content, OLD.place, OLD.starts_at,
                         OLD.ends_at, OLD.volunteer_service, OLD.decided_at, OLD.decided_by))
        THEN
          RAISE EXCEPTION 'a decided duty log is final' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$;
    `);
  }
}
