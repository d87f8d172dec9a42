import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import type { AssignmentEndReason, BranchStatus, GroupRole, TeamKind } from '#domain/branches';
import {
  AssignmentEndReasonEnum,
  BranchStatusEnum,
  GroupRoleEnum,
  TeamKindEnum,
} from '../common/enums.js';
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

  @Field(() => BranchStatusEnum)
  status!: BranchStatus;

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

  @Field(() => AssignmentEndReasonEnum, { nullable: true })
  endReason!: AssignmentEndReason | null;
}

@ObjectType('ProposedSquad')
export class ProposedSquadModel {
  @Field()
  specialty!: string;

  @Field(() => [UuidScalar])
  memberIds!: string[];
}
