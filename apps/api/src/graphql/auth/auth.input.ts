import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { AuthErrors } from '#auth';
import { CommonErrors, type Role, type RoleGrant } from '#core';
import { RoleEnum } from '../common/enums.js';
import { PageArgs } from '../common/page.args.js';
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

@InputType()
export class ChangePasswordInput {
  @Field()
  currentPassword!: string;

  @Field({ description: '10 to 128 characters, different from the current one.' })
  newPassword!: string;
}

@InputType()
export class ResetPasswordInput {
  @Field(() => UuidScalar)
  accountId!: string;

  @Field({ description: '10 to 128 characters; tell it to the account holder in person.' })
  newPassword!: string;
}

@InputType()
export class GrantRoleInput {
  @Field(() => UuidScalar)
  accountId!: string;

  @Field(() => RoleGrantInput, { description: 'Any role but GROUP_LEADER, which is derived.' })
  grant!: RoleGrantInput;
}

@ArgsType()
export class AccountsArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Only usernames containing this text (any case).',
  })
  username?: string | null;
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
