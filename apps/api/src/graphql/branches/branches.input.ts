import { Field, InputType } from '@nestjs/graphql';
import type { GroupRole, TeamKind } from '#domain/branches';
import { GroupRoleEnum, TeamKindEnum } from '../common/enums.js';
import { LocalDateScalar } from '../common/local-date.scalar.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@InputType()
export class CreateTemporaryBranchInput {
  @Field(() => UuidScalar)
  communityId!: string;

  @Field()
  name!: string;

  @Field()
  purpose!: string;

  @Field(() => LocalDateScalar)
  startsOn!: string;

  @Field(() => LocalDateScalar, { nullable: true })
  endsOn?: string | null;
}

@InputType()
export class CreatePartyGroupInput {
  @Field(() => UuidScalar)
  branchId!: string;

  @Field(() => UuidScalar)
  courtyardId!: string;

  @Field()
  name!: string;
}

@InputType()
export class CreateTeamInput {
  @Field(() => UuidScalar)
  communityId!: string;

  @Field()
  name!: string;

  @Field(() => TeamKindEnum)
  kind!: TeamKind;

  @Field()
  specialty!: string;
}

@InputType()
export class AssignMemberInput {
  @Field(() => UuidScalar)
  memberId!: string;

  @Field(() => UuidScalar, { nullable: true })
  partyGroupId?: string | null;

  @Field(() => UuidScalar, { nullable: true })
  teamId?: string | null;

  @Field(() => GroupRoleEnum)
  role!: GroupRole;
}

@InputType()
export class ProposeSquadsInput {
  @Field(() => UuidScalar)
  unitId!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => [String])
  specialties!: string[];
}

@InputType()
export class SquadInput {
  @Field()
  name!: string;

  @Field()
  specialty!: string;

  @Field(() => [UuidScalar])
  memberIds!: string[];
}

@InputType()
export class AcceptSquadsInput {
  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => [SquadInput])
  squads!: SquadInput[];
}
