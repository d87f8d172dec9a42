import DataLoader from 'dataloader';
import type { Actor } from '#core';

/**
 * A feature's per-request loaders, built by a provider of that feature's
 * folder (`members/member.loaders.ts`, …). The request holds one
 * `RequestLoaders`; a feature's set is built on first use and kept for the
 * request, so a feature adds its loaders without any central list and a
 * request that touches one feature builds nothing for the others.
 */
export abstract class FeatureLoaders<T extends object> {
  /** Builds this feature's loaders for one request's actor (null when anonymous). */
  protected abstract create(actor: Actor | null): T;

  /** This feature's loaders for the request. */
  of(request: RequestLoaders): T {
    return request.built(this, (actor) => this.create(actor));
  }
}

/** The one loader factory of a request: the feature sets it has built so far. */
export class RequestLoaders {
  private readonly sets = new Map<object, unknown>();

  constructor(private readonly actor: Actor | null) {}

  /** @internal used by FeatureLoaders.of */
  built<T>(feature: object, create: (actor: Actor | null) => T): T {
    if (this.sets.has(feature)) return this.sets.get(feature) as T;
    const set = create(this.actor);
    this.sets.set(feature, set);
    return set;
  }
}

/** The actor of a scoped loader; field resolvers behind a policy always have one. */
export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new Error('scoped loader used without an actor');
  return actor;
}

/** Rows in the order of the ids asked for; null where none was found (or it is out of scope). */
export function byId<T extends { id: string }>(
  rows: readonly T[],
  ids: readonly string[],
): (T | null)[] {
  const map = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => map.get(id) ?? null);
}

/** Rows grouped under the ids asked for, in the rows' order. */
export function grouped<T>(
  rows: readonly T[],
  ids: readonly string[],
  key: (row: T) => string,
): T[][] {
  const map = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) map.get(key(row))?.push(row);
  return ids.map((id) => map.get(id) ?? []);
}

/** A loader of records by id, batched into one read per tick. */
export function loaderById<T extends { id: string }>(
  read: (ids: readonly string[]) => Promise<readonly T[]>,
): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => byId(await read(ids), ids));
}

/** A loader of the records under each parent id, batched into one read per tick. */
export function loaderOfMany<T>(
  read: (ids: readonly string[]) => Promise<readonly T[]>,
  parentId: (row: T) => string,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (ids) => grouped(await read(ids), ids, parentId));
}

/** Loads many ids and keeps the records that exist (a pairing may point at a unit just removed from scope). */
export async function loadPresent<T>(
  loader: DataLoader<string, T | null>,
  ids: readonly string[],
): Promise<T[]> {
  const results = await loader.loadMany(ids);
  return results.filter((r): r is Awaited<T> => r !== null && !(r instanceof Error));
}

/**
 * An object whose properties are built on first read. A request touches one
 * or two loaders; building all of them for each request is waste.
 */
export function lazily<T extends object>(factories: { [K in keyof T]: () => T[K] }): T {
  const target = {} as T;
  for (const key of Object.keys(factories) as (keyof T)[]) {
    Object.defineProperty(target, key, {
      configurable: true,
      get: () => {
        const value = factories[key]();
        Object.defineProperty(target, key, { value });
        return value;
      },
    });
  }
  return target;
}
