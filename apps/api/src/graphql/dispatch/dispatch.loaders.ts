import { Injectable } from '@nestjs/common';
import type { Actor } from '#core';
import { DispatchQueries } from '#domain/dispatch';
import { FeatureLoaders, lazily, loaderOfMany, requireActor } from '../common/loaders.js';
import { toOfferModel } from './dispatch.mapping.js';

function build(queries: DispatchQueries, actor: Actor | null) {
  return lazily({
    /** Offers of tasks the actor's committee runs (none for anyone else). */
    offersOfTask: () =>
      loaderOfMany(
        async (ids) => (await queries.offersOfTasks(requireActor(actor), ids)).map(toOfferModel),
        (offer) => offer.taskId,
      ),
    assignmentsOfTask: () =>
      loaderOfMany(
        (ids) => queries.assignmentsOfTasks(requireActor(actor), ids),
        (assignment) => assignment.taskId,
      ),
  });
}

/** Offers and assignments, for every field that points at them. */
@Injectable()
export class DispatchLoaders extends FeatureLoaders<ReturnType<typeof build>> {
  constructor(private readonly queries: DispatchQueries) {
    super();
  }

  protected create(actor: Actor | null) {
    return build(this.queries, actor);
  }
}
