import { Injectable } from '@nestjs/common';
import type { Actor } from '#core';
import { UnitOfWork } from '#database';
import { AuditEntry } from './audit-entry.entity.js';

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
    await this.recordMany(subject, [event]);
  }

  /** One INSERT for many events, e.g. every personal-data read of one request. */
  async recordMany(subject: AuditSubject, events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.uow.repository(AuditEntry).insert(
      events.map((event) => ({
        accountId: subject.accountId,
        requestId: subject.requestId,
        action: event.action,
        entity: event.entity,
        entityId: event.entityId ?? null,
      })),
    );
  }
}
