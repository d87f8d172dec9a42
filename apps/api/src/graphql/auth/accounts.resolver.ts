import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '#core';
import { AccountAccessService, AccountsService } from '#auth';
import { pagedComplexity, toPageRequest } from '../common/page.args.js';
import { ID_ARG } from '../common/uuid.scalar.js';
import { ClientAddress, CurrentActor } from '../policy/current-actor.decorator.js';
import { Authenticated, RequireRoles } from '../policy/policy.decorator.js';
import {
  AccountsArgs,
  ChangePasswordInput,
  CreateAccountInput,
  GrantRoleInput,
  ResetPasswordInput,
  grantFromInput,
} from './auth.input.js';
import { AccountModel, AccountPage } from './auth.model.js';

/**
 * Finding and correcting accounts (passwords, disabling, role grants). What
 * an account shows of its member (their record, where they serve now, their
 * groups and teams: on `me`, a member's own view) is resolved by the
 * features that own those records.
 */
@Resolver(() => AccountModel)
export class AccountsResolver {
  constructor(
    private readonly accountsService: AccountsService,
    private readonly access: AccountAccessService,
  ) {}

  @Query(() => AccountPage, { complexity: pagedComplexity })
  @RequireRoles('OPERATOR')
  accounts(@CurrentActor() actor: Actor, @Args() args: AccountsArgs) {
    return this.accountsService.accounts(actor, { username: args.username }, toPageRequest(args));
  }

  @Query(() => AccountModel)
  @RequireRoles('OPERATOR')
  account(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.accountsService.account(actor, id);
  }

  @Mutation(() => AccountModel)
  @RequireRoles('OPERATOR')
  createAccount(@CurrentActor() actor: Actor, @Args('input') input: CreateAccountInput) {
    return this.accountsService.createAccount(actor, {
      username: input.username,
      password: input.password,
      grants: input.grants.map(grantFromInput),
    });
  }

  @Mutation(() => AccountModel)
  @RequireRoles('OPERATOR')
  grantRole(@CurrentActor() actor: Actor, @Args('input') input: GrantRoleInput) {
    return this.accountsService.grantRole(actor, {
      accountId: input.accountId,
      grant: grantFromInput(input.grant),
    });
  }

  @Mutation(() => AccountModel, {
    description: 'Ends a stored grant (its row stays, with revokedAt); GROUP_LEADER is derived.',
  })
  @RequireRoles('OPERATOR')
  revokeRoleGrant(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.accountsService.revokeRoleGrant(actor, id);
  }

  @Mutation(() => Boolean, {
    description: "Ends the account's other sessions; this one goes on.",
  })
  @Authenticated()
  async changePassword(
    @CurrentActor() actor: Actor,
    @Args('input') input: ChangePasswordInput,
    @ClientAddress() address: string,
  ) {
    await this.access.changePassword(actor, input, address);
    return true;
  }

  @Mutation(() => AccountModel, {
    description:
      "Sets a new password for someone who lost theirs; ends all the account's sessions and lifts its lockouts. A committee may reset only the own logins of members living in its community.",
  })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  resetPassword(@CurrentActor() actor: Actor, @Args('input') input: ResetPasswordInput) {
    return this.access.resetPassword(actor, input);
  }

  @Mutation(() => AccountModel, { description: 'The account cannot sign in; its sessions end.' })
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  disableAccount(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.access.disableAccount(actor, id);
  }

  @Mutation(() => AccountModel)
  @RequireRoles('OPERATOR', 'COMMUNITY_ADMIN')
  enableAccount(@CurrentActor() actor: Actor, @Args('id', ID_ARG) id: string) {
    return this.access.enableAccount(actor, id);
  }
}
