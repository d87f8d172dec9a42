import { isUuid } from '#core';

/**
 * A job carries identifiers only: the handler re-reads everything else from
 * the database. That keeps personal data (names, phones, ID numbers) out of
 * Redis, and keeps a retried job from acting on stale values.
 */
export type JobPayload = Readonly<Record<string, string>> & { readonly idempotencyKey: string };

const ID_KEY = /^[a-z][a-zA-Z]*Id$/;
const KEY_VALUE = /^[a-z][a-z0-9-]*:[0-9a-f-]{36}(?::[a-z0-9-]+)?$/i;

/** Refuses any payload that is not made of `…Id` uuids plus an idempotency key. */
export function assertIdsOnly(payload: JobPayload): void {
  for (const [key, value] of Object.entries(payload)) {
    const ok = key === 'idempotencyKey' ? KEY_VALUE.test(value) : ID_KEY.test(key) && isUuid(value);
    if (!ok) throw new Error(`Job payload field "${key}" is not an id`);
  }
}
