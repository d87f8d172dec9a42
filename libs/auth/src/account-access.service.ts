import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Clock, CommonErrors, communityIdsOf, isOperator, type Actor } from '#core';
import { UnitOfWork } from '#database';
import { AuditLog } from '#domain/audit';
import { MemberRecords } from '#domain/members';
import { Account } from './account.entity.js';
import { AccountDirectory, type AccountView } from './account-directory.js';
import { AuthErrors } from './auth.errors.js';
import { clientNetwork } from './client-network.js';
import { LoginFailures } from './login-failures.js';
import { fail, ok, unwrap } from './outcome.js';
import { checkPasswordLength, MAX_PASSWORD_LENGTH } from './credential-rules.js';
import { PasswordHasher } from './password-hasher.js';
import { RoleGrantEntity } from './role-grant.entity.js';
import { Sessions } from './sessions.js';

/**
 * Who can get into an account: its password and whether it is disabled.
 *
 * Anyone changes their own password with the current one. A district
 * operator resets the password of, disables and re-enables any account but
 * their own. A community committee may do the same for accounts that are
 * nothing but a party member's own login, for members living in its
 * community: every stored grant of the account is a MEMBER grant for a
 * member whose residence community is the committee's. Those are the members
 * whose record the committee maintains (it holds their phone and ID number),
 * and whose forgotten password it is asked about at the community office; it
 * never reaches a staff account (committee, unit HR, operator), nor a
 * seconded member who only serves there through a paired unit, whose record
 * their unit keeps. Accounts outside that scope answer NOT_FOUND, so a
 * committee cannot probe which accounts exist.
 *
 * Each correction locks the account first (AccountDirectory.locked), so the
 * scope it checked still holds when it writes and no login in flight signs
 * in on the old password.
 */
