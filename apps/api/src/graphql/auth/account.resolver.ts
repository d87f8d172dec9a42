import { Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { GroupAssignmentModel } from '../branches/branches.model.js';
import { revealing } from '../common/look-ahead.js';
import type { Loaders as RequestLoaders } from '../loaders.js';
import { MemberModel } from '../members/member.model.js';
import { Authenticated } from '../policy/policy.decorator.js';
import { Loaders } from '../policy/current-actor.decorator.js';
import { SecondmentModel } from '../secondment/secondment.model.js';
import { AccountModel } from './auth.model.js';

/** The party member an account signs in as (its MEMBER grant), if any. */
function memberIdOf(account: AccountModel): string | null {
  return account.grants.find((grant) => grant.role === 'MEMBER')?.memberId ?? null;
}

/**
 * What a member sees of themself on `me`: their record, where they serve
 * now, and the groups and teams they belong to.
 */
@Resolver(() => AccountModel)
export class AccountResolver {
  @ResolveField(() => MemberModel, {
    nullable: true,
    description: 'The party member this account signs in as.',
  })
  @Authenticated()
  member(
    @Parent() account: AccountModel,
    @Loaders() loaders: RequestLoaders,
    @Info() info: GraphQLResolveInfo,
  ) {
    const memberId = memberIdOf(account);
    return memberId ? loaders.member(revealing(info, [])).load(memberId) : null;
  }

  @ResolveField(() => SecondmentModel, {
    nullable: true,
    description: 'The active secondment (报到), or else a pending report-in request.',
  })
  @Authenticated()
  secondment(@Parent() account: AccountModel, @Loaders() loaders: RequestLoaders) {
    const memberId = memberIdOf(account);
    return memberId ? loaders.currentSecondmentOfMember.load(memberId) : null;
  }

  @ResolveField(() => [GroupAssignmentModel], {
    description: 'The party groups and teams the member belongs to now, with their role.',
  })
  @Authenticated()
  groups(@Parent() account: AccountModel, @Loaders() loaders: RequestLoaders) {
    const memberId = memberIdOf(account);
    return memberId ? loaders.currentAssignmentsOfMember.load(memberId) : [];
  }
}
