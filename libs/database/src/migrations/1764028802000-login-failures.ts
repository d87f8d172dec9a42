import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The grants view as the organisation migration made it, with `grant_id`
 * appended (CREATE OR REPLACE VIEW may only add columns at the end).
 */
function activeRoleGrantView(withGrantId: boolean): string {
  const stored = withGrantId ? ', g.id AS grant_id' : '';
  const derived = withGrantId ? ', NULL::uuid' : '';
  return `
    SELECT g.account_id, g.role, g.community_id, g.unit_id, g.member_id, NULL::uuid AS party_group_id${stored}
      FROM role_grant g
     WHERE g.revoked_at IS NULL
    UNION ALL
    SELECT DISTINCT g.account_id, 'GROUP_LEADER', NULL::uuid, NULL::uuid, NULL::uuid, a.party_group_id${derived}
      FROM role_grant g
      JOIN group_assignment a ON a.member_id = g.member_id
      JOIN party_group pg ON pg.id = a.party_group_id
      JOIN temporary_branch b ON b.id = pg.branch_id
     WHERE g.revoked_at IS NULL AND g.role = 'MEMBER'
       AND a.ended_at IS NULL AND a.role IN ('LEADER', 'DEPUTY')
       AND b.status = 'OPEN'`;
}

/**
 * Failed logins are counted per account and client address, not per account:
 * a stranger guessing the operator's password locks only the stranger's
 * address out, while the operator still signs in from theirs. The account's
 * own counter and lock go. Role grants show their id, so an operator can name
 * the one to revoke; derived GROUP_LEADER grants have none.
 */
export class LoginFailures1764028802000 implements MigrationInterface {
  name = 'LoginFailures1764028802000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_failure (
        account_id uuid NOT NULL REFERENCES account (id),
        address inet NOT NULL,
        -- wrong passwords in a row from this address since the last lockout or success
        failure_count integer NOT NULL CHECK (failure_count >= 0),
        locked_until timestamptz,
        PRIMARY KEY (account_id, address)
      );

      -- A lock without an address cannot be carried over; it lasted minutes anyway.
      ALTER TABLE account DROP COLUMN failed_login_count, DROP COLUMN locked_until;

      CREATE OR REPLACE VIEW active_role_grant AS ${activeRoleGrantView(true)};
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP VIEW active_role_grant;
      CREATE VIEW active_role_grant AS ${activeRoleGrantView(false)};
      ALTER TABLE account
        ADD COLUMN failed_login_count integer NOT NULL DEFAULT 0,
        ADD COLUMN locked_until timestamptz;
      DROP TABLE login_failure;
    `);
  }
}
