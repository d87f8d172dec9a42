import type { Broker } from '#queue';

/**
 * Live connections per account, counted by the broker so that the cap holds
 * across every API process. Each connection holds a lease it renews while
 * open (LiveSession's checks), so the slots of a process that died come
 * free by themselves.
 */
export class LiveSlots {
  constructor(
    private readonly broker: Broker,
    private readonly max: number,
    private readonly leaseMs: number,
  ) {}

  reserve(accountId: string, connectionId: string): Promise<boolean> {
    return this.broker.reserveLease(this.key(accountId), connectionId, this.max, this.leaseMs);
  }

  /** Extends the lease, taking it again if it lapsed meanwhile (the broker away longer than a lease). */
  renew(accountId: string, connectionId: string): Promise<void> {
    return this.broker.renewLease(this.key(accountId), connectionId, this.leaseMs);
  }

  release(accountId: string, connectionId: string): Promise<void> {
    return this.broker.releaseLease(this.key(accountId), connectionId);
  }

  private key(accountId: string): string {
    return `live:connections:${accountId}`;
  }
}
