import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { Actor } from '#core';
import { UnitOfWork } from '#database';
import { CommunityAccess } from '#domain/organisation';
import { BranchErrors } from './branches.errors.js';
import { PartyGroup } from './party-group.entity.js';
import { Team } from './team.entity.js';
import { TemporaryBranch } from './temporary-branch.entity.js';

/**
 * Reads of a community's structure: everyone who sees the community sees its
 * branches, groups and teams (names only, no personal data).
 */
@Injectable()
export class BranchesQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: CommunityAccess,
  ) {}

  async branches(actor: Actor, communityId: string): Promise<TemporaryBranch[]> {
    return this.access
      .inVisibleCommunities(actor, TemporaryBranch, 'b')
      .andWhere('b.community_id = :communityId', { communityId })
      .orderBy('b.starts_on', 'DESC')
      .addOrderBy('b.id')
      .getMany();
  }

  async partyGroup(actor: Actor, id: string): Promise<PartyGroup> {
    const group = await this.access
      .inVisibleCommunities(actor, PartyGroup, 'g')
      .andWhere('g.id = :id', { id })
      .getOne();
    if (!group) throw BranchErrors.groupNotFound();
    return group;
  }

  /** Batch reads for loaders: branches, groups and teams by id (names and places, no personal data). */
  async branchesByIds(ids: readonly string[]): Promise<TemporaryBranch[]> {
    return this.uow.repository(TemporaryBranch).findBy({ id: In([...ids]) });
  }

  async groupsByIds(ids: readonly string[]): Promise<PartyGroup[]> {
    return this.uow.repository(PartyGroup).findBy({ id: In([...ids]) });
  }

  async teamsByIds(ids: readonly string[]): Promise<Team[]> {
    return this.uow.repository(Team).findBy({ id: In([...ids]) });
  }

  async teams(actor: Actor, communityId: string): Promise<Team[]> {
    return this.access
      .inVisibleCommunities(actor, Team, 't')
      .andWhere('t.community_id = :communityId', { communityId })
      .orderBy('t.name')
      .getMany();
  }
}
