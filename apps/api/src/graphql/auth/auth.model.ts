import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import type { Role } from '#core';
import { RoleEnum } from '../common/enums.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@ObjectType('TokenPair', {
  description: 'A short-lived access token and a one-time refresh token that rotates on use.',
})
export class TokenPairModel {
  @Field()
  accessToken!: string;

  @Field(() => GraphQLISODateTime)
  accessTokenExpiresAt!: Date;

  @Field()
  refreshToken!: string;

  @Field(() => GraphQLISODateTime)
  refreshTokenExpiresAt!: Date;
}

@ObjectType('RoleGrant', { description: 'A role and the one thing it is scoped to.' })
export class RoleGrantModel {
  @Field(() => RoleEnum)
  role!: Role;

  @Field(() => UuidScalar, { nullable: true })
  communityId?: string;

  @Field(() => UuidScalar, { nullable: true })
  unitId?: string;

  @Field(() => UuidScalar, { nullable: true })
  partyGroupId?: string;

  @Field(() => UuidScalar, { nullable: true })
  memberId?: string;
}

@ObjectType('Account')
export class AccountModel {
  @Field(() => UuidScalar)
  id!: string;

  @Field()
  username!: string;

  @Field(() => [RoleGrantModel])
  grants!: RoleGrantModel[];

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}
