import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import {
  APP_CONFIG,
  CommonErrors,
  isOperator,
  Validate,
  type Actor,
  type AppConfig,
  type Page,
  type PageRequest,
} from '#core';
import { isUniqueViolation, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { Community } from './community.entity.js';
import { Courtyard, type CourtyardKind } from './courtyard.entity.js';
import { OrganisationErrors } from './organisation.errors.js';
import { administers, visibleCommunities, visibleUnits } from './organisation-scope.js';
import { Unit, type UnitKind } from './unit.entity.js';
import { UnitCommunityPairing } from './unit-community-pairing.entity.js';

const NAME = { 'zh-CN': '名称', en: 'Name' };

/**
 * Communities, their courtyards, work units and unit–community pairings.
 * Creating communities and units is the district operator's job; a community
 * committee manages its own courtyards and pairings.
 */
@Injectable()
export class OrganisationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async createCommunity(
    actor: Actor,
    input: { name: string; timeZone?: string | null },
  ): Promise<Community> {
    if (!isOperator(actor)) throw CommonErrors.forbidden();
    const name = Validate.text('name', NAME, input.name, 100);
    const timeZone = input.timeZone ?? this.config.defaultTimeZone;
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      throw OrganisationErrors.invalidTimeZone();
    }
    return this.uniquely(OrganisationErrors.communityNameTaken, () =>
      this.uow.run(async () => {
        const community = await this.uow.repository(Community).save({ name, timeZone });
        await this.audit.record(actor, {
          action: 'community.create',
          entity: 'Community',
          entityId: community.id,
        });
        return community;
      }),
    );
  }

  async createCourtyard(
    actor: Actor,
    input: { communityId: string; name: string; kind: CourtyardKind },
  ): Promise<Courtyard> {
    const name = Validate.text('name', NAME, input.name, 100);
    return this.uniquely(OrganisationErrors.courtyardNameTaken, () =>
      this.uow.run(async () => {
        await this.requireAdministered(actor, input.communityId);
        const courtyard = await this.uow
          .repository(Courtyard)
          .save({ communityId: input.communityId, name, kind: input.kind });
        await this.audit.record(actor, {
          action: 'courtyard.create',
          entity: 'Courtyard',
          entityId: courtyard.id,
        });
        return courtyard;
      }),
    );
  }

  async createUnit(actor: Actor, input: { name: string; kind: UnitKind }): Promise<Unit> {
    if (!isOperator(actor)) throw CommonErrors.forbidden();
    const name = Validate.text('name', NAME, input.name, 100);
    return this.uniquely(OrganisationErrors.unitNameTaken, () =>
      this.uow.run(async () => {
        const unit = await this.uow.repository(Unit).save({ name, kind: input.kind });
        await this.audit.record(actor, {
          action: 'unit.create',
          entity: 'Unit',
          entityId: unit.id,
        });
        return unit;
      }),
    );
  }

  /** Pairs a unit with a community (对口联系); the community's committee or an operator may do it. */
  async pairUnit(
    actor: Actor,
    input: { unitId: string; communityId: string },
  ): Promise<UnitCommunityPairing> {
    return this.uniquely(OrganisationErrors.alreadyPaired, () =>
      this.uow.run(async () => {
        await this.requireAdministered(actor, input.communityId);
        const unit = await this.uow.repository(Unit).findOneBy({ id: input.unitId });
        if (!unit) throw OrganisationErrors.unitNotFound();
        const pairing = await this.uow.repository(UnitCommunityPairing).save({ ...input });
        await this.audit.record(actor, {
          action: 'unit.pair',
          entity: 'UnitCommunityPairing',
          entityId: `${input.unitId}/${input.communityId}`,
        });
        return pairing;
      }),
    );
  }

  /** The committee sets how often its active seconded members re-report (e.g. every 6 months). */
  async setReReportInterval(actor: Actor, communityId: string, months: number): Promise<Community> {
    if (!Number.isInteger(months) || months < 1 || months > 24) {
      throw OrganisationErrors.invalidReReportInterval();
    }
    return this.uow.run(async () => {
      await this.requireAdministered(actor, communityId);
      await this.uow.repository(Community).update(communityId, { reReportIntervalMonths: months });
      await this.audit.record(actor, {
        action: 'community.set_re_report_interval',
        entity: 'Community',
        entityId: communityId,
      });
      return this.uow.repository(Community).findOneByOrFail({ id: communityId });
    });
  }

  async community(actor: Actor, id: string): Promise<Community> {
    const scope = visibleCommunities(actor, 'c');
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
    const scope = visibleCommunities(actor, 'c');
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
    const scope = visibleUnits(actor, 'u');
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
    const scope = visibleUnits(actor, 'u');
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

  /** Batch read for loaders: communities and units by id (names are not personal data). */
  async communitiesByIds(ids: readonly string[]): Promise<Community[]> {
    return this.uow.repository(Community).findBy({ id: In([...ids]) });
  }

  async unitsByIds(ids: readonly string[]): Promise<Unit[]> {
    return this.uow.repository(Unit).findBy({ id: In([...ids]) });
  }

  /** Batch read for loaders: pairings touching the given units or communities, filtered to what the actor may see. */
  async pairingsOf(
    actor: Actor,
    side: 'unitId' | 'communityId',
    ids: readonly string[],
  ): Promise<UnitCommunityPairing[]> {
    const communities = visibleCommunities(actor, 'c');
    const units = visibleUnits(actor, 'u');
    return this.uow
      .repository(UnitCommunityPairing)
      .createQueryBuilder('p')
      .innerJoin(Community, 'c', 'c.id = p.communityId')
      .innerJoin(Unit, 'u', 'u.id = p.unitId')
      .where(`p.${side} IN (:...ids)`, { ids })
      .andWhere(communities.where, communities.params)
      .andWhere(units.where, units.params)
      .getMany();
  }

  /** Fails unless the actor administers the community and it exists. */
  async requireAdministered(actor: Actor, communityId: string): Promise<void> {
    // Checked before existence, so an actor cannot probe other communities' ids.
    if (!administers(actor, communityId)) throw CommonErrors.forbidden();
    const exists = await this.uow.repository(Community).existsBy({ id: communityId });
    if (!exists) throw OrganisationErrors.communityNotFound();
  }

  private async uniquely<T>(onDuplicate: () => Error, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw onDuplicate();
      throw error;
    }
  }
}
