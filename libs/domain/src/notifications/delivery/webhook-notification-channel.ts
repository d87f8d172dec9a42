import { createHmac } from 'node:crypto';
import type { NotificationWebhook } from '#core';
import {
  NotificationChannel,
  NotificationDeliveryError,
  type RenderedNotification,
} from './notification-channel.js';

export const SIGNATURE_HEADER = 'x-vanguard-signature';
export const TIMESTAMP_HEADER = 'x-vanguard-timestamp';

/**
 * The signature of a request: HMAC-SHA256 with the shared secret over
 * `<timestamp>.<body>`, the body's exact bytes. Signing the timestamp with
 * the body lets the gateway refuse a captured request replayed later
 * (docs/notification-webhook.md has the gateway's side).
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Posts each message as JSON to an SMS or app gateway, signed. The gateway
 * answers 2xx once it has taken the message; anything else (another status,
 * a timeout, no connection) throws a code, so the job is retried with
 * backoff. The gateway may see a message twice (a retry after an answer
 * that was lost), so it should drop repeats by the notification id.
 */
export class WebhookNotificationChannel extends NotificationChannel {
  readonly name = 'WEBHOOK';

  constructor(private readonly settings: NotificationWebhook) {
    super();
  }

  async deliver(message: RenderedNotification): Promise<void> {
    const body = JSON.stringify({
      id: message.notificationId,
      template: message.template,
      text: message.text,
      recipient: message.recipient,
    });
    // Wall-clock time, not the domain clock: the gateway compares it with its own.
    const timestamp = String(Math.floor(Date.now() / 1000));
    let status: number;
    try {
      const response = await fetch(this.settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: webhookSignature(this.settings.secret, timestamp, body),
        },
        body,
        // a redirect would send the phone somewhere not configured
        redirect: 'error',
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      status = response.status;
      await response.body?.cancel(); // the answer's content is not used; free the connection
    } catch (error) {
      // never the error's own message: it may name the URL's credentials or echo the body
      throw new NotificationDeliveryError(
        error instanceof DOMException && error.name === 'TimeoutError'
          ? 'WEBHOOK_TIMEOUT'
          : 'WEBHOOK_UNREACHABLE',
      );
    }
    if (status < 200 || status > 299) {
      throw new NotificationDeliveryError(`WEBHOOK_HTTP_${String(status)}`);
    }
  }
}
