import { Injectable } from '@nestjs/common';
import type { Actor } from '#core';
import { TaskQueries } from '#domain/tasks';
import {
  FeatureLoaders,
  lazily,
  loaderById,
  loaderOfMany,
  requireActor,
} from '../common/loaders.js';
import type { TaskTransitionModel } from './task.model.js';

function build(tasks: TaskQueries, actor: Actor | null) {
  return lazily({
    /** The history of tasks already resolved in the actor's scope. */
    transitionsOfTask: () =>
      loaderOfMany(
        async (ids) =>
          (await tasks.transitionsOf(ids)).map((t): TaskTransitionModel & { taskId: string } => ({
            taskId: t.taskId,
            from: t.fromStatus,
            to: t.toStatus,
            at: t.occurredAt,
            by: t.accountId,
            reason: t.reason,
          })),
        (t) => t.taskId,
      ),
    /** Tasks by id (an offer's, an assignment's), in the actor's scope. */
    task: () => loaderById((ids) => tasks.byIds(requireActor(actor), ids)),
    tasksOfDemand: () =>
      loaderOfMany(
        (ids) => tasks.ofDemands(requireActor(actor), ids),
        (t) => t.demandId ?? '',
      ),
  });
}

/** Tasks and their histories, for every field that points at them. */
@Injectable()
export class TasksLoaders extends FeatureLoaders<ReturnType<typeof build>> {
  constructor(private readonly tasks: TaskQueries) {
    super();
  }

  protected create(actor: Actor | null) {
    return build(this.tasks, actor);
  }
}
