import { Injectable } from '@nestjs/common';
import { CommonErrors, isOperator, type Actor, type Page, type PageRequest } from '#core';
import { UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { JOBS, Outbox } from '#queue';
import { Notification } from './notification.entity.js';
import { notificationSendKey } from './notification-template.js';
import { NotificationsErrors } from './notifications.errors.js';

/**
 * Notifications the gateway never took (DEAD after the send job's last
 * attempt), for operators: they run the gateway, so they alone see the
 * list and send one again once the gateway is back. The rows hold ids and
 * an error code, no phone and no text.
 */
@Injectable()
export class NotificationDeadLetters {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  /** Newest first. */
  async deadLetters(actor: Actor, page: PageRequest): Promise<Page<Notification>> {
    if (!isOperator(actor)) throw CommonErrors.forbidden();
    const [items, totalCount] = await this.uow.repository(Notification).findAndCount({
      where: { status: 'DEAD' },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: page.first,
      skip: page.offset,
    });
    return { items, totalCount };
  }

  /**
   * Queues a dead letter again with a fresh count of attempts: a new send
   * job (the failed one stays on the queue dashboard as it ended). Audited.
   */
  async retry(actor: Actor, id: string): Promise<Notification> {
    if (!isOperator(actor)) throw CommonErrors.forbidden();
    return this.uow.run(async () => {
      const repository = this.uow.repository(Notification);
      const notification = await repository.findOne({
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!notification) throw NotificationsErrors.notificationNotFound();
      if (notification.status !== 'DEAD') throw NotificationsErrors.notDead();
      notification.status = 'PENDING';
      notification.attempts = 0;
      await repository.update({ id }, { status: notification.status, attempts: 0 });
      await this.outbox.enqueue(JOBS.notificationSend, {
        notificationId: id,
        idempotencyKey: notificationSendKey(id),
      });
      await this.audit.record(actor, {
        action: 'notification.retry',
        entity: 'Notification',
        entityId: id,
      });
      return notification;
    });
  }
}
