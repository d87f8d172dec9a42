import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Loaders as RequestLoaders } from '../loaders.js';
import { Authenticated } from '../policy/policy.decorator.js';
import { Loaders } from '../policy/current-actor.decorator.js';
import { CommunityModel, PairingModel, UnitModel } from './organisation.model.js';

/**
 * The two sides of a pairing, by name: whoever may read a pairing (current,
 * or ended as the history of their own community or unit) may read who it
 * was with. Names are not personal data; the sides' own fields stay scoped.
 */
@Resolver(() => PairingModel)
export class PairingResolver {
  @ResolveField(() => UnitModel)
  @Authenticated()
  unit(@Parent() pairing: PairingModel, @Loaders() loaders: RequestLoaders) {
    return loaders.unit.load(pairing.unitId);
  }

  @ResolveField(() => CommunityModel)
  @Authenticated()
  community(@Parent() pairing: PairingModel, @Loaders() loaders: RequestLoaders) {
    return loaders.community.load(pairing.communityId);
  }
}
