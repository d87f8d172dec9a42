import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import type { Role } from '#core';
import { RoleEnum } from '../common/enums.js';
import { Paginated } from '../common/paginated.js';
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
  @Field(() => UuidScalar, {
    nullable: true,
    description:
      'The grant to name in revokeRoleGrant; null for GROUP_LEADER, which comes with leading a party group.',
  })
  id?: string | null;

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

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Set while the account is disabled: it cannot sign in.',
  })
  disabledAt?: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

/** The party member an account signs in as (its MEMBER grant), if any. */
export function memberIdOf(account: AccountModel): string | null {
  return account.grants.find((grant) => grant.role === 'MEMBER')?.memberId ?? null;
}

export const AccountPage = Paginated(AccountModel, 'AccountPage');
