import { Field, InputType } from '@nestjs/graphql';
import { AuthErrors } from '#auth';
import { CommonErrors, type Role, type RoleGrant } from '#core';
import { RoleEnum } from '../common/enums.js';
import { UuidScalar } from '../common/uuid.scalar.js';

@InputType()
export class LoginInput {
  @Field()
  username!: string;

  @Field()
  password!: string;
}

@InputType()
export class RefreshTokenInput {
  @Field()
  refreshToken!: string;
}

@InputType()
export class RoleGrantInput {
  @Field(() => RoleEnum)
  role!: Role;

  @Field(() => UuidScalar, { nullable: true })
  communityId?: string | null;

  @Field(() => UuidScalar, { nullable: true })
  unitId?: string | null;

  @Field(() => UuidScalar, { nullable: true })
  memberId?: string | null;
}

@InputType()
export class CreateAccountInput {
  @Field()
  username!: string;

  @Field()
  password!: string;

  @Field(() => [RoleGrantInput])
  grants!: RoleGrantInput[];
}

const missingScope = () =>
  CommonErrors.invalidInput('grants', {
    'zh-CN': '角色缺少对应的范围',
    en: 'A role is missing the scope it names',
  });

/** GraphQL's flat grant input to the domain's tagged union; each role needs its one scope id. */
export function grantFromInput(input: RoleGrantInput): RoleGrant {
  const { role } = input;
  switch (role) {
    case 'OPERATOR':
      return { role };
    case 'COMMUNITY_ADMIN':
      if (!input.communityId) throw missingScope();
      return { role, communityId: input.communityId };
    case 'UNIT_HR':
      if (!input.unitId) throw missingScope();
      return { role, unitId: input.unitId };
    case 'GROUP_LEADER':
      throw AuthErrors.groupLeaderIsDerived();
    case 'MEMBER':
      if (!input.memberId) throw missingScope();
      return { role, memberId: input.memberId };
  }
}
