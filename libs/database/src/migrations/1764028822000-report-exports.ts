import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report exports: asked for through the API, made by a worker of the
 * `reports` queue (exports are memory-heavy, so that queue may have
 * workers of its own), written to the storage port and fetched through an
 * expiring signed link by whoever asked. What the export covers is kept
 * (kind, unit, member or community, months) so the worker makes exactly
 * what was asked and allowed; old files are removed by a daily job. The
 * volunteer-record export holds ID numbers and phones: its file is sealed
 * (encrypted) in storage and opened only for its download.
 */
export class ReportExports1764028822000 implements MigrationInterface {
  name = 'ReportExports1764028822000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_export (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('UNIT_PARTICIPATION', 'MEMBER', 'VOLUNTEER_RECORDS')),
        format text NOT NULL CHECK (format IN ('CSV', 'XLSX', 'PDF')),
        unit_id uuid REFERENCES unit (id),
        member_id uuid REFERENCES member (id),
        community_id uuid REFERENCES community (id),
        from_month date NOT NULL CHECK (extract(day FROM from_month) = 1),
        to_month date NOT NULL CHECK (extract(day FROM to_month) = 1),
        requested_by uuid NOT NULL REFERENCES account (id),
        requested_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'QUEUED'
          CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
        progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        -- the worker's attempts so far: FAILED only after the job's last one
        attempts smallint NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        rows integer CHECK (rows >= 0),
        storage_key text UNIQUE,
        -- the name the download offers (the unit's or member's name, the months)
        file_name text CHECK (char_length(file_name) BETWEEN 1 AND 200),
        -- sealed in storage (a file with ID numbers and phones), opened for its download
        sealed boolean NOT NULL DEFAULT FALSE,
        bytes bigint CHECK (bytes > 0),
        finished_at timestamptz,
        CONSTRAINT report_export_months CHECK (to_month >= from_month),
        CONSTRAINT report_export_scope CHECK (num_nonnulls(unit_id, member_id, community_id) = 1 AND
          CASE kind WHEN 'UNIT_PARTICIPATION' THEN unit_id IS NOT NULL
                    WHEN 'MEMBER' THEN member_id IS NOT NULL
                    ELSE community_id IS NOT NULL AND sealed END),
        -- the storage key is set before the file is written (so a failed
        -- attempt's file is never lost); the rest only once it is done
        CONSTRAINT report_export_done CHECK ((status = 'DONE') = (file_name IS NOT NULL
          AND bytes IS NOT NULL AND rows IS NOT NULL)
          AND (status <> 'DONE' OR storage_key IS NOT NULL))
      );
      CREATE INDEX report_export_requester_idx ON report_export (requested_by, requested_at DESC);
      CREATE INDEX report_export_age_idx ON report_export (requested_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE report_export');
  }
}
