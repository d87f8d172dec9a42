import { Injectable } from '@nestjs/common';
import { CommonErrors, type Actor } from '#core';
import { sql, UnitOfWork } from '#database';
import { ActorCache, type SessionActor } from './actor-cache.js';
import {
  toGrantView,
  toRoleGrant,
  type ActiveGrantRow,
  type GrantView,
} from './role-grant.entity.js';
import { TokenService } from './token.service.js';

/** The signed-in account as the request knows it, without a second read for `me`. */
export interface AccountSummary {
  readonly id: string;
  readonly username: string;
  readonly createdAt: Date;
  /** The actor's grants with their ids, for showing; the actor's own carry none. */
  readonly grants: readonly GrantView[];
}

export interface SignedIn {
  readonly actor: Actor;
  readonly account: AccountSummary;
}

type ActorRow = { username: string; created_at: Date } & (
  ActiveGrantRow | { [K in keyof ActiveGrantRow]: null }
);

/**
 * One statement: the account (not disabled), its session (not revoked) and
 * its current grants, stored and derived. Reading them from the database, not
 * from the token, is what makes a revoked role, a disabled account or a
 * logged-out session stop at once; the read is kept per session until any of
 * them changes (ActorCache), so most requests send no statement at all. No
 * row means the token no longer stands for anyone.
 */
const actorStatement = (accountId: string, sessionId: string) => sql`
  SELECT a.username, a.created_at,
         g.role, g.community_id, g.unit_id, g.member_id, g.party_group_id, g.grant_id
    FROM account a
    JOIN auth_session s ON s.id = ${sessionId}::uuid AND s.account_id = a.id AND s.revoked_at IS NULL
    LEFT JOIN LATERAL (SELECT * FROM active_role_grant WHERE account_id = a.id) g ON TRUE
   WHERE a.id = ${accountId}::uuid AND a.disabled_at IS NULL`;

/** Turns a bearer access token into the request's {@link Actor}. */
@Injectable()
export class ActorResolver {
  constructor(
    private readonly tokens: TokenService,
    private readonly uow: UnitOfWork,
    private readonly cache: ActorCache,
  ) {}

  async resolve(accessToken: string, requestId: string): Promise<SignedIn> {
    const { accountId, sessionId } = this.tokens.verifyAccessToken(accessToken);
    const { grants, account } =
      this.cache.get(sessionId, accountId) ?? (await this.read(accountId, sessionId));
    return { actor: { accountId, sessionId, grants, requestId }, account };
  }

  private async read(accountId: string, sessionId: string): Promise<SessionActor> {
    const ticket = this.cache.ticket();
    const rows = await this.uow.query<ActorRow>(actorStatement(accountId, sessionId));
    const [first] = rows;
    if (!first) throw CommonErrors.unauthenticated();
    const grantRows = rows.flatMap((row) => (row.role === null ? [] : [row]));
    const actor: SessionActor = {
      accountId,
      grants: grantRows.map(toRoleGrant),
      account: {
        id: accountId,
        username: first.username,
        createdAt: first.created_at,
        grants: grantRows.map(toGrantView),
      },
    };
    this.cache.keep(ticket, sessionId, actor);
    return actor;
  }
}
