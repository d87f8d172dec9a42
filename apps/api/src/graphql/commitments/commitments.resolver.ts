import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { CommitmentsService, ComplianceQueries, RequirementsService } from '#domain/commitments';
import { LocalDateScalar } from '../common/local-date.scalar.js';
import { PageArgs, pagedComplexity, toPageRequest } from '../common/page.args.js';
import { UuidScalar } from '../common/uuid.scalar.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { RequireRoles } from '../policy/policy.decorator.js';
import { CommitmentInput, ServiceRequirementInput } from './commitments.input.js';
import {
  CommitmentModel,
  ComplianceModel,
  CompliancePage,
  ServiceRequirementModel,
} from './commitments.model.js';

const OPTIONAL_ID = { type: () => UuidScalar, nullable: true } as const;
const AS_OF = {
  type: () => LocalDateScalar,
  nullable: true,
  description:
    'A day of the period to judge (today by default); a past day is judged by what stood then.',
} as const;

/** Commitments members sign, requirements units and communities set, and compliance with both. */
@Resolver()
export class CommitmentsResolver {
  constructor(
    private readonly commitments: CommitmentsService,
    private readonly requirements: RequirementsService,
    private readonly standings: ComplianceQueries,
  ) {}

  @Query(() => CommitmentModel, { nullable: true, description: 'Your standing commitment.' })
  @RequireRoles('MEMBER')
  myCommitment(@CurrentActor() actor: Actor) {
    return this.commitments.standing(actor);
  }

  @Mutation(() => CommitmentModel, {
    description: 'Pledges volunteer hours a month; replaces your standing commitment.',
  })
  @RequireRoles('MEMBER')
  signCommitment(@CurrentActor() actor: Actor, @Args('input') input: CommitmentInput) {
    return this.commitments.sign(actor, input);
  }

  @Mutation(() => CommitmentModel, { description: 'Ends your standing commitment.' })
  @RequireRoles('MEMBER')
  withdrawCommitment(@CurrentActor() actor: Actor) {
    return this.commitments.withdraw(actor);
  }

  @Query(() => ServiceRequirementModel, {
    nullable: true,
    description: 'The standing requirement of a unit (its HR) or a community (its committee).',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'UNIT_HR')
  serviceRequirement(
    @CurrentActor() actor: Actor,
    @Args('unitId', OPTIONAL_ID) unitId: string | null,
    @Args('communityId', OPTIONAL_ID) communityId: string | null,
  ) {
    return this.requirements.standing(actor, { unitId, communityId });
  }

  @Mutation(() => ServiceRequirementModel, {
    description:
      'Sets what a unit or community asks of its seconded members per period; replaces the standing one (audited).',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'UNIT_HR')
  setServiceRequirement(
    @CurrentActor() actor: Actor,
    @Args('input') input: ServiceRequirementInput,
  ) {
    return this.requirements.set(actor, input);
  }

  @Mutation(() => ServiceRequirementModel, {
    description: 'Ends the standing requirement (audited).',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'UNIT_HR')
  clearServiceRequirement(
    @CurrentActor() actor: Actor,
    @Args('unitId', OPTIONAL_ID) unitId: string | null,
    @Args('communityId', OPTIONAL_ID) communityId: string | null,
  ) {
    return this.requirements.clear(actor, { unitId, communityId });
  }

  @Query(() => [ComplianceModel], {
    description: 'How you stand on your commitment and the requirements over you.',
  })
  @RequireRoles('MEMBER')
  myCompliance(@CurrentActor() actor: Actor, @Args('asOf', AS_OF) asOf: string | null) {
    return this.standings.mine(actor, asOf);
  }

  @Query(() => CompliancePage, {
    complexity: pagedComplexity,
    description:
      'How members stand: under a unit’s requirement (its HR), a community’s (its committee), or all of a party group’s members’ obligations (its leader, deputy or committee). Exactly one of the three ids.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'UNIT_HR', 'GROUP_LEADER')
  compliance(
    @CurrentActor() actor: Actor,
    @Args() page: PageArgs,
    @Args('unitId', OPTIONAL_ID) unitId: string | null,
    @Args('communityId', OPTIONAL_ID) communityId: string | null,
    @Args('partyGroupId', OPTIONAL_ID) partyGroupId: string | null,
    @Args('asOf', AS_OF) asOf: string | null,
    @Args('behindOnly', { defaultValue: false }) behindOnly: boolean,
  ) {
    return this.standings.of(
      actor,
      { unitId, communityId, partyGroupId },
      { asOf, behindOnly },
      toPageRequest(page),
    );
  }
}
