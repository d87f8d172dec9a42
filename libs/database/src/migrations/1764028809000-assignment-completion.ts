import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A completed task completes the bookings still live on it: those members
 * did the work. A recorded no-show, a withdrawal or a cancellation stays as
 * it was. A trigger, like the end of a secondment ending its assignments, so
 * that no path to COMPLETED can leave a booking live; like that one, it
 * stamps the database's time, which the domain clock equals outside tests.
 */
export class AssignmentCompletion1764028809000 implements MigrationInterface {
  name = 'AssignmentCompletion1764028809000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION task_complete_assignments() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE assignment SET status = 'COMPLETED', ended_at = now()
         WHERE task_id = NEW.id AND status = 'ACCEPTED';
        RETURN NEW;
      END $$;
      CREATE TRIGGER task_completed AFTER UPDATE OF status ON task
        FOR EACH ROW WHEN (OLD.status <> 'COMPLETED' AND NEW.status = 'COMPLETED')
        EXECUTE FUNCTION task_complete_assignments();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER task_completed ON task;
      DROP FUNCTION task_complete_assignments();
    `);
  }
}
