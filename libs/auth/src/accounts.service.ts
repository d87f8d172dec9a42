import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import {
  Clock,
  CommonErrors,
  isOperator,
  type Actor,
  type Page,
  type PageRequest,
  type RoleGrant,
  Validate,
} from '#core';
import { mapConstraintViolations, UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { Account } from './account.entity.js';
import { AccountDirectory, type AccountView } from './account-directory.js';
import { AuthErrors } from './auth.errors.js';
import { checkPasswordLength, USERNAME } from './credential-rules.js';
import { PasswordHasher } from './password-hasher.js';
import { grantColumns, RoleGrantEntity, type StoredRoleGrant } from './role-grant.entity.js';

const MAX_USERNAME_FILTER = 64;
const USERNAME_LABEL = { 'zh-CN': '用户名', en: 'Username' };

/** A grant that can be stored: GROUP_LEADER comes with leading a party group, never by hand. */
function stored(grant: RoleGrant): StoredRoleGrant {
  if (grant.role === 'GROUP_LEADER') throw AuthErrors.groupLeaderIsDerived();
  return grant;
}

/**
 * Accounts and their role grants; only a district operator creates them,
 * lists them and changes what they may do. GROUP_LEADER is never stored: it
 * follows from leading a party group, so it is neither granted nor revoked
 * here. A revoked grant keeps its row (revoked_at), so who could do what
 * stays on record; it stops working on the holder's very next request.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly directory: AccountDirectory,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async createAccount(
    actor: Actor,
    input: { username: string; password: string; grants: readonly RoleGrant[] },
  ): Promise<AccountView> {
    if (!isOperator(actor)) throw CommonErrors.forbidden();
    const username = input.username.trim();
    if (!USERNAME.test(username)) throw AuthErrors.invalidUsername();
    checkPasswordLength(input.password, 'password');
    if (input.grants.length < 1 || input.grants.length > 10) throw AuthErrors.invalidGrants();
    const grants = input.grants.map(stored);
    const passwordHash = await this.hasher.hash(input.password);
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          const account = await this.uow.repository(Account).save({ username, passwordHash });
          await this.uow
            .repository(RoleGrantEntity)
            .insert(grants.map((grant) => ({ accountId: account.id, ...grantColumns(grant) })));
          await this.audit.record(actor, {
            action: 'account.create',
            entity: 'Account',
            entityId: account.id,
          });
          return this.directory.view(account.id);
        }),
      {
        unique: AuthErrors.usernameTaken,
        foreignKey: AuthErrors.invalidGrants,
      },
    );
  }

  /** Every account, for an operator looking for the one to correct. */
  async accounts(
    actor: Actor,
    filter: { username?: string | null },
    page: PageRequest,
  ): Promise<Page<AccountView>> {
    if (!isOperator(actor)) throw CommonErrors.forbidden();
    const username = filter.username?.trim()
      ? Validate.text('username', USERNAME_LABEL, filter.username, MAX_USERNAME_FILTER)
      : undefined;
    return this.directory.page(username ? { username } : {}, page);
  }

  async account(actor: Actor, accountId: string): Promise<AccountView> {
    if (!isOperator(actor)) throw CommonErrors.forbidden();
    return this.directory.view(accountId);
  }

  /** Adds a role to an existing account; holding the same grant already is a conflict. */
  async grantRole(
    actor: Actor,
    input: { accountId: string; grant: RoleGrant },
  ): Promise<AccountView> {
    if (!isOperator(actor)) throw CommonErrors.forbidden();
    const columns = grantColumns(stored(input.grant));
    return mapConstraintViolations(
      () =>
        this.uow.run(async () => {
          await this.directory.locked(input.accountId);
          const grants = this.uow.repository(RoleGrantEntity);
          const held = await grants.existsBy({
            accountId: input.accountId,
            revokedAt: IsNull(),
            role: columns.role,
            communityId: columns.communityId ?? IsNull(),
            unitId: columns.unitId ?? IsNull(),
            memberId: columns.memberId ?? IsNull(),
          });
          if (held) throw AuthErrors.roleAlreadyGranted();
          const { id } = await grants.save({ accountId: input.accountId, ...columns });
          await this.audit.record(actor, {
            action: 'account.grant',
            entity: 'RoleGrant',
            entityId: id,
          });
          return this.directory.view(input.accountId);
        }),
      {
        foreignKey: AuthErrors.invalidGrants,
      },
    );
  }

  /**
   * Ends a stored grant. Revoking one already revoked changes nothing. An
   * operator cannot revoke their own OPERATOR grant: the district could be
   * left with nobody to undo it.
   */
  async revokeRoleGrant(actor: Actor, grantId: string): Promise<AccountView> {
    if (!isOperator(actor)) throw CommonErrors.forbidden();
    return this.uow.run(async () => {
      const grants = this.uow.repository(RoleGrantEntity);
      const grant = await grants.findOneBy({ id: grantId });
      if (!grant) throw AuthErrors.roleGrantNotFound();
      await this.directory.locked(grant.accountId);
      if (grant.role === 'OPERATOR' && grant.accountId === actor.accountId) {
        throw AuthErrors.revokeOwnOperatorGrant();
      }
      const { affected } = await grants.update(
        { id: grantId, revokedAt: IsNull() },
        { revokedAt: this.clock.now() },
      );
      if (affected) {
        await this.audit.record(actor, {
          action: 'account.revoke',
          entity: 'RoleGrant',
          entityId: grantId,
        });
      }
      return this.directory.view(grant.accountId);
    });
  }
}
