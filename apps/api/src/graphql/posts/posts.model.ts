import { Field, Float, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type { MemberKind } from '#domain/members';
import type { PostClaimStatus, PostStatus } from '#domain/posts';
import { MemberKindEnum, PostClaimStatusEnum, PostStatusEnum } from '../common/enums.js';
import { LocalDateScalar } from '../common/local-date.scalar.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@ObjectType('PostSlot', {
  description:
    'Every such weekday, in the community’s time zone, a shift starts then and lasts this long.',
})
export class PostSlotModel {
  @Field(() => Int, { description: 'ISO weekday: 1 = Monday … 7 = Sunday.' })
  weekday!: number;

  @Field({ description: 'Local start time, HH:MM.' })
  startTime!: string;

  @Field(() => Int)
  minutes!: number;
}

@ObjectType('Post', {
  description:
    '岗位: a recurring duty of a community, claimed by members, with shifts planned four weeks ahead.',
})
export class PostModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  communityId!: string;

  @Field(() => UuidScalar)
  courtyardId!: string;

  @Field(() => UuidScalar)
  taskTypeId!: string;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(() => Int, { description: 'Members wanted per shift.' })
  headcount!: number;

  @Field(() => [PostSlotModel])
  slots!: PostSlotModel[];

  @Field(() => LocalDateScalar)
  startsOn!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Open-ended when null.' })
  endsOn!: string | null;

  @Field(() => Float, { nullable: true })
  latitude!: number | null;

  @Field(() => Float, { nullable: true })
  longitude!: number | null;

  @Field(() => PostStatusEnum)
  status!: PostStatus;
}

@ObjectType('PostClaim', {
  description: '认领: a member’s claim of a post, with their commitment.',
})
export class PostClaimModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  postId!: string;

  @Field(() => UuidScalar)
  memberId!: string;

  @Field(() => Int)
  shiftsPerMonth!: number;

  @Field(() => LocalDateScalar, {
    description: 'No shift after this date is booked for the claim.',
  })
  until!: string;

  @Field()
  commitment!: string;

  @Field(() => PostClaimStatusEnum)
  status!: PostClaimStatus;

  @Field(() => GraphQLISODateTime)
  claimedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  endedAt!: Date | null;
}

@ObjectType('Shift', {
  description: 'One shift of a post, with how many of its places are booked.',
})
export class ShiftModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => UuidScalar)
  postId!: string;

  @Field()
  postName!: string;

  @Field(() => GraphQLISODateTime)
  startsAt!: Date;

  @Field(() => GraphQLISODateTime)
  endsAt!: Date;

  @Field(() => Int)
  headcount!: number;

  @Field(() => Int, {
    description: 'Members booked: on the shift, or through a task refilling a released place.',
  })
  booked!: number;

  @Field(() => Int, { description: 'Released places whose refill task is still out in dispatch.' })
  refilling!: number;

  @Field(() => Int, { description: 'Places open: neither booked nor being refilled.' })
  open!: number;
}

@ObjectType('ShiftMember')
export class ShiftMemberModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field()
  name!: string;

  @Field(() => MemberKindEnum)
  kind!: MemberKind;
}

@ObjectType('ShiftCoverage', { description: 'A shift as the committee plans it: who is booked.' })
export class ShiftCoverageModel extends ShiftModel {
  @Field(() => [ShiftMemberModel])
  members!: ShiftMemberModel[];
}
