import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, type Logger } from '#core';
import { UnitOfWork } from '#database';
import { LiveEvents } from '#domain/live';
import { CallUpQueries } from './call-up-queries.service.js';

/**
 * How long the counts of one call-up may lag its answers on the live board:
 * answers within this window are announced together, so 10,000 members
 * answering in a minute cost this process at most 240 counts, not 10,000.
 */
export const ROLL_CALL_COALESCE_MS = 250;

/**
 * Announces a call-up's roll-call counts on its community's board after its
 * answers commit, at most once per ROLL_CALL_COALESCE_MS per call-up and
 * process. Each announcement carries the database's time of its read: two
 * reads may reach a board out of order (two API processes, a slow read),
 * and the one with the later time is exact, since it saw every answer
 * committed before it.
 */
@Injectable()
export class RollCallEvents implements OnApplicationShutdown {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: CallUpQueries,
    private readonly live: LiveEvents,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The roll-call of `callUpId` changed in the current transaction (or just now). */
  changed(callUpId: string, communityId: string): void {
    this.uow.afterCommit(() => {
      if (this.pending.has(callUpId)) return;
      const timer = setTimeout(() => {
        this.pending.delete(callUpId);
        this.announce(callUpId, communityId).catch((error: unknown) => {
          this.logger.warn({ err: error, callUpId }, 'roll-call counts not announced');
        });
      }, ROLL_CALL_COALESCE_MS);
      timer.unref();
      this.pending.set(callUpId, timer);
    });
  }

  private async announce(callUpId: string, communityId: string): Promise<void> {
    const { at, ...counts } = await this.queries.counts(callUpId);
    this.live.board({ kind: 'ROLL_CALL', communityId, callUpId, counts, at });
  }

  onApplicationShutdown(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
