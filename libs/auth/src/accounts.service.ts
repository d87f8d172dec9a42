import { Injectable } from '@nestjs/common';
import { CommonErrors, isOperator, type Actor, type RoleGrant } from '#core';
import { isForeignKeyViolation, isUniqueViolation, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { Account } from './account.entity.js';
import { AuthErrors } from './auth.errors.js';
import { PasswordHasher } from './password-hasher.js';
import { grantColumns, RoleGrantEntity } from './role-grant.entity.js';

export interface AccountView {
  readonly id: string;
  readonly username: string;
  readonly grants: readonly RoleGrant[];
  readonly createdAt: Date;
}

const USERNAME = /^[a-zA-Z0-9._-]{3,64}$/;

/** Accounts and their role grants; only a district operator creates them. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
  ) {}

  async createAccount(
    actor: Actor,
    input: { username: string; password: string; grants: readonly RoleGrant[] },
  ): Promise<AccountView> {
    if (!isOperator(actor)) throw CommonErrors.forbidden();
    const username = input.username.trim();
    if (!USERNAME.test(username)) throw AuthErrors.invalidUsername();
    if (input.password.length < 10 || input.password.length > 128) throw AuthErrors.weakPassword();
    if (input.grants.length < 1 || input.grants.length > 10) throw AuthErrors.invalidGrants();
    const grants = input.grants.map((grant) => {
      if (grant.role === 'GROUP_LEADER') throw AuthErrors.groupLeaderIsDerived();
      return grant;
    });
    const passwordHash = await this.hasher.hash(input.password);
    try {
      return await this.uow.run(async () => {
        const account = await this.uow.repository(Account).save({ username, passwordHash });
        await this.uow
          .repository(RoleGrantEntity)
          .insert(grants.map((grant) => ({ accountId: account.id, ...grantColumns(grant) })));
        await this.audit.record(actor, {
          action: 'account.create',
          entity: 'Account',
          entityId: account.id,
        });
        return { id: account.id, username, grants: input.grants, createdAt: account.createdAt };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw AuthErrors.usernameTaken();
      if (isForeignKeyViolation(error)) throw AuthErrors.invalidGrants();
      throw error;
    }
  }
}
