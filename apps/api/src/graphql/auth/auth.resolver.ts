import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { AccountsService, AuthService, type AccountSummary } from '#auth';
import { CurrentAccount, CurrentActor, RequestId } from '../policy/current-actor.decorator.js';
import { Authenticated, Public, RequireRoles } from '../policy/policy.decorator.js';
import { CreateAccountInput, LoginInput, RefreshTokenInput, grantFromInput } from './auth.input.js';
import { AccountModel, TokenPairModel } from './auth.model.js';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountsService,
  ) {}

  @Mutation(() => TokenPairModel)
  @Public()
  login(@Args('input') input: LoginInput, @RequestId() requestId: string) {
    return this.auth.login(input, { requestId });
  }

  @Mutation(() => TokenPairModel, {
    description: 'Rotates the refresh token; reusing an old one revokes the whole session.',
  })
  @Public()
  refreshToken(@Args('input') input: RefreshTokenInput, @RequestId() requestId: string) {
    return this.auth.refresh(input.refreshToken, { requestId });
  }

  @Mutation(() => Boolean)
  @Public()
  async logout(@Args('input') input: RefreshTokenInput, @RequestId() requestId: string) {
    await this.auth.logout(input.refreshToken, { requestId });
    return true;
  }

  @Query(() => AccountModel)
  @Authenticated()
  me(@CurrentActor() actor: Actor, @CurrentAccount() account: AccountSummary): AccountModel {
    return { ...account, grants: [...actor.grants] };
  }

  @Mutation(() => AccountModel)
  @RequireRoles('OPERATOR')
  createAccount(@CurrentActor() actor: Actor, @Args('input') input: CreateAccountInput) {
    return this.accounts.createAccount(actor, {
      username: input.username,
      password: input.password,
      grants: input.grants.map(grantFromInput),
    });
  }
}
