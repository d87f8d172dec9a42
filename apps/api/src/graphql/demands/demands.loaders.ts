import { Injectable } from '@nestjs/common';
import type { Actor } from '#core';
import { DemandQueries } from '#domain/demands';
import { FeatureLoaders, lazily, loaderById, requireActor } from '../common/loaders.js';

function build(demands: DemandQueries, actor: Actor | null) {
  return lazily({
    /** Demands in the actor's scope, masked as the actor reads them; null where out of scope. */
    demand: () => loaderById((ids) => demands.byIds(requireActor(actor), ids)),
  });
}

/** Demands, for every field that points at one. */
@Injectable()
export class DemandsLoaders extends FeatureLoaders<ReturnType<typeof build>> {
  constructor(private readonly demands: DemandQueries) {
    super();
  }

  protected create(actor: Actor | null) {
    return build(this.demands, actor);
  }
}
