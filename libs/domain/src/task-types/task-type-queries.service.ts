import { Injectable } from '@nestjs/common';
import { In, type SelectQueryBuilder } from 'typeorm';
import type { Actor, Page, PageRequest } from '#core';
import { UnitOfWork } from '#database';
import { CommunityAccess } from '#domain/organisation';
import type { TaskCategory } from './task-category.js';
import { TaskType } from './task-type.entity.js';
import { TaskTypesErrors } from './task-types.errors.js';

export interface TaskTypeFilter {
  /** The catalogue of one community: the shared types and that community's own. */
  readonly communityId?: string | null;
  readonly category?: TaskCategory | null;
  /** Retired types are left out unless asked for. */
  readonly includeRetired?: boolean | null;
}

/**
 * Reads of task types: every signed-in actor reads the shared catalogue, and
 * the types of the communities they may see.
 */
@Injectable()
export class TaskTypeQueries {
  constructor(
    private readonly access: CommunityAccess,
    private readonly uow: UnitOfWork,
  ) {}

  private visible(actor: Actor): SelectQueryBuilder<TaskType> {
    return this.access.sharedOrInVisibleCommunities(actor, TaskType, 't');
  }

  async taskType(actor: Actor, id: string): Promise<TaskType> {
    const taskType = await this.visible(actor).andWhere('t.id = :id', { id }).getOne();
    if (!taskType) throw TaskTypesErrors.taskTypeNotFound();
    return taskType;
  }

  /** A visible type, locked for the change the caller's transaction is about to make. */
  async locked(actor: Actor, id: string): Promise<TaskType> {
    const taskType = await this.visible(actor)
      .andWhere('t.id = :id', { id })
      .setLock('pessimistic_write', undefined, ['t'])
      .getOne();
    if (!taskType) throw TaskTypesErrors.taskTypeNotFound();
    return taskType;
  }

  /**
   * Batch read (loaders, and a task's checks of its type): types by id,
   * retired ones included. Names and profiles of duties are not personal
   * data; whoever reads a task reads its type.
   */
  async byIds(ids: readonly string[]): Promise<TaskType[]> {
    return this.uow.repository(TaskType).findBy({ id: In([...ids]) });
  }

  /**
   * A type a task or post of `communityId` may use: the shared catalogue's or
   * the community's own, not retired. Another community's own type is not in
   * its catalogue, and its committee may not know it exists: not found, as
   * if it did not.
   */
  async usableIn(communityId: string, id: string): Promise<TaskType> {
    const [taskType] = await this.byIds([id]);
    if (!taskType || (taskType.communityId !== null && taskType.communityId !== communityId)) {
      throw TaskTypesErrors.taskTypeNotFound();
    }
    if (taskType.retiredAt !== null) throw TaskTypesErrors.retired();
    return taskType;
  }

  async taskTypes(
    actor: Actor,
    filter: TaskTypeFilter,
    page: PageRequest,
  ): Promise<Page<TaskType>> {
    const query = this.visible(actor);
    if (filter.communityId) {
      query.andWhere('(t.communityId IS NULL OR t.communityId = :communityId)', {
        communityId: filter.communityId,
      });
    }
    if (filter.category) query.andWhere('t.category = :category', { category: filter.category });
    if (!filter.includeRetired) query.andWhere('t.retiredAt IS NULL');
    const [items, totalCount] = await query
      // The shared catalogue first, then a community's own, by name.
      .orderBy('t.communityId', 'ASC', 'NULLS FIRST')
      .addOrderBy('t.name')
      .addOrderBy('t.id')
      .take(page.first)
      .skip(page.offset)
      .getManyAndCount();
    return { items, totalCount };
  }
}
