import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import { PersonalDataCipher, type Actor, type Page, type PageRequest } from '#core';
import { toCondition, UnitOfWork } from '#database';
import { visibleDemands } from './demand-scope.js';
import { toDemandView, type DemandView } from './demand-view.js';
import { Demand, type DemandStatus } from './demand.entity.js';
import { DemandsErrors } from './demands.errors.js';

export interface DemandFilter {
  readonly communityId?: string | null;
  readonly status?: DemandStatus | null;
}

/** Reads of demands in the actor's scope, the requester masked outside the committee. */
@Injectable()
export class DemandQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /** A query of the demands the actor may see, aliased `d`. */
  scoped(actor: Actor): SelectQueryBuilder<Demand> {
    const scope = toCondition(visibleDemands(actor));
    return this.uow.repository(Demand).createQueryBuilder('d').where(scope.where, scope.params);
  }

  async demand(actor: Actor, id: string): Promise<DemandView> {
    const demand = await this.scoped(actor).andWhere('d.id = :id', { id }).getOne();
    if (!demand) throw DemandsErrors.notFound();
    return toDemandView(demand, actor, this.cipher);
  }

  /** The newest first. */
  async demands(actor: Actor, filter: DemandFilter, page: PageRequest): Promise<Page<DemandView>> {
    const query = this.scoped(actor);
    if (filter.communityId) {
      query.andWhere('d.communityId = :communityId', { communityId: filter.communityId });
    }
    if (filter.status) query.andWhere('d.status = :status', { status: filter.status });
    const [rows, totalCount] = await query
      .orderBy('d.receivedAt', 'DESC')
      .addOrderBy('d.id')
      .take(page.first)
      .skip(page.offset)
      .getManyAndCount();
    return { items: rows.map((d) => toDemandView(d, actor, this.cipher)), totalCount };
  }

  /** Batch read for loaders: demands by id that the actor may see. */
  async byIds(actor: Actor, ids: readonly string[]): Promise<DemandView[]> {
    const rows = await this.scoped(actor).andWhere('d.id IN (:...ids)', { ids }).getMany();
    return rows.map((d) => toDemandView(d, actor, this.cipher));
  }
}
