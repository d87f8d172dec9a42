import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import type { Gender, MemberKind, PhysicalCondition } from '#domain/members';
import { GenderEnum, MemberKindEnum, PhysicalConditionEnum } from '../common/enums.js';
import { Paginated } from '../common/paginated.js';
import { LocalDateScalar } from '../common/local-date.scalar.js';
import { UuidScalar } from '../common/uuid.scalar.js';
import { CourtyardModel } from '../organisation/organisation.model.js';

@ObjectType('AvailabilityWindow', { description: "A weekly window in the community's local time." })
export class AvailabilityWindowModel {
  @Field(() => Int, { description: '1 = Monday … 7 = Sunday.' })
  weekday!: number;

  @Field({ description: 'HH:MM, inclusive.' })
  start!: string;

  @Field({ description: 'HH:MM, exclusive (24:00 = end of day).' })
  end!: string;
}

/**
 * A party member. Phone and ID number are decrypted only when a query asks
 * for them (the resolver that reads members passes the asked-for fields to
 * the read), masked unless the caller's scope covers the member, and every
 * clear read away from the member's home committee is audited.
 */
@ObjectType('Member')
export class MemberModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field(() => MemberKindEnum)
  kind!: MemberKind;

  @Field()
  name!: string;

  @Field(() => GenderEnum)
  gender!: Gender;

  @Field(() => LocalDateScalar)
  birthDate!: string;

  @Field(() => UuidScalar, { nullable: true })
  residenceCommunityId!: string | null;

  @Field(() => UuidScalar, { nullable: true })
  residenceCourtyardId!: string | null;

  @Field(() => CourtyardModel, { nullable: true, description: 'Read with the member.' })
  residenceCourtyard!: CourtyardModel | null;

  @Field(() => UuidScalar, { nullable: true, description: 'Seconded members only.' })
  unitId!: string | null;

  @Field(() => [String])
  skills!: string[];

  @Field(() => [AvailabilityWindowModel])
  availability!: AvailabilityWindowModel[];

  @Field(() => PhysicalConditionEnum)
  physicalCondition!: PhysicalCondition;

  @Field({ description: 'Masked (138****5678) unless your scope covers this member.' })
  phone!: string;

  @Field({ description: 'Masked unless you hold the member’s record.' })
  idNumber!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}

export const MemberPage = Paginated(MemberModel, 'MemberPage');
