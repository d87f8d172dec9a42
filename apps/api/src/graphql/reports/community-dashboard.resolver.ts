import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { CommunityDashboards } from '#domain/reports';
import { ID_ARG } from '../common/uuid.scalar.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { RequireRoles } from '../policy/policy.decorator.js';
import { CommunityDashboardModel } from './community-dashboard.model.js';
import { ReportPeriodInput } from './reports.input.js';

@Resolver()
export class CommunityDashboardResolver {
  constructor(private readonly dashboards: CommunityDashboards) {}

  @Query(() => CommunityDashboardModel, {
    description:
      'The community’s dashboard for whole months: its committee or an operator. Service by month, category, party group, team and kind of member; top volunteers; demand response times; tasks escalated, unfilled and open; post coverage.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  communityDashboard(
    @CurrentActor() actor: Actor,
    @Args('communityId', ID_ARG) communityId: string,
    @Args('period') period: ReportPeriodInput,
  ) {
    return this.dashboards.dashboard(actor, communityId, period);
  }
}
