import { Field, InputType, Int } from '@nestjs/graphql';
import type { Gender, MemberKind, PhysicalCondition } from '#domain/members';
import { GenderEnum, MemberKindEnum, PhysicalConditionEnum } from '../common/enums.js';
import { LocalDateScalar } from '../common/local-date.scalar.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@InputType()
export class AvailabilityWindowInput {
  @Field(() => Int)
  weekday!: number;

  @Field()
  start!: string;

  @Field()
  end!: string;
}

@InputType()
export class RegisterMemberInput {
  @Field(() => MemberKindEnum)
  kind!: MemberKind;

  @Field()
  name!: string;

  @Field(() => GenderEnum, {
    nullable: true,
    description: 'Read from the ID number; if given, it must match.',
  })
  gender?: Gender | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'Read from the ID number; if given, it must match.',
  })
  birthDate?: string | null;

  @Field({ description: 'Mainland mobile; +86, spaces and dashes are accepted.' })
  phone!: string;

  @Field({ description: '18-character resident ID number.' })
  idNumber!: string;

  @Field(() => UuidScalar, { nullable: true })
  residenceCommunityId?: string | null;

  @Field(() => UuidScalar, { nullable: true })
  residenceCourtyardId?: string | null;

  @Field(() => UuidScalar, { nullable: true, description: 'Required for seconded members.' })
  unitId?: string | null;

  @Field(() => [String], { nullable: true })
  skills?: string[] | null;

  @Field(() => [AvailabilityWindowInput], { nullable: true })
  availability?: AvailabilityWindowInput[] | null;

  @Field(() => PhysicalConditionEnum, { nullable: true })
  physicalCondition?: PhysicalCondition | null;
}

@InputType()
export class UpdateMemberInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => UuidScalar, { nullable: true })
  residenceCourtyardId?: string | null;

  @Field(() => [String], { nullable: true })
  skills?: string[] | null;

  @Field(() => [AvailabilityWindowInput], { nullable: true })
  availability?: AvailabilityWindowInput[] | null;

  @Field(() => PhysicalConditionEnum, { nullable: true })
  physicalCondition?: PhysicalCondition | null;
}

@InputType()
export class MemberFilterInput {
  @Field(() => MemberKindEnum, { nullable: true })
  kind?: MemberKind | null;

  @Field(() => UuidScalar, { nullable: true })
  residenceCommunityId?: string | null;

  @Field(() => UuidScalar, { nullable: true })
  unitId?: string | null;

  @Field(() => String, { nullable: true })
  skill?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Part of the name (a surname, a given name); one character is enough.',
  })
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The whole mobile number; +86, spaces and dashes are accepted.',
  })
  phone?: string | null;
}
