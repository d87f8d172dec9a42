import pg from 'pg';
import { now } from './stats.js';

/** How a published task's dispatch ended, and when (stats.now clock). */
export interface Dispatched {
  readonly at: number;
  readonly outcome: 'OFFERS' | 'ESCALATED';
}

/**
 * Sees the moment a task's first offers are persisted, without polling:
 * a statement trigger on task_offer, installed in the benchmark database
 * only, notifies the task ids its statement inserted, and PostgreSQL
 * delivers a notification when the writing transaction commits, which is
 * exactly "offers persisted". A task for which the dispatcher finds nobody
 * is escalated instead (to its courtyard's group leader, later to the
 * committee, and UNFILLED), seen the same way when its escalation starts. Its cost (one pg_notify per task and
 * statement, inside the dispatcher's transaction) is counted against
 * dispatch, not the baseline: the ratio can only be understated by it.
 */
export class OfferProbe {
  private readonly seen = new Map<string, Dispatched>();
  private readonly waiting = new Map<string, () => void>();
  /** When the last dispatch was seen (stats.now clock). */
  lastSeenAt = now();

  private constructor(private readonly client: pg.Client) {}

  /** Installs the trigger (as the schema owner, `owner`) and listens on `url`. */
  static async start(owner: pg.Client, url: string): Promise<OfferProbe> {
    await owner.query(`
      CREATE OR REPLACE FUNCTION bench_offers_persisted() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE task uuid;
      BEGIN
        FOR task IN SELECT DISTINCT task_id FROM added LOOP
          PERFORM pg_notify('bench_offers', task::text);
        END LOOP;
        RETURN NULL;
      END $$;
      DROP TRIGGER IF EXISTS bench_offers_persisted ON task_offer;
      CREATE TRIGGER bench_offers_persisted AFTER INSERT ON task_offer
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT
        EXECUTE FUNCTION bench_offers_persisted();
      CREATE OR REPLACE FUNCTION bench_task_escalated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('bench_offers', 'ESCALATED ' || NEW.id);
        RETURN NULL;
      END $$;
      DROP TRIGGER IF EXISTS bench_task_escalated ON task;
      CREATE TRIGGER bench_task_escalated AFTER UPDATE OF status, escalation ON task
        FOR EACH ROW WHEN ((OLD.escalation = 'NONE' AND NEW.escalation <> 'NONE')
                           OR (NEW.status = 'UNFILLED' AND OLD.status <> 'UNFILLED'))
        EXECUTE FUNCTION bench_task_escalated();
    `);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const probe = new OfferProbe(client);
    client.on('notification', ({ payload }) => {
      if (payload) probe.offered(payload);
    });
    await client.query('LISTEN bench_offers');
    return probe;
  }

  private offered(payload: string): void {
    const [taskId = '', outcome]: string[] = payload.startsWith('ESCALATED ')
      ? [payload.slice('ESCALATED '.length), 'ESCALATED']
      : [payload, 'OFFERS'];
    if (this.seen.has(taskId)) return;
    this.lastSeenAt = now();
    this.seen.set(taskId, { at: now(), outcome: outcome as Dispatched['outcome'] });
    this.waiting.get(taskId)?.();
    this.waiting.delete(taskId);
  }

  /** When and how the task's dispatch was committed; waits for it. */
  async dispatched(taskId: string): Promise<Dispatched> {
    let seen = this.seen.get(taskId);
    if (!seen) {
      await new Promise<void>((resolve) => this.waiting.set(taskId, resolve));
      seen = this.seen.get(taskId);
    }
    if (!seen) throw new Error(`task ${taskId} woken without a dispatch`);
    return seen;
  }

  async stop(owner: pg.Client): Promise<void> {
    await this.client.end();
    await owner.query(`DROP TRIGGER IF EXISTS bench_offers_persisted ON task_offer;
                       DROP TRIGGER IF EXISTS bench_task_escalated ON task`);
  }
}
