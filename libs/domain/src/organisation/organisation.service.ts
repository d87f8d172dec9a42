import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  CommonErrors,
  isOperator,
  unitIdsOf,
  Validate,
  type Actor,
  type AppConfig,
} from '#core';
import { mapConstraintViolations, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { Community } from './community.entity.js';
import { CommunityAccess } from './community-access.js';
import { Courtyard, type CourtyardKind } from './courtyard.entity.js';
import { OrganisationErrors } from './organisation.errors.js';
import { OrganisationQueries } from './organisation-queries.service.js';
import { Unit, type UnitKind } from './unit.entity.js';

const NAME = { 'zh-CN': '名称', en: 'Name' };

/**
 * Communities, their courtyards and work units: creating communities and
 * units is the district operator's job; a community committee manages its
 * own courtyards and its re-report interval. Pairings are the
 * PairingsService's, reads the OrganisationQueries'.
 */
@Injectable()
export class OrganisationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: CommunityAccess,
    private readonly queries: OrganisationQueries,
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
          await this.access.requireAdministered(actor, input.communityId);
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
          const courtyard = await this.access.administeredRecord(
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
          const unit = await this.queries.unit(actor, id);
          if (!isOperator(actor) && !unitIdsOf(actor).includes(id)) throw CommonErrors.forbidden();
          await this.uow.repository(Unit).update(id, { name });
          await this.audit.record(actor, { action: 'unit.rename', entity: 'Unit', entityId: id });
          unit.name = name;
          return unit;
        }),
      { unique: OrganisationErrors.unitNameTaken },
    );
  }

  /** The committee sets how often its active seconded members re-report (e.g. every 6 months). */
  async setReReportInterval(actor: Actor, communityId: string, months: number): Promise<Community> {
    if (!Number.isInteger(months) || months < 1 || months > 24) {
      throw OrganisationErrors.invalidReReportInterval();
    }
    return this.uow.run(async () => {
      await this.access.requireAdministered(actor, communityId);
      await this.uow.repository(Community).update(communityId, { reReportIntervalMonths: months });
      await this.audit.record(actor, {
        action: 'community.set_re_report_interval',
        entity: 'Community',
        entityId: communityId,
      });
      return this.uow.repository(Community).findOneByOrFail({ id: communityId });
    });
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
}
