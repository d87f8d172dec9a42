const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A record id (RFC 4122 text form, either case): checked before it reaches SQL or a job. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
