import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type { GroupRole, TeamKind } from '#domain/branches';
import { GroupRoleEnum, TeamKindEnum } from '../common/enums.js';
import { LocalDateScalar } from '../common/local-date.scalar.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@ObjectType('TemporaryBranch', { description: '临时党支部' })
export class TemporaryBranchModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field()
  name!: string;

  @Field()
  purpose!: string;

  @Field(() => LocalDateScalar)
  startsOn!: string;

  @Field(() => LocalDateScalar, { nullable: true })
  endsOn!: string | null;

  @Field({ description: 'OPEN or DISSOLVED.' })
  status!: string;

  @Field(() => GraphQLISODateTime, { nullable: true })
  dissolvedAt!: Date | null;
}

@ObjectType('PartyGroup', { description: '党小组: covers one courtyard.' })
export class PartyGroupModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  branchId!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => UuidScalar)
  courtyardId!: string;

  @Field()
  name!: string;
}

@ObjectType('Team', { description: '志愿服务队 / 小分队' })
export class TeamModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field()
  name!: string;

  @Field(() => TeamKindEnum)
  kind!: TeamKind;

  @Field()
  specialty!: string;
}

@ObjectType('GroupAssignment', { description: 'A member’s role in a group or team, for a period.' })
export class GroupAssignmentModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  memberId!: string;

  @Field(() => UuidScalar, { nullable: true })
  partyGroupId!: string | null;

  @Field(() => UuidScalar, { nullable: true })
  teamId!: string | null;

  @Field(() => GroupRoleEnum)
  role!: GroupRole;

  @Field(() => GraphQLISODateTime)
  startedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  endedAt!: Date | null;

  @Field(() => String, { nullable: true })
  endReason!: string | null;
}

@ObjectType('ProposedSquad')
export class ProposedSquadModel {
  @Field()
  specialty!: string;

  @Field(() => [UuidScalar])
  memberIds!: string[];
}

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

  @Field()
  status!: string;

  @Field(() => [OverviewGroupModel])
  groups!: OverviewGroupModel[];
}

@ObjectType('OverviewCourtyard')
export class OverviewCourtyardModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field()
  name!: string;

  @Field()
  kind!: string;
}

@ObjectType('OverviewTeam')
export class OverviewTeamModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field()
  name!: string;

  @Field()
  kind!: string;

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
