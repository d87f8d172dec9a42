import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foundation schema: organisation (community, courtyard, unit, pairing),
 * members with encrypted personal data, accounts and scoped role grants,
 * refresh-token families, the append-only audit log and the job outbox.
 */
export class Foundation1763856000000 implements MigrationInterface {
  name = 'Foundation1763856000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE community (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        time_zone text NOT NULL DEFAULT 'Asia/Shanghai',
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX community_name_key ON community (name);

      CREATE TABLE courtyard (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES community (id),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        kind text NOT NULL CHECK (kind IN ('COMPOUND', 'UNIT_FAMILY_COURTYARD', 'BUILDING')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT courtyard_name_key UNIQUE (community_id, name),
        -- lets a member's (community, courtyard) pair be checked by one foreign key
        CONSTRAINT courtyard_community_key UNIQUE (community_id, id)
      );

      CREATE TABLE unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        kind text NOT NULL CHECK (kind IN ('GOVERNMENT_ORGAN', 'PUBLIC_INSTITUTION', 'STATE_ENTERPRISE', 'OTHER')),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX unit_name_key ON unit (name);

      CREATE TABLE unit_community_pairing (
        unit_id uuid NOT NULL REFERENCES unit (id),
        community_id uuid NOT NULL REFERENCES community (id),
        paired_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (unit_id, community_id)
      );
      CREATE INDEX unit_community_pairing_community_idx ON unit_community_pairing (community_id);

      CREATE TABLE member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('RESIDENT', 'SECONDED')),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 64),
        gender text NOT NULL CHECK (gender IN ('MALE', 'FEMALE')),
        birth_date date NOT NULL,
        phone_cipher bytea NOT NULL,
        phone_hash bytea NOT NULL,
        id_number_cipher bytea NOT NULL,
        id_number_hash bytea NOT NULL,
        residence_community_id uuid REFERENCES community (id),
        residence_courtyard_id uuid,
        unit_id uuid REFERENCES unit (id),
        skills text[] NOT NULL DEFAULT '{}',
        -- weekly availability as minutes since Monday 00:00 in the community's time zone
        availability int4multirange NOT NULL DEFAULT '{}',
        physical_condition text NOT NULL CHECK (physical_condition IN ('GOOD', 'LIMITED', 'FRAIL')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT member_courtyard_fk FOREIGN KEY (residence_community_id, residence_courtyard_id)
          REFERENCES courtyard (community_id, id),
        -- a seconded member belongs to a work unit; a resident member lives in a community
        CONSTRAINT member_unit_by_kind CHECK ((kind = 'SECONDED') = (unit_id IS NOT NULL)),
        CONSTRAINT member_resident_community CHECK (kind = 'SECONDED' OR residence_community_id IS NOT NULL),
        CONSTRAINT member_availability_week CHECK (availability <@ int4multirange(int4range(0, 10080)))
      );
      CREATE UNIQUE INDEX member_id_number_hash_key ON member (id_number_hash);
      CREATE INDEX member_phone_hash_idx ON member (phone_hash);
      CREATE INDEX member_residence_community_idx ON member (residence_community_id, name);
      CREATE INDEX member_unit_idx ON member (unit_id, name);
      CREATE INDEX member_skills_idx ON member USING gin (skills);
      CREATE INDEX member_availability_idx ON member USING gist (availability);

      CREATE TABLE account (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL CHECK (char_length(username) BETWEEN 3 AND 64),
        password_hash text NOT NULL,
        failed_login_count integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX account_username_key ON account (lower(username));

      CREATE TABLE role_grant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES account (id),
        -- GROUP_LEADER is never stored: it follows from leading a party group
        -- (see the active_role_grant view of the organisation migration)
        role text NOT NULL CHECK (role IN ('OPERATOR', 'COMMUNITY_ADMIN', 'MEMBER', 'UNIT_HR')),
        community_id uuid REFERENCES community (id),
        unit_id uuid REFERENCES unit (id),
        member_id uuid REFERENCES member (id),
        granted_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        -- each role is scoped to exactly the one thing it names (OPERATOR to nothing)
        CONSTRAINT role_grant_scope CHECK (
          num_nonnulls(community_id, unit_id, member_id) = CASE WHEN role = 'OPERATOR' THEN 0 ELSE 1 END
          AND (role <> 'COMMUNITY_ADMIN' OR community_id IS NOT NULL)
          AND (role <> 'UNIT_HR' OR unit_id IS NOT NULL)
          AND (role <> 'MEMBER' OR member_id IS NOT NULL)
        )
      );
      CREATE INDEX role_grant_account_idx ON role_grant (account_id) WHERE revoked_at IS NULL;

      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES account (id),
        family_id uuid NOT NULL,
        token_hash bytea NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE UNIQUE INDEX refresh_token_hash_key ON refresh_token (token_hash);
      CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);

      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        account_id uuid,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text,
        request_id text
      );
      CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
      CREATE INDEX audit_log_account_idx ON audit_log (account_id, occurred_at);

      -- The audit log is append-only for everyone, the owner and superusers
      -- included (a REVOKE alone does not bind them).
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

      CREATE TABLE outbox_message (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        -- the BullMQ job id: random, so a database restored from a backup (its
        -- identity rewound) can never collide with jobs Redis still holds
        job_id uuid NOT NULL DEFAULT gen_random_uuid(),
        queue text NOT NULL,
        job_name text NOT NULL,
        payload jsonb NOT NULL,
        available_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz
      );
      CREATE INDEX outbox_message_pending_idx ON outbox_message (id) WHERE relayed_at IS NULL;

      CREATE TABLE notification_delivery (
        idempotency_key text PRIMARY KEY,
        member_id uuid NOT NULL REFERENCES member (id),
        channel text NOT NULL CHECK (channel IN ('SMS')),
        template text NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE notification_delivery, outbox_message;
      DROP TABLE audit_log;
      DROP FUNCTION audit_log_append_only();
      DROP TABLE refresh_token, role_grant, account, member, unit_community_pairing, unit, courtyard, community;
    `);
  }
}
