import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import type { ShiftSwapStatus } from '#domain/posts';
import { ShiftSwapStatusEnum } from '../common/enums.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@ObjectType('FellowClaimant', { description: 'A member who also claimed the post.' })
export class FellowClaimantModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field()
  name!: string;
}

@ObjectType('ShiftSwap', {
  description: 'A request to hand a booked shift to a fellow claimant, who accepts or declines.',
})
export class ShiftSwapModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => ShiftSwapStatusEnum)
  status!: ShiftSwapStatus;

  @Field()
  note!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

@ObjectType('ShiftSwapRequest', {
  description: 'An open swap request, asked or received, with its shift and both members.',
})
export class ShiftSwapRequestModel extends ShiftSwapModel {
  @Field(() => UuidScalar)
  shiftId!: string;

  @Field()
  postName!: string;

  @Field(() => GraphQLISODateTime)
  startsAt!: Date;

  @Field(() => GraphQLISODateTime)
  endsAt!: Date;

  @Field(() => FellowClaimantModel, { description: 'Who asks to be relieved.' })
  fromMember!: FellowClaimantModel;

  @Field(() => FellowClaimantModel, { description: 'Who is asked to take the shift over.' })
  toMember!: FellowClaimantModel;
}
