import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '#core';
import { SmsGateway } from './sms-gateway.js';

/** Development stand-in: records that an SMS would be sent, without the number or the text. */
@Injectable()
export class LoggingSmsGateway extends SmsGateway {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {
    super();
  }

  send(_phone: string, text: string): Promise<void> {
    // debug, as any routine per-job line: seeding the demo sends one per member
    this.logger.debug({ length: text.length }, 'sms sent (development gateway)');
    return Promise.resolve();
  }
}
