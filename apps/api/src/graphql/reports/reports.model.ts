import { Field, Float, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type { PeriodKind } from '#domain/commitments';
import type { ExportFormat, ExportKind, ExportStatus } from '#domain/reports';
import {
  ExportFormatEnum,
  ExportKindEnum,
  ExportStatusEnum,
  PeriodKindEnum,
} from '../common/enums.js';
import { LocalDateScalar } from '../common/local-date.scalar.js';
import { UuidScalar } from '../common/uuid.scalar.js';
import { FileLinkModel } from '../photos/photos.model.js';

@ObjectType('ReportPeriod', { description: 'Whole calendar months, both ends included.' })
export class ReportPeriodModel {
  @Field(() => LocalDateScalar, { description: 'The first day of the first month.' })
  fromMonth!: string;

  @Field(() => LocalDateScalar, { description: 'The first day of the last month.' })
  toMonth!: string;

  @Field(() => Int)
  months!: number;

  @Field()
  label!: string;
}

@ObjectType('ReportBreakdown')
export class BreakdownModel {
  @Field({ description: 'A task category, a community’s name, or a month (YYYY-MM).' })
  key!: string;

  @Field(() => Float)
  hours!: number;

  @Field(() => Int)
  activities!: number;
}

@ObjectType('MemberParticipation')
export class MemberParticipationModel {
  @Field(() => UuidScalar)
  memberId!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'Where the member serves now.' })
  community!: string | null;

  @Field(() => Float)
  hours!: number;

  @Field(() => Int)
  activities!: number;

  @Field(() => Int, { description: 'Verified logs of shifts on duty posts.' })
  shifts!: number;

  @Field(() => Float, { nullable: true, description: 'Of the rated tasks they served, 1–5.' })
  averageRating!: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Met the requirement scaled to the period; null without a requirement.',
  })
  metRequirement!: boolean | null;
}

@ObjectType('ScaledRequirement')
export class ScaledRequirementModel {
  @Field(() => PeriodKindEnum, { description: 'The period the requirement was set for.' })
  period!: PeriodKind;

  @Field(() => Float, { nullable: true, description: 'Hours over the report’s months.' })
  hours!: number | null;

  @Field(() => Int, { nullable: true, description: 'Activities over the report’s months.' })
  activities!: number | null;
}

@ObjectType('UnitParticipationReport', {
  description:
    'A unit’s seconded members and their service. Counts verified duty logs only: never a submitted, rejected or superseded one.',
})
export class UnitParticipationReportModel {
  @Field(() => UuidScalar)
  unitId!: string;

  @Field()
  unitName!: string;

  @Field(() => ReportPeriodModel)
  period!: ReportPeriodModel;

  @Field(() => Int)
  secondedMembers!: number;

  @Field(() => Int, { description: 'Members with an ACTIVE report-in now.' })
  reportedIn!: number;

  @Field(() => Float, { description: '0 to 1.' })
  reportInRate!: number;

  @Field(() => Int, { description: 'Members with at least one verified log in the period.' })
  activeMembers!: number;

  @Field(() => Float)
  hours!: number;

  @Field(() => Float)
  medianHours!: number;

  @Field(() => Float)
  hoursPerMember!: number;

  @Field(() => Int)
  activities!: number;

  @Field(() => Int, { description: 'Verified logs of task bookings.' })
  tasksServed!: number;

  @Field(() => Int, { description: 'Verified logs of shifts on duty posts.' })
  shiftsKept!: number;

  @Field(() => ScaledRequirementModel, { nullable: true })
  requirement!: ScaledRequirementModel | null;

  @Field(() => Float, { nullable: true, description: 'Share of members who met it, 0 to 1.' })
  completionRate!: number | null;

  @Field(() => [MemberParticipationModel])
  belowRequirement!: MemberParticipationModel[];

  @Field(() => [BreakdownModel])
  byCategory!: BreakdownModel[];

  @Field(() => [BreakdownModel])
  byCommunity!: BreakdownModel[];

  @Field(() => [BreakdownModel])
  byMonth!: BreakdownModel[];

  @Field(() => [MemberParticipationModel])
  members!: MemberParticipationModel[];
}

@ObjectType('ReportExport', {
  description:
    'A report file made by the worker; its download link works for a few minutes (ask again for a fresh one).',
})
export class ReportExportModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => ExportKindEnum)
  kind!: ExportKind;

  @Field(() => ExportFormatEnum)
  format!: ExportFormat;

  @Field(() => UuidScalar, { nullable: true })
  unitId!: string | null;

  @Field(() => UuidScalar, { nullable: true })
  memberId!: string | null;

  @Field(() => UuidScalar, { nullable: true })
  communityId!: string | null;

  @Field(() => LocalDateScalar)
  fromMonth!: string;

  @Field(() => LocalDateScalar)
  toMonth!: string;

  @Field(() => ExportStatusEnum)
  status!: ExportStatus;

  @Field(() => Int, { description: '0 to 100.' })
  progress!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Member rows (a unit report) or activities (a member report) in the file.',
  })
  rows!: number | null;

  @Field(() => Float, { nullable: true })
  bytes!: number | null;

  @Field(() => GraphQLISODateTime)
  requestedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => FileLinkModel, { nullable: true, description: 'Once DONE.' })
  download!: FileLinkModel | null;
}

@ObjectType('ReportedActivity')
export class ReportedActivityModel {
  @Field(() => LocalDateScalar)
  date!: string;

  @Field()
  theme!: string;

  @Field()
  content!: string;

  @Field()
  place!: string;

  @Field()
  community!: string;

  @Field(() => Float)
  hours!: number;

  @Field({ description: 'False for an obligatory duty (履职): never volunteer service.' })
  volunteerService!: boolean;
}

@ObjectType('CommitmentKept')
export class CommitmentKeptModel {
  @Field(() => Float)
  hoursPerMonth!: number;

  @Field(() => Int)
  monthsKept!: number;

  @Field(() => Int)
  months!: number;
}

@ObjectType('RatingsReceived')
export class RatingsModel {
  @Field(() => Int)
  count!: number;

  @Field(() => Float, { nullable: true })
  average!: number | null;
}

@ObjectType('MemberReport', {
  description:
    'What a member hands to their own branch for a half-year or a year: verified duty logs only.',
})
export class MemberReportModel {
  @Field(() => UuidScalar)
  memberId!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  unitName!: string | null;

  @Field(() => String, { nullable: true })
  community!: string | null;

  @Field(() => ReportPeriodModel)
  period!: ReportPeriodModel;

  @Field(() => Float)
  hours!: number;

  @Field(() => Float)
  volunteerHours!: number;

  @Field(() => Int)
  tasksServed!: number;

  @Field(() => Int)
  shiftsKept!: number;

  @Field(() => [String])
  posts!: string[];

  @Field(() => CommitmentKeptModel, { nullable: true })
  commitment!: CommitmentKeptModel | null;

  @Field(() => RatingsModel)
  ratings!: RatingsModel;

  @Field(() => Int)
  starLevel!: number;

  @Field(() => [ReportedActivityModel])
  activities!: ReportedActivityModel[];
}
