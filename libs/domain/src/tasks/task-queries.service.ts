import { Injectable } from '@nestjs/common';
import { In, type SelectQueryBuilder } from 'typeorm';
import { CommonErrors, type Actor, type Page, type PageRequest } from '#core';
import { toCondition, UnitOfWork } from '#database';
import { administers } from '#domain/organisation';
import { visibleTasks } from './task-scope.js';
import { TaskTransition } from './task-transition.entity.js';
import { Task, type TaskStatus } from './task.entity.js';
import { TasksErrors } from './tasks.errors.js';

export interface TaskFilter {
  readonly communityId?: string | null;
  readonly status?: TaskStatus | null;
}

/** Reads of tasks, each in the actor's scope (visibleTasks). */
@Injectable()
export class TaskQueries {
  constructor(private readonly uow: UnitOfWork) {}

  /** A query of the tasks the actor may see, aliased `t`. */
  private scoped(actor: Actor): SelectQueryBuilder<Task> {
    const scope = toCondition(visibleTasks(actor));
    return this.uow.repository(Task).createQueryBuilder('t').where(scope.where, scope.params);
  }

  async task(actor: Actor, id: string): Promise<Task> {
    const task = await this.scoped(actor).andWhere('t.id = :id', { id }).getOne();
    if (!task) throw TasksErrors.notFound();
    return task;
  }

  /**
   * A task the actor manages (its community's committee, or an operator),
   * locked for the change the caller's transaction is about to make:
   * NOT_FOUND when they cannot see it, FORBIDDEN when they see it but do not
   * manage it (a group leader, a member offered it).
   */
  async managed(actor: Actor, id: string): Promise<Task> {
    const task = await this.scoped(actor)
      .andWhere('t.id = :id', { id })
      .setLock('pessimistic_write', undefined, ['t'])
      .getOne();
    if (!task) throw TasksErrors.notFound();
    if (!administers(actor, task.communityId)) throw CommonErrors.forbidden();
    return task;
  }

  /** The newest first (by the start of the window). */
  async tasks(actor: Actor, filter: TaskFilter, page: PageRequest): Promise<Page<Task>> {
    const query = this.scoped(actor);
    if (filter.communityId) {
      query.andWhere('t.communityId = :communityId', { communityId: filter.communityId });
    }
    if (filter.status) query.andWhere('t.status = :status', { status: filter.status });
    const [items, totalCount] = await query
      .orderBy('t.startsAt', 'DESC')
      .addOrderBy('t.id')
      .take(page.first)
      .skip(page.offset)
      .getManyAndCount();
    return { items, totalCount };
  }

  /** Batch read for loaders: the tasks of the given ids that the actor may see. */
  async byIds(actor: Actor, ids: readonly string[]): Promise<Task[]> {
    return this.scoped(actor).andWhere('t.id IN (:...ids)', { ids }).getMany();
  }

  /** Batch read for loaders: the tasks answering the given demands that the actor may see. */
  async ofDemands(actor: Actor, demandIds: readonly string[]): Promise<Task[]> {
    return this.scoped(actor)
      .andWhere('t.demandId IN (:...demandIds)', { demandIds })
      .orderBy('t.startsAt')
      .addOrderBy('t.id')
      .getMany();
  }

  /**
   * Batch read for loaders: the history of tasks the caller already resolved
   * in the actor's scope, oldest first.
   */
  async transitionsOf(taskIds: readonly string[]): Promise<TaskTransition[]> {
    return this.uow
      .repository(TaskTransition)
      .find({ where: { taskId: In([...taskIds]) }, order: { id: 'ASC' } });
  }
}
