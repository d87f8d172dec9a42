import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '#core';
import { UnitOfWork } from '#database';
import { Account } from './account.entity.js';
import { AuthErrors } from './auth.errors.js';
import { toGrantView, type ActiveGrantRow, type GrantView } from './role-grant.entity.js';

/** An account as an operator sees it: its current grants, stored and derived, and whether it is disabled. */
export interface AccountView {
  readonly id: string;
  readonly username: string;
  readonly grants: readonly GrantView[];
  readonly disabledAt: Date | null;
  readonly createdAt: Date;
}

const GRANTS_SQL = `
  SELECT account_id, role, community_id, unit_id, member_id, party_group_id, grant_id
    FROM active_role_grant WHERE account_id = ANY($1::uuid[])
   ORDER BY role, grant_id`;

/**
 * Reads accounts with their grants, for the account services inside their
 * unit of work: a page, the account a service just changed, or the account
 * it is about to change, locked. Grants of a whole page come in one
 * statement. Scope is the caller's business: only services that checked it
 * use this.
 */
@Injectable()
export class AccountDirectory {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * The account, locked until the transaction ends: changes to one account's
   * grants, password or state run one after the other, and after the logins
   * in flight (which hold a shared lock on it).
   */
  async locked(accountId: string): Promise<Account> {
    const account = await this.uow
      .repository(Account)
      .findOne({ where: { id: accountId }, lock: { mode: 'pessimistic_write' } });
    if (!account) throw AuthErrors.accountNotFound();
    return account;
  }

  async view(accountId: string): Promise<AccountView> {
    const account = await this.uow.repository(Account).findOneBy({ id: accountId });
    const [view] = account ? await this.withGrants([account]) : [];
    if (!view) throw AuthErrors.accountNotFound();
    return view;
  }

  /** Accounts whose username contains `username` (any case), by username. */
  async page(filter: { username?: string }, page: PageRequest): Promise<Page<AccountView>> {
    const query = this.uow.repository(Account).createQueryBuilder('a');
    if (filter.username) {
      query.where('strpos(lower(a.username), lower(:username)) > 0', {
        username: filter.username,
      });
    }
    const [accounts, totalCount] = await query
      .orderBy('lower(a.username)')
      .addOrderBy('a.id')
      .take(page.first)
      .skip(page.offset)
      .getManyAndCount();
    return { items: await this.withGrants(accounts), totalCount };
  }

  private async withGrants(accounts: readonly Account[]): Promise<AccountView[]> {
    if (accounts.length === 0) return [];
    const rows = await this.uow.manager.query<(ActiveGrantRow & { account_id: string })[]>(
      GRANTS_SQL,
      [accounts.map((a) => a.id)],
    );
    return accounts.map((account) => ({
      id: account.id,
      username: account.username,
      grants: rows.filter((row) => row.account_id === account.id).map(toGrantView),
      disabledAt: account.disabledAt,
      createdAt: account.createdAt,
    }));
  }
}
