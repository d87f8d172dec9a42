import DataLoader from 'dataloader';
import type { Actor, Page, PageRequest } from '#core';
import type { MemberDirectory, MemberParent, MemberView, PersonalField } from '#domain/members';
import type {
  AssignmentsService,
  BranchesService,
  GroupAssignment,
  PartyGroup,
  Team,
} from '#domain/branches';
import type {
  Community,
  Courtyard,
  OrganisationService,
  Unit,
  UnitCommunityPairing,
} from '#domain/organisation';
import type { Secondment, SecondmentService } from '#domain/secondment';

interface PagedKey {
  readonly parentId: string;
  readonly page: PageRequest;
  /** The personal fields the client asked for on this page's members. */
  readonly revealing: readonly PersonalField[];
}

/** Keys that share page arguments and asked-for fields are fetched in one statement. */
const batchKey = (key: Omit<PagedKey, 'parentId'>): string =>
  `${key.page.first}:${key.page.offset}:${key.revealing.join(',')}`;
const cacheKey = (key: PagedKey): string => `${key.parentId}:${batchKey(key)}`;

function byId<T extends { id: string }>(rows: readonly T[], ids: readonly string[]): (T | null)[] {
  const map = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => map.get(id) ?? null);
}

function grouped<T>(rows: readonly T[], ids: readonly string[], key: (row: T) => string): T[][] {
  const map = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) map.get(key(row))?.push(row);
  return ids.map((id) => map.get(id) ?? []);
}

/** Loads many ids and keeps the records that exist (a pairing may point at a unit just removed from scope). */
export async function loadPresent<T>(
  loader: DataLoader<string, T | null>,
  ids: readonly string[],
): Promise<T[]> {
  const results = await loader.loadMany(ids);
  return results.filter((r): r is Awaited<T> => r !== null && !(r instanceof Error));
}

/** The services loaders read through; each read applies the actor's scope where data is scoped. */
export interface LoaderServices {
  readonly organisation: OrganisationService;
  readonly members: MemberDirectory;
  readonly branches: BranchesService;
  readonly assignments: AssignmentsService;
  readonly secondments: SecondmentService;
}

/**
 * An object whose properties are built on first read. A request touches one
 * or two loaders; building all of them for each request is waste.
 */
function lazily<T extends object>(factories: { [K in keyof T]: () => T[K] }): T {
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

/**
 * Per-request batching: every nested field that reads the database goes
 * through one of these, so a list of N parents costs one statement per
 * field, not N.
 */
export function createLoaders(actor: Actor | null, services: LoaderServices) {
  const { organisation, members, branches, assignments, secondments } = services;
  const requireActor = (): Actor => {
    if (!actor) throw new Error('scoped loader used without an actor');
    return actor;
  };
  const pagedMembers = (parent: MemberParent) =>
    new DataLoader<PagedKey, Page<MemberView>, string>(
      async (keys) => {
        const results = new Map<string, Page<MemberView>>();
        const batches = new Map<string, Omit<PagedKey, 'parentId'> & { parentIds: string[] }>();
        for (const key of keys) {
          const batch = batches.get(batchKey(key)) ?? { ...key, parentIds: [] };
          batch.parentIds.push(key.parentId);
          batches.set(batchKey(key), batch);
        }
        for (const { page, revealing, parentIds } of batches.values()) {
          const found = await members.membersOf(requireActor(), parent, parentIds, page, revealing);
          for (const [parentId, result] of found) {
            results.set(cacheKey({ parentId, page, revealing }), result);
          }
        }
        return keys.map((k) => results.get(cacheKey(k)) ?? { items: [], totalCount: 0 });
      },
      { cacheKeyFn: cacheKey },
    );

  return lazily({
    community: () =>
      new DataLoader<string, Community | null>(async (ids) =>
        byId(await organisation.communitiesByIds(ids), ids),
      ),
    unit: () =>
      new DataLoader<string, Unit | null>(async (ids) =>
        byId(await organisation.unitsByIds(ids), ids),
      ),
    courtyardsOfCommunity: () =>
      new DataLoader<string, Courtyard[]>(async (ids) =>
        grouped(await organisation.courtyardsOf(ids), ids, (c) => c.communityId),
      ),
    pairingsOfCommunity: () =>
      new DataLoader<string, UnitCommunityPairing[]>(async (ids) =>
        grouped(
          await organisation.pairingsOf(requireActor(), 'communityId', ids),
          ids,
          (p) => p.communityId,
        ),
      ),
    pairingsOfUnit: () =>
      new DataLoader<string, UnitCommunityPairing[]>(async (ids) =>
        grouped(await organisation.pairingsOf(requireActor(), 'unitId', ids), ids, (p) => p.unitId),
      ),
    membersOfCommunity: () => pagedMembers('residenceCommunityId'),
    membersOfUnit: () => pagedMembers('unitId'),
    partyGroup: () =>
      new DataLoader<string, PartyGroup | null>(async (ids) =>
        byId(await branches.groupsByIds(ids), ids),
      ),
    team: () =>
      new DataLoader<string, Team | null>(async (ids) => byId(await branches.teamsByIds(ids), ids)),
    currentAssignmentsOfMember: () =>
      new DataLoader<string, GroupAssignment[]>(async (ids) =>
        grouped(await assignments.currentOfMembers(requireActor(), ids), ids, (a) => a.memberId),
      ),
    currentSecondmentOfMember: () =>
      new DataLoader<string, Secondment | null>(async (ids) => {
        const found = await secondments.currentOfMembers(requireActor(), ids);
        const byMember = new Map(found.map((s) => [s.memberId, s]));
        return ids.map((id) => byMember.get(id) ?? null);
      }),
    /** Members by id, one loader per set of asked-for personal fields: `member(revealing).load(id)`. */
    member: () => {
      const byFields = new Map<string, DataLoader<string, MemberView | null>>();
      return (revealing: readonly PersonalField[]) => {
        const key = revealing.join(',');
        let loader = byFields.get(key);
        if (!loader) {
          loader = new DataLoader<string, MemberView | null>(async (ids) =>
            byId(await members.membersByIds(requireActor(), ids, revealing), ids),
          );
          byFields.set(key, loader);
        }
        return loader;
      };
    },
  });
}

export type Loaders = ReturnType<typeof createLoaders>;
