import { Injectable } from '@nestjs/common';
import type { Actor } from '#core';
import { sql, UnitOfWork, type Sql } from '#database';

/** Who acted: a signed-in actor, or an anonymous caller known only by request (a login attempt). */
export type AuditSubject =
  Actor | { readonly accountId: string | null; readonly requestId: string };

export interface AuditEvent {
  readonly action: string;
  readonly entity: string;
  readonly entityId?: string | null;
}

/**
 * Writes the audit log. Called inside the unit of work of a mutation, so the
 * line commits or rolls back with the change it records.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly uow: UnitOfWork) {}

  async record(subject: AuditSubject, event: AuditEvent): Promise<void> {
    await this.uow.query(sql`
      INSERT INTO audit_log (account_id, action, entity, entity_id, request_id)
      VALUES (${subject.accountId}::uuid, ${event.action}, ${event.entity},
              ${event.entityId ?? null}::text, ${subject.requestId})`);
  }

  /**
   * Audit lines as a statement fragment, one per id that `ids` selects,
   * for a read that records its own audit in the statement that reads (a
   * data-modifying CTE), instead of costing a second round trip.
   */
  insertFor(subject: AuditSubject, event: Omit<AuditEvent, 'entityId'>, ids: Sql): Sql {
    return sql`INSERT INTO audit_log (account_id, action, entity, entity_id, request_id)
      SELECT ${subject.accountId}::uuid, ${event.action}, ${event.entity}, audited.id::text,
             ${subject.requestId}
        FROM (${ids}) AS audited`;
  }
}
