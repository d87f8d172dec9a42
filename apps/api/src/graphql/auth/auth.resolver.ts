import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthService, type AccountSummary } from '#auth';
import { ClientAddress, CurrentAccount, RequestId } from '../policy/current-actor.decorator.js';
import { Authenticated, Public } from '../policy/policy.decorator.js';
import { LoginInput, RefreshTokenInput } from './auth.input.js';
import { AccountModel, TokenPairModel } from './auth.model.js';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => TokenPairModel, {
    description:
      'Limited per client address (RATE_LIMITED, extensions.retryAfterSeconds); repeated wrong passwords lock the account for that address only (ACCOUNT_LOCKED, extensions.lockedUntil).',
  })
  @Public()
  login(
    @Args('input') input: LoginInput,
    @RequestId() requestId: string,
    @ClientAddress() address: string,
  ) {
    return this.auth.login(input, { requestId, address });
  }

  @Mutation(() => TokenPairModel, {
    description:
      'Rotates the refresh token; reusing an old one revokes the whole session. Limited per client address.',
  })
  @Public()
  refreshToken(
    @Args('input') input: RefreshTokenInput,
    @RequestId() requestId: string,
    @ClientAddress() address: string,
  ) {
    return this.auth.refresh(input.refreshToken, { requestId, address });
  }

  @Mutation(() => Boolean)
  @Public()
  async logout(
    @Args('input') input: RefreshTokenInput,
    @RequestId() requestId: string,
    @ClientAddress() address: string,
  ) {
    await this.auth.logout(input.refreshToken, { requestId, address });
    return true;
  }

  @Query(() => AccountModel)
  @Authenticated()
  me(@CurrentAccount() account: AccountSummary): AccountModel {
    return { ...account, grants: [...account.grants] };
  }
}