@Injectable()
export class AccountAccessService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly sessions: Sessions,
    private readonly failures: LoginFailures,
    private readonly directory: AccountDirectory,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly members: MemberRecords,
  ) {}

  /**
   * Sets a new password given the current one. The account's other sessions
   * end (whoever else holds them may be why the password changes); the
   * caller's goes on. A wrong current password counts towards the lockout of
   * the caller's client, so a stolen access token cannot be used to guess it.
   */
  async changePassword(
    actor: Actor,
    input: { currentPassword: string; newPassword: string },
    address: string,
  ): Promise<void> {
    checkPasswordLength(input.newPassword, 'newPassword');
    if (input.newPassword === input.currentPassword) throw AuthErrors.passwordUnchanged();
    if (input.currentPassword.length > MAX_PASSWORD_LENGTH) throw AuthErrors.wrongCurrentPassword();
    const client = clientNetwork(address);
    const passwordHash = await this.hasher.hash(input.newPassword);
    const outcome = await this.uow.run(async () => {
      const account = await this.directory.locked(actor.accountId);
      const now = this.clock.now();
      const lockedUntil = await this.failures.lockedUntil(account.id, client, now);
      if (lockedUntil) {
        // As a locked login is: a stolen token meeting the lockout leaves a trace.
        await this.audit.record(actor, {
          action: 'auth.login.locked',
          entity: 'Account',
          entityId: account.id,
        });
        return fail(AuthErrors.accountLocked(lockedUntil, now));
      }
      if (!(await this.hasher.verify(account.passwordHash, input.currentPassword))) {
        const newLock = await this.failures.count(account.id, client, now);
        await this.audit.record(actor, {
          action: newLock ? 'auth.lockout' : 'account.password.change.failed',
          entity: 'Account',
          entityId: account.id,
        });
        return fail(
          newLock ? AuthErrors.accountLocked(newLock, now) : AuthErrors.wrongCurrentPassword(),
        );
      }
      await this.uow.repository(Account).update({ id: account.id }, { passwordHash });
      await this.failures.forgive(account.id, client);
      await this.sessions.revokeAllOf(account.id, 'PASSWORD_CHANGED', actor.sessionId);
      await this.audit.record(actor, {
        action: 'account.password.change',
        entity: 'Account',
        entityId: account.id,
      });
      return ok(undefined);
    });
    unwrap(outcome);
  }

  /**
   * Sets a password for someone who lost theirs. Every session of the account
   * ends and every lockout of it is lifted: the new password is the only way
   * in, from anywhere.
   */
  async resetPassword(
    actor: Actor,
    input: { accountId: string; newPassword: string },
  ): Promise<AccountView> {
    this.mayCorrectSome(actor);
    checkPasswordLength(input.newPassword, 'newPassword');
    if (input.accountId === actor.accountId) throw AuthErrors.resetOwnPassword();
    const passwordHash = await this.hasher.hash(input.newPassword);
    return this.uow.run(async () => {
      await this.correctable(actor, input.accountId);
      await this.uow.repository(Account).update({ id: input.accountId }, { passwordHash });
      await this.sessions.revokeAllOf(input.accountId, 'PASSWORD_RESET');
      await this.failures.forgiveAll(input.accountId);
      await this.audit.record(actor, {
        action: 'account.password.reset',
        entity: 'Account',
        entityId: input.accountId,
      });
      return this.directory.view(input.accountId);
    });
  }

  /**
   * Stops an account: it cannot sign in, and every session ends, its access
   * tokens on their very next request. Disabling a disabled account changes
   * nothing. Nobody disables their own account (an operator would leave
   * nobody able to undo it).
   */
  async disableAccount(actor: Actor, accountId: string): Promise<AccountView> {
    this.mayCorrectSome(actor);
    if (accountId === actor.accountId) throw AuthErrors.disableOwnAccount();
    return this.uow.run(async () => {
      const account = await this.correctable(actor, accountId);
      if (!account.disabledAt) {
        await this.uow
          .repository(Account)
          .update({ id: accountId }, { disabledAt: this.clock.now() });
        await this.sessions.revokeAllOf(accountId, 'ACCOUNT_DISABLED');
        await this.audit.record(actor, {
          action: 'account.disable',
          entity: 'Account',
          entityId: accountId,
        });
      }
      return this.directory.view(accountId);
    });
  }

  /** Lets a disabled account sign in again (with its password; its old sessions stay ended). */
  async enableAccount(actor: Actor, accountId: string): Promise<AccountView> {
    this.mayCorrectSome(actor);
    return this.uow.run(async () => {
      const account = await this.correctable(actor, accountId);
      if (account.disabledAt) {
        await this.uow.repository(Account).update({ id: accountId }, { disabledAt: null });
        await this.audit.record(actor, {
          action: 'account.enable',
          entity: 'Account',
          entityId: accountId,
        });
      }
      return this.directory.view(accountId);
    });
  }

  /** Operators and committees correct accounts; anyone else is refused outright. */
  private mayCorrectSome(actor: Actor): void {
    if (!isOperator(actor) && communityIdsOf(actor).length === 0) throw CommonErrors.forbidden();
  }

  /** The account, locked, if the actor may correct it (see the class comment); NOT_FOUND otherwise. */
  private async correctable(actor: Actor, accountId: string): Promise<Account> {
    const account = await this.directory.locked(accountId);
    if (isOperator(actor)) return account;
    const grants = await this.uow
      .repository(RoleGrantEntity)
      .find({ where: { accountId, revokedAt: IsNull() }, select: { role: true, memberId: true } });
    const memberIds = grants.flatMap((g) => (g.memberId === null ? [] : [g.memberId]));
    // In the actor's own scope: a committee sees every resident of its
    // community, so a member it cannot see is no resident of its own.
    const members = await this.members.byIds(actor, memberIds);
    const communities = communityIdsOf(actor);
    const residents = new Set(
      members
        .filter(
          (m) => m.residenceCommunityId !== null && communities.includes(m.residenceCommunityId),
        )
        .map((m) => m.id),
    );
    const residentsOwnLogin =
      grants.length > 0 &&
      grants.every((g) => g.role === 'MEMBER' && g.memberId !== null && residents.has(g.memberId));
    if (!residentsOwnLogin) throw AuthErrors.accountNotFound();
    return account;
  }
}
