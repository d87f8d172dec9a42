import { Module } from '@nestjs/common';
import { LiveEvents } from './live-events.js';

/** Live events, for the features that change the board or tell members (the bus is the queue module's). */
@Module({ providers: [LiveEvents], exports: [LiveEvents] })
export class LiveModule {}
