import { Injectable } from '@nestjs/common';
import { CommonErrors, type Actor } from '#core';
import { UnitOfWork } from '#database';
import { Account } from './account.entity.js';
import { AccountsService } from './accounts.service.js';
import { TokenService } from './token.service.js';

/**
 * Turns a bearer access token into the request's {@link Actor}. The grants
 * are read from the database on every request, not from the token, so a
 * revoked role or a disabled account stops working at once.
 */
@Injectable()
export class ActorResolver {
  constructor(
    private readonly tokens: TokenService,
    private readonly accounts: AccountsService,
    private readonly uow: UnitOfWork,
  ) {}

  async resolve(accessToken: string, requestId: string): Promise<Actor> {
    const accountId = await this.tokens.verifyAccessToken(accessToken);
    const account = await this.uow.repository(Account).findOneBy({ id: accountId });
    if (!account || account.disabledAt) throw CommonErrors.unauthenticated();
    return { accountId, grants: await this.accounts.activeGrants(accountId), requestId };
  }
}
