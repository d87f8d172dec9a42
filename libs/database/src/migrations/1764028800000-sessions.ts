import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in sessions. An access token names its session, and the per-request
 * actor statement refuses a revoked one, so logout, a detected refresh-token
 * reuse, a disabled account or a password change stop every token of that
 * session at once instead of when it expires. Refresh-token families become
 * the session's tokens: revocation now lives on the session alone.
 */
export class Sessions1764028800000 implements MigrationInterface {
  name = 'Sessions1764028800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES account (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoke_reason text CHECK (revoke_reason IN
          ('LOGOUT', 'REFRESH_REUSED', 'ACCOUNT_DISABLED', 'PASSWORD_CHANGED', 'PASSWORD_RESET')),
        CONSTRAINT auth_session_revoked CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
      );
      CREATE INDEX auth_session_account_idx ON auth_session (account_id) WHERE revoked_at IS NULL;

      -- every existing refresh-token family becomes a session, revoked when all its tokens were
      INSERT INTO auth_session (id, account_id, created_at, revoked_at, revoke_reason)
      SELECT family_id, min(account_id::text)::uuid, min(created_at),
             CASE WHEN bool_and(revoked_at IS NOT NULL) THEN max(revoked_at) END,
             CASE WHEN bool_and(revoked_at IS NOT NULL) THEN 'LOGOUT' END
        FROM refresh_token GROUP BY family_id;

      ALTER TABLE refresh_token RENAME COLUMN family_id TO session_id;
      ALTER TABLE refresh_token DROP COLUMN revoked_at,
        ADD CONSTRAINT refresh_token_session_fk FOREIGN KEY (session_id) REFERENCES auth_session (id);
      ALTER INDEX refresh_token_family_idx RENAME TO refresh_token_session_idx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE refresh_token DROP CONSTRAINT refresh_token_session_fk, ADD COLUMN revoked_at timestamptz;
      UPDATE refresh_token t SET revoked_at = s.revoked_at FROM auth_session s WHERE s.id = t.session_id;
      ALTER TABLE refresh_token RENAME COLUMN session_id TO family_id;
      ALTER INDEX refresh_token_session_idx RENAME TO refresh_token_family_idx;
      DROP TABLE auth_session;
    `);
  }
}
