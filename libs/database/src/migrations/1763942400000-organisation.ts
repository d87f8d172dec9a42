import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisation: report-in (secondment) of seconded members with rotation
 * batches and re-report dates, temporary branches with their party groups,
 * teams, and group assignments whose history is appended, never rewritten.
 * GROUP_LEADER grants are derived from active leadership (active_role_grant).
 */
export class Organisation1763942400000 implements MigrationInterface {
  name = 'Organisation1763942400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- how often an active seconded member re-reports to this community
      ALTER TABLE community
        ADD COLUMN re_report_interval_months int NOT NULL DEFAULT 6
          CHECK (re_report_interval_months BETWEEN 1 AND 24),
        ADD COLUMN receipt_sequence int NOT NULL DEFAULT 0;

      CREATE TABLE rotation_batch (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL,
        lead_unit_id uuid NOT NULL,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        planned_start date NOT NULL,
        planned_end date NOT NULL,
        headcount int NOT NULL CHECK (headcount BETWEEN 1 AND 1000),
        filing_reference text NOT NULL CHECK (char_length(filing_reference) BETWEEN 1 AND 100),
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'ENDED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        CONSTRAINT rotation_batch_period CHECK (planned_end > planned_start),
        CONSTRAINT rotation_batch_ended CHECK ((status = 'ENDED') = (ended_at IS NOT NULL)),
        -- a batch is agreed between a community and a unit paired with it
        CONSTRAINT rotation_batch_pairing FOREIGN KEY (lead_unit_id, community_id)
          REFERENCES unit_community_pairing (unit_id, community_id)
      );
      CREATE INDEX rotation_batch_community_idx ON rotation_batch (community_id);

