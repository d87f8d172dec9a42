import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { BranchStatus, TeamKind } from '#domain/branches';
import type { CourtyardKind } from '#domain/organisation';
import { BranchStatusEnum, CourtyardKindEnum, TeamKindEnum } from '../common/enums.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@ObjectType('OverviewPerson')
export class OverviewPersonModel {
  @Field(() => UuidScalar)
  memberId!: string;

  @Field()
  name!: string;
}

@ObjectType('OverviewGroup')
export class OverviewGroupModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field()
  name!: string;

  @Field(() => UuidScalar)
  courtyardId!: string;

  @Field()
  courtyardName!: string;

  @Field(() => OverviewPersonModel, { nullable: true })
  leader!: OverviewPersonModel | null;

  @Field(() => OverviewPersonModel, { nullable: true })
  deputy!: OverviewPersonModel | null;

  @Field(() => Int)
  memberCount!: number;
}

@ObjectType('OverviewBranch')
export class OverviewBranchModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field()
  name!: string;

  @Field(() => BranchStatusEnum)
  status!: BranchStatus;

  @Field(() => [OverviewGroupModel])
  groups!: OverviewGroupModel[];
}

@ObjectType('OverviewCourtyard')
export class OverviewCourtyardModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field()
  name!: string;

  @Field(() => CourtyardKindEnum)
  kind!: CourtyardKind;
}

@ObjectType('OverviewTeam')
export class OverviewTeamModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field()
  name!: string;

  @Field(() => TeamKindEnum)
  kind!: TeamKind;

  @Field()
  specialty!: string;

  @Field(() => Int)
  memberCount!: number;
}

@ObjectType('OverviewCommunity')
export class OverviewCommunityModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field()
  name!: string;

  @Field()
  timeZone!: string;

  @Field(() => Int)
  reReportIntervalMonths!: number;
}

@ObjectType('CommunityOverview', {
  description: 'The committee’s view of its community, read in a fixed number of statements.',
})
export class CommunityOverviewModel {
  @Field(() => OverviewCommunityModel)
  community!: OverviewCommunityModel;

  @Field(() => [OverviewCourtyardModel])
  courtyards!: OverviewCourtyardModel[];

  @Field(() => [OverviewBranchModel])
  branches!: OverviewBranchModel[];

  @Field(() => [OverviewTeamModel])
  teams!: OverviewTeamModel[];

  @Field(() => Int)
  residentMembers!: number;

  @Field(() => Int, { description: 'Seconded members with an active secondment here.' })
  secondedMembers!: number;

  @Field(() => Int)
  overdueReReports!: number;
}
