import type { DomainError } from '#core';

/**
 * Some failures must be remembered even though the call fails: a wrong
 * password counts towards the lockout, a reused refresh token revokes its
 * session. The unit of work returns such a failure instead of throwing it, so
 * its writes commit, and the error is thrown afterwards.
 */
export type Outcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T>(error: DomainError): Outcome<T> => ({ ok: false, error });

export function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
