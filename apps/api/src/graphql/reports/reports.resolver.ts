import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import {
  MemberReports,
  ParticipationReports,
  ReportExports,
  type ExportFormat,
} from '#domain/reports';
import { ExportFormatEnum } from '../common/enums.js';
import { ID_ARG } from '../common/uuid.scalar.js';
import { CurrentActor } from '../policy/current-actor.decorator.js';
import { RequireRoles } from '../policy/policy.decorator.js';
import { ReportPeriodInput } from './reports.input.js';
import {
  MemberReportModel,
  ReportExportModel,
  UnitParticipationReportModel,
} from './reports.model.js';

/** Reports: a unit's participation (its HR office) and a member's own report; their exports (audited). */
@Resolver()
export class ReportsResolver {
  constructor(
    private readonly reports: ParticipationReports,
    private readonly memberReports: MemberReports,
    private readonly exports: ReportExports,
  ) {}

  @Query(() => MemberReportModel, {
    description:
      'A member’s report for a period: the member, their unit’s HR, a committee of a community of theirs, an operator (audited).',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'UNIT_HR', 'MEMBER')
  memberReport(
    @CurrentActor() actor: Actor,
    @Args('memberId', ID_ARG) memberId: string,
    @Args('period') period: ReportPeriodInput,
  ) {
    return this.memberReports.read(actor, memberId, period);
  }

  @Mutation(() => ReportExportModel, {
    description: 'Asks the worker for the member report as a printable PDF (A4; audited).',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'UNIT_HR', 'MEMBER')
  exportMemberReport(
    @CurrentActor() actor: Actor,
    @Args('memberId', ID_ARG) memberId: string,
    @Args('period') period: ReportPeriodInput,
  ) {
    return this.exports.requestMemberReport(actor, { memberId, period });
  }

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

  @Mutation(() => ReportExportModel, {
    description:
      'Asks the worker for the unit participation report as a file; follow it with reportExport (audited).',
  })
  @RequireRoles('OPERATOR', 'UNIT_HR')
  exportUnitParticipationReport(
    @CurrentActor() actor: Actor,
    @Args('unitId', ID_ARG) unitId: string,
    @Args('period') period: ReportPeriodInput,
    @Args('format', { type: () => ExportFormatEnum }) format: ExportFormat,
  ) {
    return this.exports.requestUnitReport(actor, { unitId, period, format });
  }

  @Mutation(() => ReportExportModel, {
    description:
      'Asks the worker for a community’s volunteer records (national standard fields; volunteer service only) as XLSX: ID numbers and phones, so the committee or an operator only, audited, and the file is sealed in storage.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  exportVolunteerRecords(
    @CurrentActor() actor: Actor,
    @Args('communityId', ID_ARG) communityId: string,
    @Args('period') period: ReportPeriodInput,
  ) {
    return this.exports.requestVolunteerRecords(actor, { communityId, period });
  }

  @Query(() => ReportExportModel, {
    description: 'An export you asked for: its status, then its link.',
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'UNIT_HR', 'MEMBER')
  reportExport(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.exports.byId(actor, id);
  }

  @Query(() => [ReportExportModel], { description: 'Your last 50 exports, newest first.' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN', 'UNIT_HR', 'MEMBER')
  myReportExports(@CurrentActor() actor: Actor) {
    return this.exports.mine(actor);
  }
}
