import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { Actor } from '#core';
import { RotationBatchesService, SecondmentQueries, type Secondment } from '#domain/secondment';
import { FeatureLoaders, lazily, loaderById, requireActor } from '../common/loaders.js';

function build(
  secondments: SecondmentQueries,
  batches: RotationBatchesService,
  actor: Actor | null,
) {
  return lazily({
    secondment: () => loaderById((ids) => secondments.secondmentsByIds(requireActor(actor), ids)),
    rotationBatch: () => loaderById((ids) => batches.batchesByIds(requireActor(actor), ids)),
    currentSecondmentOfMember: () =>
      new DataLoader<string, Secondment | null>(async (ids) => {
        const found = await secondments.currentOfMembers(requireActor(actor), ids);
        const byMember = new Map(found.map((s) => [s.memberId, s]));
        return ids.map((id) => byMember.get(id) ?? null);
      }),
  });
}

/** Secondments and rotation batches, in the actor's scope, for every field that points at them. */
@Injectable()
export class SecondmentLoaders extends FeatureLoaders<ReturnType<typeof build>> {
  constructor(
    private readonly secondments: SecondmentQueries,
    private readonly batches: RotationBatchesService,
  ) {
    super();
  }

  protected create(actor: Actor | null) {
    return build(this.secondments, this.batches, actor);
  }
}
