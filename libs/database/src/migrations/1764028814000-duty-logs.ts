import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duty logs (纪实): what a member did, when and where, submitted from the
 * app and verified by their party group's leader or deputy or by the
 * community committee. A unit judges its seconded members by them, so a log
 * is never edited once verified: a correction is a new log in the same
 * lineage (`lineage_id`, the first log's id) that supersedes it once
 * verified. Two live logs of one member never overlap in time (an
 * exclusion constraint, whatever the concurrency), except a correction and
 * the log it corrects, which share a lineage.
 *
 * `working_calendar` holds the mainland calendar's exceptions to "Monday to
 * Friday": public holidays (not working) and the weekend days worked in
 * exchange (调休, working), as the State Council announces them each year;
 * operators load them. A log older than ten working days needs an admin's
 * backfill with a reason.
 */
export class DutyLogs1764028814000 implements MigrationInterface {
  name = 'DutyLogs1764028814000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE working_calendar (
        day date PRIMARY KEY,
        working boolean NOT NULL,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 50)
      );

      CREATE TABLE duty_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- the first log of a correction chain; a log's own id when it corrects nothing
        lineage_id uuid NOT NULL,
        member_id uuid NOT NULL REFERENCES member (id),
        community_id uuid NOT NULL REFERENCES community (id),
        client_request_id text NOT NULL CHECK (char_length(client_request_id) BETWEEN 1 AND 100),
        theme text NOT NULL CHECK (char_length(theme) BETWEEN 1 AND 100),
        content text NOT NULL CHECK (char_length(content) BETWEEN 1 AND 2000),
        place text NOT NULL CHECK (char_length(place) BETWEEN 1 AND 200),
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        minutes integer GENERATED ALWAYS AS
          ((extract(epoch FROM ends_at - starts_at) / 60)::integer) STORED,
        -- the task booking or shift booking the service was, if any
        assignment_id uuid REFERENCES assignment (id),
        beneficiaries integer NOT NULL DEFAULT 0 CHECK (beneficiaries BETWEEN 0 AND 100000),
        beneficiaries_note text NOT NULL DEFAULT '' CHECK (char_length(beneficiaries_note) <= 200),
        source text NOT NULL CHECK (source IN ('CHECK_IN', 'MANUAL', 'BACKFILLED')),
        backfill_reason text CHECK (char_length(backfill_reason) BETWEEN 1 AND 500),
        -- an obligatory duty counts for the unit's report, never as volunteer service
        volunteer_service boolean NOT NULL,
        status text NOT NULL DEFAULT 'SUBMITTED'
          CHECK (status IN ('SUBMITTED', 'VERIFIED', 'REJECTED', 'SUPERSEDED')),
        corrects_id uuid REFERENCES duty_log (id),
        submitted_at timestamptz NOT NULL,
        submitted_by uuid REFERENCES account (id),
        decided_at timestamptz,
        decided_by uuid REFERENCES account (id),
        rejection_reason text CHECK (char_length(rejection_reason) BETWEEN 1 AND 500),
        superseded_by uuid REFERENCES duty_log (id),
        CONSTRAINT duty_log_request_once UNIQUE (member_id, client_request_id),
        CONSTRAINT duty_log_window CHECK (ends_at > starts_at),
        CONSTRAINT duty_log_backfill CHECK ((source = 'BACKFILLED') = (backfill_reason IS NOT NULL)),
        CONSTRAINT duty_log_coordinates CHECK ((latitude IS NULL) = (longitude IS NULL)),
        -- decided_by is null when the system verified it (check-in evidence)
        CONSTRAINT duty_log_decided CHECK ((status = 'SUBMITTED') = (decided_at IS NULL)),
        CONSTRAINT duty_log_rejected CHECK ((status = 'REJECTED') = (rejection_reason IS NOT NULL)),
        CONSTRAINT duty_log_superseded CHECK ((status = 'SUPERSEDED') = (superseded_by IS NOT NULL)),
        CONSTRAINT duty_log_lineage CHECK ((corrects_id IS NULL) = (lineage_id = id)),
        -- a member's live logs never overlap, but a correction and what it corrects
        CONSTRAINT duty_log_no_overlap EXCLUDE USING gist (
          member_id WITH =, lineage_id WITH <>, tstzrange(starts_at, ends_at) WITH &&)
          WHERE (status IN ('SUBMITTED', 'VERIFIED'))
      );
      -- one correction under way (or standing) per log; a rejected one may be tried again
      CREATE UNIQUE INDEX duty_log_one_correction ON duty_log (corrects_id)
        WHERE status IN ('SUBMITTED', 'VERIFIED');
      CREATE INDEX duty_log_lineage_idx ON duty_log (lineage_id);
      CREATE INDEX duty_log_member_idx ON duty_log (member_id, starts_at DESC);
      CREATE INDEX duty_log_community_idx ON duty_log (community_id, status, starts_at DESC);

      -- A verified log is final: only superseding it (its correction verified) changes it.
      CREATE FUNCTION duty_log_final() RETURNS trigger LANGUAGE plpgsql AS $$
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
      CREATE TRIGGER duty_log_final BEFORE UPDATE OR DELETE ON duty_log
        FOR EACH ROW EXECUTE FUNCTION duty_log_final();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE duty_log;
      DROP FUNCTION duty_log_final();
      DROP TABLE working_calendar;
    `);
  }
}
