import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who an access token stands for (its account, its session and the account's
 * grants, stored or derived from group leadership) is read from the tables
 * below, and the API keeps what it read per session. So every change that can
 * alter it is announced on announced, delivered when the
 * writing transaction commits (to the writer's own connection before its
 * COMMIT returns). The notification goes out on the apps' change channel as
 * `actor:<account id>`, or as `actor:` alone when a change may touch anyone
 * (a branch dissolved, a group moved, a table emptied). Changes that cannot alter an existing actor (a new account
 * or session, a new password, a renamed branch) announce nothing.
 */
const ROW_TRIGGERS: ReadonlyArray<readonly [table: string, events: string]> = [
  ['account', 'UPDATE OR DELETE'],
  ['auth_session', 'UPDATE OR DELETE'],
  ['role_grant', 'INSERT OR UPDATE OR DELETE'],
  ['group_assignment', 'INSERT OR UPDATE OR DELETE'],
  ['party_group', 'UPDATE OF id, branch_id OR DELETE'],
  ['temporary_branch', 'UPDATE OF id, status OR DELETE'],
];

export class ActorChanges1764028803000 implements MigrationInterface {
  name = 'ActorChanges1764028803000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_actor_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed jsonb[] := ARRAY[]::jsonb[];
        r jsonb;
      BEGIN
        IF TG_LEVEL = 'STATEMENT' THEN
          PERFORM pg_notify('vanguard_changes', 'actor:');
          RETURN NULL;
        END IF;
        IF TG_OP <> 'INSERT' THEN changed := changed || to_jsonb(OLD); END IF;
        IF TG_OP <> 'DELETE' THEN changed := changed || to_jsonb(NEW); END IF;
        FOREACH r IN ARRAY changed LOOP
          CASE TG_TABLE_NAME
            WHEN 'account' THEN
              PERFORM pg_notify('vanguard_changes', 'actor:' || (r->>'id'));
            WHEN 'auth_session', 'role_grant' THEN
              PERFORM pg_notify('vanguard_changes', 'actor:' || (r->>'account_id'));
            WHEN 'group_assignment' THEN
              -- A leadership derives a GROUP_LEADER grant for the accounts
              -- holding the member. Looking those up here would miss a MEMBER
              -- grant committed by another transaction meanwhile, so a change
              -- of leadership (rare) forgets everyone instead.
              IF r->>'role' IN ('LEADER', 'DEPUTY') THEN
                PERFORM pg_notify('vanguard_changes', 'actor:');
              END IF;
            ELSE
              PERFORM pg_notify('vanguard_changes', 'actor:');
          END CASE;
        END LOOP;
        RETURN NULL;
      END $$;
    `);
    for (const [table, events] of ROW_TRIGGERS) {
      await q.query(`
        CREATE TRIGGER ${table}_actor_changed AFTER ${events} ON ${table}
          FOR EACH ROW EXECUTE FUNCTION notify_actor_changed();
        CREATE TRIGGER ${table}_actors_truncated AFTER TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION notify_actor_changed();
      `);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of ROW_TRIGGERS) {
      await q.query(`
        DROP TRIGGER ${table}_actor_changed ON ${table};
        DROP TRIGGER ${table}_actors_truncated ON ${table};
      `);
    }
    await q.query(`DROP FUNCTION notify_actor_changed();`);
  }
}
