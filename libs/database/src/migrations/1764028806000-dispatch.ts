import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Demands (点单), tasks (订单), offers and assignments: the tables dispatch
 * works on. The rules that must hold under concurrent dispatchers, claims and
 * retried jobs are constraints here, not checks in code:
 *
 * - a member is offered a task at most once per dispatch round (a replayed
 *   dispatch job finds its offer and makes no second one);
 * - a member holds at most one live assignment of a task, and no two live
 *   assignments of a member overlap in time (an exclusion constraint over
 *   the booked window, which duty-post shifts will share);
 * - a task's transitions are appended, never rewritten.
 *
 * Requester name and phone are personal data: stored only encrypted (by the
 * application's personal-data cipher), never in a job or a log.
 */
export class Dispatch1764028806000 implements MigrationInterface {
  name = 'Dispatch1764028806000';

  async up(q: QueryRunner): Promise<void> {
    // btree_gist lets the exclusion constraint compare member ids with "=";
    // it is a trusted extension, so the database owner may create it.
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS btree_gist;

      CREATE TABLE demand (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES community (id),
        courtyard_id uuid NOT NULL,
        description text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 1000),
        urgency text NOT NULL CHECK (urgency IN ('NORMAL', 'URGENT', 'EMERGENCY')),
        channel text NOT NULL CHECK (channel IN ('VISIT', 'PHONE', 'APP')),
        requester_name_cipher bytea NOT NULL,
        requester_phone_cipher bytea NOT NULL,
        status text NOT NULL DEFAULT 'OPEN'
          CHECK (status IN ('OPEN', 'ACCEPTED', 'REJECTED', 'MERGED')),
        rejection_reason text CHECK (char_length(rejection_reason) BETWEEN 1 AND 500),
        merged_into_id uuid REFERENCES demand (id),
        received_at timestamptz NOT NULL DEFAULT now(),
        recorded_by uuid REFERENCES account (id),
        decided_at timestamptz,
        decided_by uuid REFERENCES account (id),
        FOREIGN KEY (community_id, courtyard_id) REFERENCES courtyard (community_id, id),
        CONSTRAINT demand_community_key UNIQUE (community_id, id),
        CONSTRAINT demand_rejected CHECK ((status = 'REJECTED') = (rejection_reason IS NOT NULL)),
        CONSTRAINT demand_merged CHECK ((status = 'MERGED') = (merged_into_id IS NOT NULL)),
        CONSTRAINT demand_not_merged_into_itself CHECK (merged_into_id <> id),
        CONSTRAINT demand_decided CHECK ((status = 'OPEN') = (decided_at IS NULL))
      );
      CREATE INDEX demand_community_idx ON demand (community_id, status, received_at DESC);
      CREATE INDEX demand_merged_into_idx ON demand (merged_into_id) WHERE merged_into_id IS NOT NULL;

      CREATE TABLE task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES community (id),
        courtyard_id uuid NOT NULL,
        task_type_id uuid NOT NULL REFERENCES task_type (id),
        -- the demand it answers, in the same community
        demand_id uuid,
        -- copied from the type when the task is created, so that a type
        -- corrected later does not re-route tasks already out
        category text NOT NULL CHECK (category IN ('ROUTINE', 'PROFESSIONAL', 'JOINT')),
        title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 100),
        description text NOT NULL CHECK (char_length(description) <= 2000),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        -- JOINT tasks split their headcount into seconded and resident slots;
        -- other tasks have neither split
        headcount integer NOT NULL CHECK (headcount BETWEEN 1 AND 200),
        seconded_slots integer CHECK (seconded_slots >= 1),
        resident_slots integer CHECK (resident_slots >= 1),
        priority text NOT NULL CHECK (priority IN ('NORMAL', 'URGENT', 'EMERGENCY')),
        offer_timeout_minutes integer NOT NULL CHECK (offer_timeout_minutes BETWEEN 1 AND 10080),
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN
          ('DRAFT', 'DISPATCHING', 'FILLED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED', 'UNFILLED')),
        -- every publish or re-dispatch starts a new round of offers
        dispatch_round integer NOT NULL DEFAULT 0,
        -- who has been told that nobody is left: the courtyard's group leader, then the committee
        escalation text NOT NULL DEFAULT 'NONE'
          CHECK (escalation IN ('NONE', 'GROUP_LEADER', 'COMMITTEE')),
        escalated_at timestamptz,
        rating smallint CHECK (rating BETWEEN 1 AND 5),
        rating_comment text CHECK (char_length(rating_comment) <= 500),
        rated_at timestamptz,
        created_by uuid REFERENCES account (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (community_id, courtyard_id) REFERENCES courtyard (community_id, id),
        FOREIGN KEY (community_id, demand_id) REFERENCES demand (community_id, id),
        CONSTRAINT task_window CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '24 hours'),
        CONSTRAINT task_joint_slots CHECK (
          CASE WHEN category = 'JOINT'
               THEN seconded_slots IS NOT NULL AND resident_slots IS NOT NULL
                    AND seconded_slots + resident_slots = headcount
               ELSE seconded_slots IS NULL AND resident_slots IS NULL END),
        CONSTRAINT task_coordinates CHECK ((latitude IS NULL) = (longitude IS NULL)),
        CONSTRAINT task_rating CHECK ((rating IS NULL) = (rated_at IS NULL)
          AND (rating IS NULL OR status = 'COMPLETED')),
        CONSTRAINT task_escalated CHECK ((escalation = 'NONE') = (escalated_at IS NULL))
      );
      CREATE INDEX task_community_idx ON task (community_id, status, starts_at);
      CREATE INDEX task_open_idx ON task (category, starts_at) WHERE status = 'DISPATCHING';
      CREATE INDEX task_demand_idx ON task (demand_id) WHERE demand_id IS NOT NULL;
      CREATE INDEX task_type_idx ON task (task_type_id);

      -- The status history: who moved the task, when, and why (NULL account:
      -- the system, e.g. the dispatcher finding nobody left).
      CREATE TABLE task_transition (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES task (id),
        from_status text,
        to_status text NOT NULL,
        account_id uuid REFERENCES account (id),
        reason text CHECK (char_length(reason) <= 500),
        occurred_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX task_transition_task_idx ON task_transition (task_id, id);
      CREATE FUNCTION task_transition_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'task_transition rows are never changed' USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER task_transition_history BEFORE UPDATE OR DELETE ON task_transition
        FOR EACH ROW EXECUTE FUNCTION task_transition_append_only();

      CREATE TABLE task_offer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES task (id),
        member_id uuid NOT NULL REFERENCES member (id),
        round integer NOT NULL,
        -- which kind of slot the offer fills (a JOINT task has both)
        slot_kind text NOT NULL CHECK (slot_kind IN ('RESIDENT', 'SECONDED')),
        score double precision NOT NULL,
        -- why this member, as structured data: [{ "code": "SAME_COURTYARD", ... }]
        reasons jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL DEFAULT 'PENDING'
          CHECK (status IN ('PENDING', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN')),
        offered_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        answered_at timestamptz,
        CONSTRAINT task_offer_once_per_round UNIQUE (task_id, member_id, round),
        CONSTRAINT task_offer_answered CHECK ((status = 'PENDING') = (answered_at IS NULL))
      );
      CREATE INDEX task_offer_member_idx ON task_offer (member_id, status, offered_at DESC);
      CREATE INDEX task_offer_task_idx ON task_offer (task_id, status);
      CREATE INDEX task_offer_expiry_idx ON task_offer (expires_at) WHERE status = 'PENDING';

      -- A member booked for a task. Live while ACCEPTED; the window is the
      -- task's, copied so that the exclusion constraint can see it.
      CREATE TABLE assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES task (id),
        member_id uuid NOT NULL REFERENCES member (id),
        slot_kind text NOT NULL CHECK (slot_kind IN ('RESIDENT', 'SECONDED')),
        source text NOT NULL CHECK (source IN ('OFFER', 'CLAIM')),
        offer_id uuid UNIQUE REFERENCES task_offer (id),
        booked tstzrange NOT NULL CHECK (NOT isempty(booked)),
        status text NOT NULL DEFAULT 'ACCEPTED'
          CHECK (status IN ('ACCEPTED', 'WITHDRAWN', 'CANCELLED', 'NO_SHOW', 'COMPLETED')),
        accepted_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        ended_by uuid REFERENCES account (id),
        CONSTRAINT assignment_source CHECK ((source = 'OFFER') = (offer_id IS NOT NULL)),
        CONSTRAINT assignment_ended CHECK ((status = 'ACCEPTED') = (ended_at IS NULL)),
        -- no member is ever booked twice at once, however many dispatchers run
        CONSTRAINT assignment_no_double_booking
          EXCLUDE USING gist (member_id WITH =, booked WITH &&) WHERE (status = 'ACCEPTED')
      );
      CREATE UNIQUE INDEX assignment_one_live_per_task ON assignment (task_id, member_id)
        WHERE status = 'ACCEPTED';
      CREATE INDEX assignment_task_idx ON assignment (task_id, status);
      CREATE INDEX assignment_member_idx ON assignment (member_id, accepted_at DESC);

      -- A task's window as minutes since Monday 00:00 in its community's time
      -- zone, the unit members' weekly availability is kept in, so "available
      -- for the whole window" is one @>. A window that runs past Sunday
      -- midnight wraps to Monday.
      CREATE FUNCTION week_minutes(starts timestamptz, ends timestamptz, tz text)
        RETURNS int4multirange LANGUAGE sql STABLE PARALLEL SAFE AS $$
        WITH local AS (
          SELECT (extract(isodow FROM starts AT TIME ZONE tz)::int - 1) * 1440
                 + extract(hour FROM starts AT TIME ZONE tz)::int * 60
                 + extract(minute FROM starts AT TIME ZONE tz)::int AS s,
                 ceil(extract(epoch FROM ends - starts) / 60)::int AS len
        )
        SELECT CASE WHEN s + len <= 10080 THEN int4multirange(int4range(s, s + len))
                    ELSE int4multirange(int4range(s, 10080), int4range(0, s + len - 10080)) END
          FROM local
      $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION week_minutes(timestamptz, timestamptz, text);
      DROP TABLE assignment, task_offer, task_transition, task, demand;
      DROP FUNCTION task_transition_append_only();
    `);
  }
}
