import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Actor } from '#core';
import { MemberDirectory, MemberProfileService, MembersService } from '#domain/members';
import { revealing, selects } from '../common/look-ahead.js';
import { PageArgs, pagedComplexity, toPageRequest } from '../common/page.args.js';
import { ID_ARG } from '../common/uuid.scalar.js';
import { Authenticated, RequireRoles } from '../policy/policy.decorator.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { MemberFilterInput, RegisterMemberInput, UpdateMemberInput } from './member.input.js';
import { MemberModel, MemberPage } from './member.model.js';

@Resolver(() => MemberModel)
export class MemberResolver {
  constructor(
    private readonly membersService: MembersService,
    private readonly directory: MemberDirectory,
    private readonly profiles: MemberProfileService,
  ) {}

  @Query(() => MemberModel)
  @Authenticated()
  member(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.directory.member(actor, id, revealing(info, []));
  }

  @Query(() => MemberPage, { complexity: pagedComplexity })
  @Authenticated()
  members(
    @CurrentActor() actor: Actor,
    @Args() page: PageArgs,
    @Args('filter', { type: () => MemberFilterInput, nullable: true })
    filter: MemberFilterInput | null,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.directory.members(actor, filter ?? {}, toPageRequest(page), {
      withTotal: selects(info, ['totalCount']),
      revealing: revealing(info, ['items']),
    });
  }

  @Mutation(() => MemberModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'UNIT_HR')
  registerMember(
    @CurrentActor() actor: Actor,
    @Args('input') input: RegisterMemberInput,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.membersService.register(actor, input, revealing(info, []));
  }

  @Mutation(() => MemberModel)
  @Authenticated()
  updateMember(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Args('input') input: UpdateMemberInput,
    @Info() info: GraphQLResolveInfo,
  ) {
    return this.profiles.update(actor, id, input, revealing(info, []));
  }
}
