import type { Readable } from 'node:stream';

/**
 * Where the system keeps files (duty-log photos, report exports): a port,
 * so that a deployment can put them on a local disk or an object store
 * without the features knowing. Keys are the system's own (`photos/<id>`),
 * never a user's file name.
 */
export abstract class ObjectStore {
  /** Stores the body under the key, whole or not at all (a reader never sees half a file). */
  abstract put(key: string, body: Buffer | Readable): Promise<void>;
  /** The stored bytes, or undefined when nothing is stored under the key. */
  abstract get(key: string): Promise<Readable | undefined>;
  /** Removes the key's file; nothing happens when there is none. */
  abstract delete(key: string): Promise<void>;
}

/** `photos/0b6c…`, `exports/2026/….xlsx`: lower-case segments that cannot climb out of the store. */
const KEY = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9]+)?(\/[a-z0-9][a-z0-9_-]*(\.[a-z0-9]+)?)*$/;

export function checkedKey(key: string): string {
  if (!KEY.test(key) || key.length > 200) throw new Error(`not a storage key: ${key}`);
  return key;
}
