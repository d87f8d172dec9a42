import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { OrganisationService } from '#domain/organisation';
import {
  PairingEndService,
  RotationBatchesService,
  SecondmentQueries,
  SecondmentService,
  ServingService,
} from '#domain/secondment';
import { PageArgs, pagedComplexity, toPageRequest } from '../common/page.args.js';
import { ID_ARG, OPTIONAL_ID_ARG } from '../common/uuid.scalar.js';
import { CommunityModel, PairingModel } from '../organisation/organisation.model.js';
import { Authenticated, RequireRoles } from '../policy/policy.decorator.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import {
  BatchReportInInput,
  CreateRotationBatchInput,
  OverdueFilterInput,
  ReportInInput,
  SecondmentFilterInput,
} from './secondment.input.js';
import { RotationBatchModel, SecondmentModel, SecondmentPage } from './secondment.model.js';

@Resolver(() => SecondmentModel)
export class SecondmentResolver {
  constructor(
    private readonly secondmentService: SecondmentService,
    private readonly serving: ServingService,
    private readonly queries: SecondmentQueries,
    private readonly batches: RotationBatchesService,
    private readonly organisation: OrganisationService,
    private readonly pairingEnd: PairingEndService,
  ) {}

  @Query(() => SecondmentModel)
  @Authenticated()
  secondment(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.queries.secondment(actor, id);
  }

  @Query(() => SecondmentPage, { complexity: pagedComplexity })
  @Authenticated()
  secondments(
    @CurrentActor() actor: Actor,
    @Args() page: PageArgs,
    @Args('filter', { type: () => SecondmentFilterInput, nullable: true })
    filter: SecondmentFilterInput | null,
  ) {
    return this.queries.secondments(actor, filter ?? {}, toPageRequest(page));
  }

  @Query(() => SecondmentPage, {
    complexity: pagedComplexity,
    description: 'Active secondments past their re-report date.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'UNIT_HR')
  overdueReReports(
    @CurrentActor() actor: Actor,
    @Args() page: PageArgs,
    @Args('filter', { type: () => OverdueFilterInput, nullable: true })
    filter: OverdueFilterInput | null,
  ) {
    return this.queries.overdueReReports(actor, filter ?? {}, toPageRequest(page));
  }

  @Query(() => [RotationBatchModel])
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'UNIT_HR')
  rotationBatches(
    @CurrentActor() actor: Actor,
    @Args('communityId', OPTIONAL_ID_ARG) communityId: string | null,
  ) {
    return this.batches.batches(actor, { communityId });
  }

  @Mutation(() => SecondmentModel, {
    description: 'Individual report-in (by the member or unit HR).',
  })
  @RequireRoles('OPERATOR', 'MEMBER', 'UNIT_HR')
  reportIn(@CurrentActor() actor: Actor, @Args('input') input: ReportInInput) {
    return this.secondmentService.reportIn(actor, input);
  }

  @Mutation(() => [SecondmentModel], { description: 'A unit sends a list of its members at once.' })
  @RequireRoles('OPERATOR', 'UNIT_HR')
  batchReportIn(@CurrentActor() actor: Actor, @Args('input') input: BatchReportInInput) {
    return this.secondmentService.batchReportIn(actor, input);
  }

  @Mutation(() => SecondmentModel, { description: 'Move to another community; the unit approves.' })
  @RequireRoles('OPERATOR', 'MEMBER', 'UNIT_HR')
  requestTransfer(@CurrentActor() actor: Actor, @Args('input') input: ReportInInput) {
    return this.secondmentService.requestTransfer(actor, input);
  }

  @Mutation(() => SecondmentModel)
  @RequireRoles('OPERATOR', 'UNIT_HR')
  approveSecondment(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.secondmentService.approveByUnit(actor, id);
  }

  @Mutation(() => SecondmentModel, { description: 'Accept and issue a receipt number.' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  acceptSecondment(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.secondmentService.accept(actor, id);
  }

  @Mutation(() => SecondmentModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'UNIT_HR')
  rejectSecondment(
    @CurrentActor() actor: Actor,
    @Args('id', ID_ARG) id: string,
    @Args('reason') reason: string,
  ) {
    return this.secondmentService.reject(actor, id, reason);
  }

  @Mutation(() => SecondmentModel)
  @RequireRoles('OPERATOR', 'UNIT_HR', 'MEMBER')
  endSecondment(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.serving.end(actor, id);
  }

  @Mutation(() => SecondmentModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  recordReReport(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.serving.recordReReport(actor, id);
  }

  @Mutation(() => CommunityModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  setReReportInterval(
    @CurrentActor() actor: Actor,
    @Args('communityId', ID_ARG) communityId: string,
    @Args('months', { type: () => Int }) months: number,
  ) {
    return this.organisation.setReReportInterval(actor, communityId, months);
  }

  @Mutation(() => RotationBatchModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  createRotationBatch(
    @CurrentActor() actor: Actor,
    @Args('input') input: CreateRotationBatchInput,
  ) {
    return this.batches.create(actor, input);
  }

  @Mutation(() => RotationBatchModel, { description: 'Ends the batch and its secondments.' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  endRotationBatch(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.batches.end(actor, id);
  }

  @Mutation(() => PairingModel, {
    description:
      'Ends a pairing and keeps it as history; refused while it has open rotation batches or members of the unit serving or pending here.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  endPairing(
    @CurrentActor() actor: Actor,
    @Args('unitId', ID_ARG) unitId: string,
    @Args('communityId', ID_ARG) communityId: string,
  ) {
    return this.pairingEnd.endPairing(actor, { unitId, communityId });
  }
}
