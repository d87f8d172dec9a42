import { Injectable } from '@nestjs/common';
import type { Actor } from '#core';
import { OrganisationQueries } from '#domain/organisation';
import {
  FeatureLoaders,
  lazily,
  loaderById,
  loaderOfMany,
  requireActor,
} from '../common/loaders.js';

function build(organisation: OrganisationQueries, actor: Actor | null) {
  return lazily({
    community: () => loaderById((ids) => organisation.communitiesByIds(ids)),
    unit: () => loaderById((ids) => organisation.unitsByIds(ids)),
    courtyard: () => loaderById((ids) => organisation.courtyardsByIds(ids)),
    courtyardsOfCommunity: () =>
      loaderOfMany(
        (ids) => organisation.courtyardsOf(ids),
        (c) => c.communityId,
      ),
    pairingsOfCommunity: () =>
      loaderOfMany(
        (ids) => organisation.pairingsOf(requireActor(actor), 'communityId', ids),
        (p) => p.communityId,
      ),
    pairingsOfUnit: () =>
      loaderOfMany(
        (ids) => organisation.pairingsOf(requireActor(actor), 'unitId', ids),
        (p) => p.unitId,
      ),
  });
}

/** Communities, units, courtyards and pairings, for every field that points at them. */
@Injectable()
export class OrganisationLoaders extends FeatureLoaders<ReturnType<typeof build>> {
  constructor(private readonly organisation: OrganisationQueries) {
    super();
  }

  protected create(actor: Actor | null) {
    return build(this.organisation, actor);
  }
}
