import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import {
  Clock,
  CommonErrors,
  communityIdsOf,
  isOperator,
  unitIdsOf,
  Validate,
  type Actor,
} from '#core';
import { UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { administers, PairingsService } from '#domain/organisation';
import { RotationBatch } from './rotation-batch.entity.js';
import { SecondmentErrors } from './secondment.errors.js';
import { Secondment } from './secondment.entity.js';

const NAME = { 'zh-CN': '批次名称', en: 'Batch name' };
const FILING = { 'zh-CN': '备案编号', en: 'Filing reference' };
const PLANNED_START = { 'zh-CN': '计划开始日期', en: 'Planned start' };
const PLANNED_END = { 'zh-CN': '计划结束日期', en: 'Planned end' };

/**
 * Rotation batches (轮换批次) of seconded members. The committee records the
 * batch agreed with the lead unit, with the filing reference of the city
 * organs' work committee; the unit then reports its members in against it.
 */
@Injectable()
export class RotationBatchesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly pairings: PairingsService,
  ) {}

  async create(
    actor: Actor,
    input: {
      communityId: string;
      leadUnitId: string;
      name: string;
      plannedStart: string;
      plannedEnd: string;
      headcount: number;
      filingReference: string;
    },
  ): Promise<RotationBatch> {
    if (!administers(actor, input.communityId)) throw CommonErrors.forbidden();
    const name = Validate.text('name', NAME, input.name, 100);
    const filingReference = Validate.text('filingReference', FILING, input.filingReference, 100);
    const plannedStart = Validate.date('plannedStart', PLANNED_START, input.plannedStart);
    const plannedEnd = Validate.date('plannedEnd', PLANNED_END, input.plannedEnd);
    if (plannedEnd <= plannedStart) throw SecondmentErrors.invalidPeriod();
    if (!Number.isInteger(input.headcount) || input.headcount < 1 || input.headcount > 1000) {
      throw SecondmentErrors.invalidHeadcount();
    }
    return this.uow.run(async () => {
      // The batch is agreed under a current pairing of the two (the foreign
      // key only knows that a pairing row exists, ended or not).
      if (!(await this.pairings.holdCurrentPairing(input.leadUnitId, input.communityId))) {
        throw SecondmentErrors.notPaired();
      }
      const batch = await this.uow.repository(RotationBatch).save({
        communityId: input.communityId,
        leadUnitId: input.leadUnitId,
        name,
        plannedStart,
        plannedEnd,
        headcount: input.headcount,
        filingReference,
      });
      await this.audit.record(actor, {
        action: 'rotation_batch.create',
        entity: 'RotationBatch',
        entityId: batch.id,
      });
      return batch;
    });
  }

  /** Ends the batch and every secondment in it: active ones end, pending ones are withdrawn. */
  async end(actor: Actor, id: string): Promise<RotationBatch> {
    return this.uow.run(async () => {
      const batch = await this.uow
        .repository(RotationBatch)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!batch || !this.visible(actor, batch)) throw SecondmentErrors.batchNotFound();
      if (!administers(actor, batch.communityId)) throw CommonErrors.forbidden();
      if (batch.status !== 'OPEN') throw SecondmentErrors.batchClosed();
      const now = this.clock.now();
      const secondments = this.uow.repository(Secondment);
      await secondments.update(
        { batchId: id, status: 'ACTIVE' },
        { status: 'ENDED', endedAt: now, endReason: 'BATCH_ENDED' },
      );
      await secondments.update(
        { batchId: id, status: In(['REQUESTED', 'UNIT_APPROVED']) },
        { status: 'ENDED', endedAt: now, endReason: 'WITHDRAWN' },
      );
      batch.status = 'ENDED';
      batch.endedAt = now;
      await this.uow.repository(RotationBatch).save(batch);
      await this.audit.record(actor, {
        action: 'rotation_batch.end',
        entity: 'RotationBatch',
        entityId: id,
      });
      return batch;
    });
  }

  /** Batches of a community (its committee) or led by a unit (its HR). */
  async batches(actor: Actor, filter: { communityId?: string | null }): Promise<RotationBatch[]> {
    const query = this.scoped(actor);
    if (filter.communityId) query.andWhere('b.community_id = :cid', { cid: filter.communityId });
    return query.orderBy('b.planned_start', 'DESC').addOrderBy('b.id').take(100).getMany();
  }

  /** Batch read for loaders: batches by id, those the actor may see. */
  async batchesByIds(actor: Actor, ids: readonly string[]): Promise<RotationBatch[]> {
    return this.scoped(actor).andWhere('b.id IN (:...ids)', { ids }).getMany();
  }

  private scoped(actor: Actor) {
    const query = this.uow.repository(RotationBatch).createQueryBuilder('b');
    if (!isOperator(actor)) {
      query.andWhere('(b.community_id = ANY(:cids) OR b.lead_unit_id = ANY(:uids))', {
        cids: communityIdsOf(actor),
        uids: unitIdsOf(actor),
      });
    }
    return query;
  }

  private visible(actor: Actor, batch: RotationBatch): boolean {
    return (
      isOperator(actor) ||
      communityIdsOf(actor).includes(batch.communityId) ||
      unitIdsOf(actor).includes(batch.leadUnitId)
    );
  }
}
