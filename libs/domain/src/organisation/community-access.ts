import { Injectable } from '@nestjs/common';
import type { EntityTarget, SelectQueryBuilder } from 'typeorm';
import { CommonErrors, type Actor } from '#core';
import { toCondition, UnitOfWork } from '#database';
import { Community } from './community.entity.js';
import { OrganisationErrors } from './organisation.errors.js';
import { administers, visibleCommunities } from './organisation-scope.js';

/**
 * The committee's hold on its community, checked before a change: of the
 * community itself, or of a record that belongs to it (a courtyard, a team,
 * a branch).
 */
@Injectable()
export class CommunityAccess {
  constructor(private readonly uow: UnitOfWork) {}

  /** Fails unless the actor administers the community and it exists. */
  async requireAdministered(actor: Actor, communityId: string): Promise<void> {
    // Checked before existence, so an actor cannot probe other communities' ids.
    if (!administers(actor, communityId)) throw CommonErrors.forbidden();
    const exists = await this.uow.repository(Community).existsBy({ id: communityId });
    if (!exists) throw OrganisationErrors.communityNotFound();
  }

  /**
   * A record of a community (a courtyard, a team, a branch) that the actor is
   * about to change as that community's committee: NOT_FOUND when they cannot
   * see the community (ids of other communities cannot be probed), FORBIDDEN
   * when they see it but do not administer it.
   */
  async administeredRecord<T extends { id: string; communityId: string }>(
    actor: Actor,
    entity: EntityTarget<T>,
    id: string,
    notFound: () => Error,
  ): Promise<T> {
    const record = await this.inVisibleCommunities(actor, entity, 'r')
      .andWhere('r.id = :id', { id })
      .getOne();
    if (!record) throw notFound();
    if (!administers(actor, record.communityId)) throw CommonErrors.forbidden();
    return record;
  }

  /**
   * A query of a community's records (branches, groups, teams, aliased
   * `alias`) that belong to communities the actor may see: the one way
   * another feature reads its records in the community scope, so that scope
   * is never rewritten by hand.
   */
  inVisibleCommunities<T extends { communityId: string }>(
    actor: Actor,
    entity: EntityTarget<T>,
    alias: string,
  ): SelectQueryBuilder<T> {
    const scope = toCondition(visibleCommunities(actor));
    return this.uow
      .repository(entity)
      .createQueryBuilder(alias)
      .innerJoin(Community, 'c', `c.id = ${alias}.communityId`)
      .where(scope.where, scope.params);
  }

  /**
   * Like inVisibleCommunities, for records that may also belong to no
   * community (a shared catalogue every signed-in actor reads): those with no
   * community, plus those of communities the actor may see.
   */
  sharedOrInVisibleCommunities<T extends { communityId: string | null }>(
    actor: Actor,
    entity: EntityTarget<T>,
    alias: string,
  ): SelectQueryBuilder<T> {
    const scope = toCondition(visibleCommunities(actor));
    return this.uow
      .repository(entity)
      .createQueryBuilder(alias)
      .leftJoin(Community, 'c', `c.id = ${alias}.communityId`)
      .where(`(${alias}.communityId IS NULL OR (${scope.where}))`, scope.params);
  }
}
