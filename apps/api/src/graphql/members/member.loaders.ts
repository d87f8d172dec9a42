import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { Actor, Page, PageRequest } from '#core';
import {
  MemberDirectory,
  type MemberParent,
  type MemberView,
  type PersonalField,
} from '#domain/members';
import { byId, FeatureLoaders, lazily, requireActor } from '../common/loaders.js';

/** A page of the members under one parent (a community, a unit). */
export interface PagedMembersKey {
  readonly parentId: string;
  readonly page: PageRequest;
  /** The personal fields the client asked for on this page's members. */
  readonly revealing: readonly PersonalField[];
}

/** Keys that share page arguments and asked-for fields are fetched in one statement. */
const batchKey = (key: Omit<PagedMembersKey, 'parentId'>): string =>
  `${key.page.first}:${key.page.offset}:${key.revealing.join(',')}`;
const cacheKey = (key: PagedMembersKey): string => `${key.parentId}:${batchKey(key)}`;

function pagedMembers(members: MemberDirectory, actor: Actor | null, parent: MemberParent) {
  return new DataLoader<PagedMembersKey, Page<MemberView>, string>(
    async (keys) => {
      const results = new Map<string, Page<MemberView>>();
      const batches = new Map<
        string,
        Omit<PagedMembersKey, 'parentId'> & { parentIds: string[] }
      >();
      for (const key of keys) {
        const batch = batches.get(batchKey(key)) ?? { ...key, parentIds: [] };
        batch.parentIds.push(key.parentId);
        batches.set(batchKey(key), batch);
      }
      for (const { page, revealing, parentIds } of batches.values()) {
        const found = await members.membersOf(
          requireActor(actor),
          parent,
          parentIds,
          page,
          revealing,
        );
        for (const [parentId, result] of found) {
          results.set(cacheKey({ parentId, page, revealing }), result);
        }
      }
      return keys.map((k) => results.get(cacheKey(k)) ?? { items: [], totalCount: 0 });
    },
    { cacheKeyFn: cacheKey },
  );
}

function build(members: MemberDirectory, actor: Actor | null) {
  return lazily({
    membersOfCommunity: () => pagedMembers(members, actor, 'residenceCommunityId'),
    membersOfUnit: () => pagedMembers(members, actor, 'unitId'),
    /** Members by id, one loader per set of asked-for personal fields: `member(revealing).load(id)`. */
    member: () => {
      const byFields = new Map<string, DataLoader<string, MemberView | null>>();
      return (revealing: readonly PersonalField[]) => {
        const key = revealing.join(',');
        let loader = byFields.get(key);
        if (!loader) {
          loader = new DataLoader<string, MemberView | null>(async (ids) =>
            byId(await members.membersByIds(requireActor(actor), ids, revealing), ids),
          );
          byFields.set(key, loader);
        }
        return loader;
      };
    },
  });
}

/** Members, in the actor's scope, for every field that points at them. */
@Injectable()
export class MemberLoaders extends FeatureLoaders<ReturnType<typeof build>> {
  constructor(private readonly members: MemberDirectory) {
    super();
  }

  protected create(actor: Actor | null) {
    return build(this.members, actor);
  }
}
