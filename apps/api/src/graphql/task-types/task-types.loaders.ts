import { Injectable } from '@nestjs/common';
import { TaskTypeQueries } from '#domain/task-types';
import { FeatureLoaders, lazily, loaderById } from '../common/loaders.js';

function build(taskTypes: TaskTypeQueries) {
  return lazily({
    taskType: () => loaderById((ids) => taskTypes.byIds(ids)),
  });
}

/** Task types, for every field that points at one (a task's type). */
@Injectable()
export class TaskTypesLoaders extends FeatureLoaders<ReturnType<typeof build>> {
  constructor(private readonly taskTypes: TaskTypeQueries) {
    super();
  }

  protected create() {
    return build(this.taskTypes);
  }
}
