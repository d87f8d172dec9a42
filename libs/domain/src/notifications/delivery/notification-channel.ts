import type { NotificationChannelName, NotificationTemplate } from '../notification-template.js';

/** Who a rendered message goes to: a member's phone, or a community's committee by id. */
export type ChannelRecipient =
  | { readonly kind: 'MEMBER'; readonly memberId: string; readonly phone: string }
  | { readonly kind: 'COMMITTEE'; readonly communityId: string };

/** A message ready to go out. It exists only in the handler's memory while it is delivered. */
export interface RenderedNotification {
  readonly notificationId: string;
  readonly template: NotificationTemplate;
  /** zh-CN text. */
  readonly text: string;
  readonly recipient: ChannelRecipient;
}

/**
 * Where messages leave the system: a log line in development, a signed
 * webhook to an SMS or app gateway in production (NOTIFICATION_CHANNEL).
 * `deliver` resolves once the message is accepted and throws otherwise, so
 * that the job is retried; a channel never logs the phone or the text.
 */
export abstract class NotificationChannel {
  abstract readonly name: NotificationChannelName;
  abstract deliver(message: RenderedNotification): Promise<void>;
}

/**
 * A delivery that failed, with a code safe to store and show operators
 * (`WEBHOOK_HTTP_503`, `WEBHOOK_TIMEOUT`): never a gateway's own words,
 * which could quote the number or the text.
 */
export class NotificationDeliveryError extends Error {
  constructor(readonly code: string) {
    super(`notification delivery failed: ${code}`);
    this.name = 'NotificationDeliveryError';
  }
}