      CREATE TABLE secondment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member (id),
        unit_id uuid NOT NULL REFERENCES unit (id),
        community_id uuid NOT NULL REFERENCES community (id),
        channel text NOT NULL CHECK (channel IN ('INDIVIDUAL', 'BATCH', 'TRANSFER')),
        batch_id uuid REFERENCES rotation_batch (id),
        transfer_from_id uuid REFERENCES secondment (id),
        status text NOT NULL CHECK (status IN ('REQUESTED', 'UNIT_APPROVED', 'ACTIVE', 'REJECTED', 'ENDED')),
        requested_at timestamptz NOT NULL DEFAULT now(),
        unit_approved_at timestamptz,
        activated_at timestamptz,
        receipt_number text,
        report_due_on date,
        last_reported_at timestamptz,
        rejected_at timestamptz,
        rejected_stage text CHECK (rejected_stage IN ('UNIT', 'COMMUNITY')),
        rejection_reason text CHECK (char_length(rejection_reason) BETWEEN 1 AND 500),
        ended_at timestamptz,
        end_reason text CHECK (end_reason IN ('LEFT', 'TRANSFERRED', 'BATCH_ENDED', 'WITHDRAWN')),
        CONSTRAINT secondment_batch CHECK ((channel = 'BATCH') = (batch_id IS NOT NULL)),
        CONSTRAINT secondment_transfer CHECK ((channel = 'TRANSFER') = (transfer_from_id IS NOT NULL)),
        CONSTRAINT secondment_rejected CHECK ((status = 'REJECTED') =
          (rejected_at IS NOT NULL AND rejected_stage IS NOT NULL AND rejection_reason IS NOT NULL)),
        CONSTRAINT secondment_ended CHECK ((status = 'ENDED') = (ended_at IS NOT NULL AND end_reason IS NOT NULL)),
        CONSTRAINT secondment_activated CHECK ((activated_at IS NOT NULL) =
          (receipt_number IS NOT NULL AND report_due_on IS NOT NULL)),
        CONSTRAINT secondment_active_has_receipt CHECK (status <> 'ACTIVE' OR activated_at IS NOT NULL)
      );
      -- the rules that must hold under concurrent requests live here, not in code:
      -- at most one ACTIVE secondment and one pending request per member
      CREATE UNIQUE INDEX secondment_one_active ON secondment (member_id) WHERE status = 'ACTIVE';
      CREATE UNIQUE INDEX secondment_one_pending ON secondment (member_id)
        WHERE status IN ('REQUESTED', 'UNIT_APPROVED');
      CREATE UNIQUE INDEX secondment_receipt_key ON secondment (community_id, receipt_number);
      CREATE INDEX secondment_community_idx ON secondment (community_id, status);
      CREATE INDEX secondment_unit_idx ON secondment (unit_id, status);
      CREATE INDEX secondment_batch_idx ON secondment (batch_id) WHERE batch_id IS NOT NULL;
      CREATE INDEX secondment_member_idx ON secondment (member_id, requested_at);

      CREATE TABLE temporary_branch (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES community (id),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        purpose text NOT NULL CHECK (char_length(purpose) BETWEEN 1 AND 500),
        starts_on date NOT NULL,
        ends_on date,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'DISSOLVED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        dissolved_at timestamptz,
        CONSTRAINT temporary_branch_period CHECK (ends_on IS NULL OR ends_on >= starts_on),
        CONSTRAINT temporary_branch_dissolved CHECK ((status = 'DISSOLVED') = (dissolved_at IS NOT NULL)),
        CONSTRAINT temporary_branch_community_key UNIQUE (community_id, id)
      );

      CREATE TABLE party_group (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        branch_id uuid NOT NULL,
        community_id uuid NOT NULL,
        courtyard_id uuid NOT NULL,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- the group's courtyard lies in its branch's community
        FOREIGN KEY (community_id, branch_id) REFERENCES temporary_branch (community_id, id),
        FOREIGN KEY (community_id, courtyard_id) REFERENCES courtyard (community_id, id),
        -- one group per courtyard in a branch
        CONSTRAINT party_group_courtyard_key UNIQUE (branch_id, courtyard_id)
      );

      CREATE TABLE team (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES community (id),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        kind text NOT NULL CHECK (kind IN ('RESIDENT_TEAM', 'SECONDED_SQUAD', 'JOINT_TEAM')),
        specialty text NOT NULL CHECK (char_length(specialty) BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT team_name_key UNIQUE (community_id, name)
      );

      CREATE TABLE group_assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member (id),
        party_group_id uuid REFERENCES party_group (id),
        team_id uuid REFERENCES team (id),
        role text NOT NULL CHECK (role IN ('LEADER', 'DEPUTY', 'MEMBER')),
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        end_reason text CHECK (end_reason IN ('ENDED', 'ROLE_CHANGED', 'BRANCH_DISSOLVED', 'SECONDMENT_ENDED')),
        CONSTRAINT group_assignment_target CHECK (num_nonnulls(party_group_id, team_id) = 1),
        CONSTRAINT group_assignment_ended CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
        CONSTRAINT group_assignment_period CHECK (ended_at IS NULL OR ended_at >= started_at)
      );
      -- at most one active leader and one active deputy per group or team,
      -- and one active assignment per member in each
      CREATE UNIQUE INDEX group_assignment_group_role ON group_assignment (party_group_id, role)
        WHERE ended_at IS NULL AND role <> 'MEMBER' AND party_group_id IS NOT NULL;
      CREATE UNIQUE INDEX group_assignment_team_role ON group_assignment (team_id, role)
        WHERE ended_at IS NULL AND role <> 'MEMBER' AND team_id IS NOT NULL;
      CREATE UNIQUE INDEX group_assignment_group_member ON group_assignment (party_group_id, member_id)
        WHERE ended_at IS NULL AND party_group_id IS NOT NULL;
      CREATE UNIQUE INDEX group_assignment_team_member ON group_assignment (team_id, member_id)
        WHERE ended_at IS NULL AND team_id IS NOT NULL;
      CREATE INDEX group_assignment_member_idx ON group_assignment (member_id) WHERE ended_at IS NULL;
      CREATE INDEX group_assignment_group_idx ON group_assignment (party_group_id, started_at);
      CREATE INDEX group_assignment_team_idx ON group_assignment (team_id, started_at);

      -- History is appended, never overwritten: a row may only be ended, once.
      CREATE FUNCTION group_assignment_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.ended_at IS NOT NULL
           OR (NEW.id, NEW.member_id, NEW.party_group_id, NEW.team_id, NEW.role, NEW.started_at)
              IS DISTINCT FROM (OLD.id, OLD.member_id, OLD.party_group_id, OLD.team_id, OLD.role, OLD.started_at)
        THEN
          RAISE EXCEPTION 'group_assignment rows can only be ended, once' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER group_assignment_history BEFORE UPDATE OR DELETE ON group_assignment
        FOR EACH ROW EXECUTE FUNCTION group_assignment_append_only();

      -- A seconded member serves only in the community of their active
      -- secondment: when it ends, so do their groups and squads there.
      CREATE FUNCTION secondment_end_assignments() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE group_assignment a SET ended_at = greatest(now(), a.started_at), end_reason = 'SECONDMENT_ENDED'
         WHERE a.member_id = NEW.member_id AND a.ended_at IS NULL
           AND (a.party_group_id IN (SELECT id FROM party_group WHERE community_id = NEW.community_id)
             OR a.team_id IN (SELECT id FROM team WHERE community_id = NEW.community_id));
        RETURN NEW;
      END $$;
      CREATE TRIGGER secondment_ended AFTER UPDATE OF status ON secondment
        FOR EACH ROW WHEN (OLD.status = 'ACTIVE' AND NEW.status = 'ENDED')
        EXECUTE FUNCTION secondment_end_assignments();

      -- The grants an account holds now: the stored ones, plus GROUP_LEADER for
      -- every open-branch party group whose active leader or deputy is the
      -- member the account signs in as. Losing the role removes the scope in
      -- the same transaction; nothing has to be kept in sync.
      CREATE VIEW active_role_grant AS
        SELECT g.account_id, g.role, g.community_id, g.unit_id, g.member_id, NULL::uuid AS party_group_id
          FROM role_grant g
         WHERE g.revoked_at IS NULL
        UNION ALL
        SELECT DISTINCT g.account_id, 'GROUP_LEADER', NULL::uuid, NULL::uuid, NULL::uuid, a.party_group_id
          FROM role_grant g
          JOIN group_assignment a ON a.member_id = g.member_id
          JOIN party_group pg ON pg.id = a.party_group_id
          JOIN temporary_branch b ON b.id = pg.branch_id
         WHERE g.revoked_at IS NULL AND g.role = 'MEMBER'
           AND a.ended_at IS NULL AND a.role IN ('LEADER', 'DEPUTY')
           AND b.status = 'OPEN';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP VIEW active_role_grant;
      DROP TRIGGER secondment_ended ON secondment;
      DROP FUNCTION secondment_end_assignments();
      DROP TRIGGER group_assignment_history ON group_assignment;
      DROP FUNCTION group_assignment_append_only();
      DROP TABLE group_assignment, team, party_group, temporary_branch, secondment, rotation_batch;
      ALTER TABLE community DROP COLUMN re_report_interval_months, DROP COLUMN receipt_sequence;
    `);
  }
}
