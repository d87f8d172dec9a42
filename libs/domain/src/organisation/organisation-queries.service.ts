import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { Actor, Page, PageRequest } from '#core';
import { toCondition, UnitOfWork } from '#database';
import { Community } from './community.entity.js';
import { Courtyard } from './courtyard.entity.js';
import { OrganisationErrors } from './organisation.errors.js';
import { visibleCommunities, visiblePairings, visibleUnits } from './organisation-scope.js';
import { Unit } from './unit.entity.js';
import { UnitCommunityPairing } from './unit-community-pairing.entity.js';

/** Reads of communities, courtyards, units and pairings. */
@Injectable()
export class OrganisationQueries {
  constructor(private readonly uow: UnitOfWork) {}

  async community(actor: Actor, id: string): Promise<Community> {
    const scope = toCondition(visibleCommunities(actor));
    const community = await this.uow
      .repository(Community)
      .createQueryBuilder('c')
      .where('c.id = :id', { id })
      .andWhere(scope.where, scope.params)
      .getOne();
    if (!community) throw OrganisationErrors.communityNotFound();
    return community;
  }

  async communities(actor: Actor, page: PageRequest): Promise<Page<Community>> {
    const scope = toCondition(visibleCommunities(actor));
    const [items, totalCount] = await this.uow
      .repository(Community)
      .createQueryBuilder('c')
      .where(scope.where, scope.params)
      .orderBy('c.name')
      .addOrderBy('c.id')
      .take(page.first)
      .skip(page.offset)
      .getManyAndCount();
    return { items, totalCount };
  }

  async unit(actor: Actor, id: string): Promise<Unit> {
    const scope = toCondition(visibleUnits(actor));
    const unit = await this.uow
      .repository(Unit)
      .createQueryBuilder('u')
      .where('u.id = :id', { id })
      .andWhere(scope.where, scope.params)
      .getOne();
    if (!unit) throw OrganisationErrors.unitNotFound();
    return unit;
  }

  async units(actor: Actor, page: PageRequest): Promise<Page<Unit>> {
    const scope = toCondition(visibleUnits(actor));
    const [items, totalCount] = await this.uow
      .repository(Unit)
      .createQueryBuilder('u')
      .where(scope.where, scope.params)
      .orderBy('u.name')
      .addOrderBy('u.id')
      .take(page.first)
      .skip(page.offset)
      .getManyAndCount();
    return { items, totalCount };
  }

  /** Batch read for loaders: the courtyards of communities the caller already resolved. */
  async courtyardsOf(communityIds: readonly string[]): Promise<Courtyard[]> {
    return this.uow
      .repository(Courtyard)
      .find({ where: { communityId: In([...communityIds]) }, order: { name: 'ASC' } });
  }

  /** Batch read for loaders: communities, units and courtyards by id (names are not personal data). */
  async courtyardsByIds(ids: readonly string[]): Promise<Courtyard[]> {
    return this.uow.repository(Courtyard).findBy({ id: In([...ids]) });
  }

  async communitiesByIds(ids: readonly string[]): Promise<Community[]> {
    return this.uow.repository(Community).findBy({ id: In([...ids]) });
  }

  async unitsByIds(ids: readonly string[]): Promise<Unit[]> {
    return this.uow.repository(Unit).findBy({ id: In([...ids]) });
  }

  /**
   * Batch read for loaders: pairings touching the given units or communities,
   * current and ended, that the actor may read; newest first.
   */
  async pairingsOf(
    actor: Actor,
    side: 'unitId' | 'communityId',
    ids: readonly string[],
  ): Promise<UnitCommunityPairing[]> {
    const scope = toCondition(visiblePairings(actor));
    return this.uow
      .repository(UnitCommunityPairing)
      .createQueryBuilder('p')
      .innerJoin(Community, 'c', 'c.id = p.communityId')
      .innerJoin(Unit, 'u', 'u.id = p.unitId')
      .where(`p.${side} IN (:...ids)`, { ids })
      .andWhere(scope.where, scope.params)
      .orderBy('p.pairedAt', 'DESC')
      .addOrderBy('p.unitId')
      .addOrderBy('p.communityId')
      .getMany();
  }
}
