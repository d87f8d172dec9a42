import type { Logger } from '#core';
import { NotificationChannel, type RenderedNotification } from './notification-channel.js';

/** The default channel: records that a message went out, never to whom or what it said. */
export class LogNotificationChannel extends NotificationChannel {
  readonly name = 'LOG';

  constructor(private readonly logger: Logger) {
    super();
  }

  deliver(message: RenderedNotification): Promise<void> {
    // debug, as any routine per-job line: seeding the demo sends one per member
    this.logger.debug(
      {
        template: message.template,
        notificationId: message.notificationId,
        length: message.text.length,
      },
      'notification sent (log channel)',
    );
    return Promise.resolve();
  }
}
