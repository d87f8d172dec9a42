import { Inject, Injectable } from '@nestjs/common';
import { In, IsNull, type EntityTarget } from 'typeorm';
import {
  APP_CONFIG,
  Clock,
  CommonErrors,
  isOperator,
  unitIdsOf,
  Validate,
  type Actor,
  type AppConfig,
  type Page,
  type PageRequest,
} from '#core';
import { mapConstraintViolations, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { Community } from './community.entity.js';
import { Courtyard, type CourtyardKind } from './courtyard.entity.js';
import { OrganisationErrors } from './organisation.errors.js';
import {
  administers,
  visibleCommunities,
  visiblePairings,
  visibleUnits,
} from './organisation-scope.js';
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
    private readonly clock: Clock,
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
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const community = await this.uow.repository(Community).save({ name, timeZone });
          await this.audit.record(actor, {
            action: 'community.create',
            entity: 'Community',
            entityId: community.id,
          });
          return community;
        }),
      { unique: OrganisationErrors.communityNameTaken },
    );
  }

  async createCourtyard(
    actor: Actor,
    input: { communityId: string; name: string; kind: CourtyardKind },
  ): Promise<Courtyard> {
    const name = Validate.text('name', NAME, input.name, 100);
    return mapConstraintViolations(
      () =>
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
      { unique: OrganisationErrors.courtyardNameTaken },
    );
  }

  async createUnit(actor: Actor, input: { name: string; kind: UnitKind }): Promise<Unit> {
    if (!isOperator(actor)) throw CommonErrors.forbidden();
    const name = Validate.text('name', NAME, input.name, 100);
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const unit = await this.uow.repository(Unit).save({ name, kind: input.kind });
          await this.audit.record(actor, {
            action: 'unit.create',
            entity: 'Unit',
            entityId: unit.id,
          });
          return unit;
        }),
      { unique: OrganisationErrors.unitNameTaken },
    );
  }

  /** The community's committee (or an operator) corrects a courtyard's name. */
  async renameCourtyard(actor: Actor, id: string, newName: string): Promise<Courtyard> {
    const name = Validate.text('name', NAME, newName, 100);
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const courtyard = await this.administeredRecord(
            actor,
            Courtyard,
            id,
            OrganisationErrors.courtyardNotFound,
          );
          await this.uow.repository(Courtyard).update(id, { name });
          await this.audit.record(actor, {
            action: 'courtyard.rename',
            entity: 'Courtyard',
            entityId: id,
          });
          courtyard.name = name;
          return courtyard;
        }),
      { unique: OrganisationErrors.courtyardNameTaken },
    );
  }

  /** An operator, or the unit's own HR, corrects a unit's name. */
  async renameUnit(actor: Actor, id: string, newName: string): Promise<Unit> {
    const name = Validate.text('name', NAME, newName, 100);
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const unit = await this.unit(actor, id);
          if (!isOperator(actor) && !unitIdsOf(actor).includes(id)) throw CommonErrors.forbidden();
          await this.uow.repository(Unit).update(id, { name });
          await this.audit.record(actor, { action: 'unit.rename', entity: 'Unit', entityId: id });
          unit.name = name;
          return unit;
        }),
      { unique: OrganisationErrors.unitNameTaken },
    );
  }

  /**
   * Pairs a unit with a community (对口联系); the community's committee or an
   * operator may do it. Pairing again after an end reopens the same row
   * (rotation batches reference it), from now; the audit log keeps each
   * pairing and ending.
   */
  async pairUnit(
    actor: Actor,
    input: { unitId: string; communityId: string },
  ): Promise<UnitCommunityPairing> {
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          await this.requireAdministered(actor, input.communityId);
          const unit = await this.uow.repository(Unit).existsBy({ id: input.unitId });
          if (!unit) throw OrganisationErrors.unitNotFound();
          const pairings = this.uow.repository(UnitCommunityPairing);
          const previous = await pairings.findOne({
            where: { unitId: input.unitId, communityId: input.communityId },
            lock: { mode: 'pessimistic_write' },
          });
          if (previous && previous.endedAt === null) throw OrganisationErrors.alreadyPaired();
          // A concurrent first pairing of the same two makes this insert a unique
          // violation, answered as UNIT_ALREADY_PAIRED.
          const pairing = await pairings.save({
            unitId: input.unitId,
            communityId: input.communityId,
            pairedAt: this.clock.now(),
            endedAt: null,
          });
          await this.audit.record(actor, {
            action: 'unit.pair',
            entity: 'UnitCommunityPairing',
            entityId: `${input.unitId}/${input.communityId}`,
          });
          return pairing;
        }),
      { unique: OrganisationErrors.alreadyPaired },
    );
  }

  /**
   * Ends a pairing and keeps it as history; the community's committee or an
   * operator may do it. From then on it grants nothing: the committee no
   * longer sees the unit or its members through it, the unit's HR no longer
   * sees the community, and the unit's members can no longer report in there
   * on its strength.
   *
   * Refused while the pairing still carries work, so that nobody is left
   * stranded in a community that can no longer see them: an OPEN rotation
   * batch agreed under it (end the batch first, which ends its secondments),
   * or a member of the unit serving or waiting to serve in the community
   * (the unit ends or transfers them first, with the approval seed 004
   * requires). A member who lives in the community serves there by
   * residence, not through the pairing, so they do not hold it open.
   */
  async endPairing(
    actor: Actor,
    input: { unitId: string; communityId: string },
  ): Promise<UnitCommunityPairing> {
    return this.uow.run(async () => {
      await this.requireAdministered(actor, input.communityId);
      // The row lock makes concurrent report-ins and batch creations (which
      // hold the pairing FOR SHARE, see holdCurrentPairing) either finish
      // before the checks below read their rows, or wait and see it ended.
      const pairing = await this.uow.repository(UnitCommunityPairing).findOne({
        where: { unitId: input.unitId, communityId: input.communityId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!pairing) throw OrganisationErrors.pairingNotFound();
      if (pairing.endedAt !== null) throw OrganisationErrors.pairingEnded();
      const [use] = await this.uow.manager.query<{ batches: boolean; secondments: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM rotation_batch b
                         WHERE b.lead_unit_id = $1 AND b.community_id = $2 AND b.status = 'OPEN') AS batches,
                EXISTS (SELECT 1 FROM secondment s JOIN member m ON m.id = s.member_id
                         WHERE s.unit_id = $1 AND s.community_id = $2
                           AND s.status IN ('REQUESTED', 'UNIT_APPROVED', 'ACTIVE')
                           AND m.residence_community_id IS DISTINCT FROM $2) AS secondments`,
        [input.unitId, input.communityId],
      );
      if (use?.batches) throw OrganisationErrors.pairingHasOpenBatches();
      if (use?.secondments) throw OrganisationErrors.pairingHasSecondments();
      pairing.endedAt = this.clock.now();
      await this.uow.repository(UnitCommunityPairing).save(pairing);
      await this.audit.record(actor, {
        action: 'unit.end_pairing',
        entity: 'UnitCommunityPairing',
        entityId: `${input.unitId}/${input.communityId}`,
      });
      return pairing;
    });
  }

  /**
   * Whether the unit is currently paired with the community, for a write that
   * relies on the pairing (a report-in, a rotation batch). Inside a unit of
   * work; the row stays locked FOR SHARE until it commits, so a concurrent
   * endPairing waits and then sees that write (and refuses), or has already
   * ended the pairing and this answers false.
   */
  async holdCurrentPairing(unitId: string, communityId: string): Promise<boolean> {
    const pairing = await this.uow.repository(UnitCommunityPairing).findOne({
      where: { unitId, communityId, endedAt: IsNull() },
      lock: { mode: 'pessimistic_read' },
    });
    return pairing !== null;
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
    const scope = visiblePairings(actor, { pairing: 'p', community: 'c', unit: 'u' });
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

  /**
   * The next receipt number of a community, for a report-in it accepts: the
   * sequence advances under the community row's lock, so numbers are issued
   * one at a time and without gaps (the caller's transaction holds the lock
   * until it commits). Returns the community as locked.
   */
  async nextReceiptSequence(
    communityId: string,
  ): Promise<{ community: Community; sequence: number }> {
    const communities = this.uow.repository(Community);
    const community = await communities
      .createQueryBuilder('c')
      .addSelect('c.receiptSequence')
      .setLock('pessimistic_write')
      .where('c.id = :id', { id: communityId })
      .getOneOrFail();
    const sequence = community.receiptSequence + 1;
    await communities.update(community.id, { receiptSequence: sequence });
    return { community, sequence };
  }

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
    const scope = visibleCommunities(actor, 'c');
    const record = await this.uow
      .repository(entity)
      .createQueryBuilder('r')
      .innerJoin(Community, 'c', 'c.id = r.communityId')
      .where('r.id = :id', { id })
      .andWhere(scope.where, scope.params)
      .getOne();
    if (!record) throw notFound();
    if (!administers(actor, record.communityId)) throw CommonErrors.forbidden();
    return record;
  }
}
