import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AccountModel, memberIdOf } from '../auth/auth.model.js';
import type { RequestLoaders } from '../common/loaders.js';
import { Authenticated } from '../policy/policy.decorator.js';
import { Loaders } from '../policy/current-actor.decorator.js';
import { SecondmentLoaders } from './secondment.loaders.js';
import { RotationBatchModel, SecondmentModel } from './secondment.model.js';

/** The secondments and batches other records point at, in the actor's scope. */
@Resolver(() => SecondmentModel)
export class SecondmentLinksResolver {
  constructor(private readonly loaders: SecondmentLoaders) {}

  @ResolveField(() => RotationBatchModel, {
    nullable: true,
    description: 'The rotation batch it came with; null when none or outside your scope.',
  })
  @Authenticated()
  batch(@Parent() secondment: SecondmentModel, @Loaders() loaders: RequestLoaders) {
    return secondment.batchId
      ? this.loaders.of(loaders).rotationBatch.load(secondment.batchId)
      : null;
  }

  @ResolveField(() => SecondmentModel, {
    nullable: true,
    description: 'The secondment a transfer replaces; null when none or outside your scope.',
  })
  @Authenticated()
  transferFrom(@Parent() secondment: SecondmentModel, @Loaders() loaders: RequestLoaders) {
    const id = secondment.transferFromId;
    return id ? this.loaders.of(loaders).secondment.load(id) : null;
  }
}

@Resolver(() => AccountModel)
export class AccountSecondmentResolver {
  constructor(private readonly loaders: SecondmentLoaders) {}

  @ResolveField(() => SecondmentModel, {
    nullable: true,
    description: 'The active secondment (报到), or else a pending report-in request.',
  })
  @Authenticated()
  secondment(@Parent() account: AccountModel, @Loaders() loaders: RequestLoaders) {
    const memberId = memberIdOf(account);
    return memberId ? this.loaders.of(loaders).currentSecondmentOfMember.load(memberId) : null;
  }
}
