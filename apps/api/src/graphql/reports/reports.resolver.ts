import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { ParticipationReports } from '#domain/reports';
import { ID_ARG } from '../common/uuid.scalar.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { RequireRoles } from '../policy/policy.decorator.js';
import { ReportPeriodInput } from './reports.input.js';
import { UnitParticipationReportModel } from './reports.model.js';

/** Participation reports: what a unit's HR office pulls for its own members (audited). */
@Resolver()
export class ReportsResolver {
  constructor(private readonly reports: ParticipationReports) {}

  @Query(() => UnitParticipationReportModel, {
    description:
      'A unit’s participation report for whole months: its HR office or an operator; every read is audited.',
  })
  @RequireRoles('OPERATOR', 'UNIT_HR')
  unitParticipationReport(
    @CurrentActor() actor: Actor,
    @Args('unitId', ID_ARG) unitId: string,
    @Args('period') period: ReportPeriodInput,
  ) {
    return this.reports.unitReport(actor, unitId, period);
  }
}
