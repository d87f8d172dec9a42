import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestLoaders } from '../common/loaders.js';
import { PhotoLoaders } from '../photos/photos.loaders.js';
import { PhotoModel } from '../photos/photos.model.js';
import { Loaders } from '../policy/current-actor.decorator.js';
import { Authenticated } from '../policy/policy.decorator.js';
import { DutyLogModel } from './duty-logs.model.js';

/** A duty log's photos: whoever may read the log gets links to see them. */
@Resolver(() => DutyLogModel)
export class DutyLogPhotosResolver {
  constructor(private readonly loaders: PhotoLoaders) {}

  @ResolveField(() => [PhotoModel], { description: 'In the order the member gave them.' })
  @Authenticated()
  photos(@Parent() log: DutyLogModel, @Loaders() loaders: RequestLoaders) {
    return this.loaders.of(loaders).ofLog.load(log.id);
  }
}
