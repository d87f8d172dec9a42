import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  type EntityManager,
  type EntityTarget,
  type ObjectLiteral,
  type Repository,
} from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel.js';
import { LOGGER, type Logger } from '#core';
import { sql, type Sql } from './sql.js';

/** What UnitOfWork.query needs of a pg pool or client. */
interface PreparedQueries {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Statement names by text, so each text is hashed once. Texts differ by
 * shape only (scope, filters, asked-for fields), so there are few; the
 * bound only keeps this cache small, the name itself is the text's hash.
 */
const preparedNames = new Map<string, string>();
const MAX_PREPARED = 1000;

/** A name that always stands for the same text (pg refuses one name for two texts). */
function preparedName(text: string): string {
  let name = preparedNames.get(text);
  if (name === undefined) {
    name = `v_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    if (preparedNames.size >= MAX_PREPARED) preparedNames.clear();
    preparedNames.set(text, name);
  }
  return name;
}

/** SQLSTATEs after which PostgreSQL asks the client to run the transaction again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

/** The SQLSTATE of a failed query (TypeORM's QueryFailedError or a pg error). */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const driverError = (error as { driverError?: { code?: unknown } }).driverError;
  const code = driverError?.code ?? (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function isRetryableTransactionError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && RETRYABLE.has(state);
}

/**
 * The project's one transaction mechanism. `run` opens a transaction and binds
 * its EntityManager to the async call chain, so every repository obtained
 * through {@link UnitOfWork.repository} inside joins it without passing a
 * manager around; nested `run` calls join the outer transaction.
 *
 * A serialization failure or deadlock rolls the transaction back and replays
 * the whole unit of work on a fresh transaction (never on the aborted one);
 * after the last attempt the original error is rethrown.
 *
 * (nestjs-cls would do this too, but it is CommonJS and requires the ESM-only
 * @nestjs/common 12, which Jest cannot load on Node 20.)
 */
/** The transaction bound to the call chain: its manager, and what to do once it commits. */
interface Transaction {
  readonly manager: EntityManager;
  readonly afterCommit: (() => void)[];
}

@Injectable()
export class UnitOfWork {
  private readonly store = new AsyncLocalStorage<Transaction>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get inTransaction(): boolean {
    return this.store.getStore() !== undefined;
  }

  /** The current transaction's manager, or the pool's when none is open. */
  get manager(): EntityManager {
    return this.store.getStore()?.manager ?? this.dataSource.manager;
  }

  /**
   * Runs `effect` once the current transaction has committed (at once when
   * none is open): for effects outside the database that must not announce
   * what may still roll back, such as a live event. A transaction replayed
   * after a deadlock drops the effects of its failed attempt. The effect is
   * not awaited; one that throws is logged, and the others still run.
   */
  afterCommit(effect: () => void): void {
    const transaction = this.store.getStore();
    if (transaction) transaction.afterCommit.push(effect);
    else effect();
  }

  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): Repository<T> {
    return this.manager.getRepository(entity);
  }

  /**
   * Runs a composed statement (see {@link Sql}) in the current transaction,
   * if any; rows as the driver returns them. It goes to pg as a named
   * prepared statement: each connection parses a statement text once and
   * PostgreSQL can keep its plan, where an unnamed statement is parsed and
   * planned on every request (for the member list, more time than running it).
   */
  async query<T>(statement: Sql): Promise<T[]> {
    const { text, values } = statement.render();
    const runner = this.store.getStore()?.manager.queryRunner;
    const client = (
      runner ? await runner.connect() : (this.dataSource.driver as PostgresDriver).master
    ) as PreparedQueries;
    const { rows } = await client.query({ name: preparedName(text), text, values });
    return rows as T[];
  }

  /**
   * Takes the advisory lock named `key` until the current transaction ends:
   * work on one thing (a member's day, an account's exports) takes its turn,
   * and each statement after the lock sees what the holder before committed.
   */
  async lock(key: string): Promise<void> {
    await this.query(sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
  }

  async run<T>(work: () => Promise<T>, isolation: IsolationLevel = 'READ COMMITTED'): Promise<T> {
    if (this.inTransaction) return work();
    for (let attempt = 1; ; attempt++) {
      const afterCommit: (() => void)[] = [];
      let result: T;
      try {
        result = await this.dataSource.transaction(isolation, (manager) =>
          this.store.run({ manager, afterCommit }, work),
        );
      } catch (error) {
        if (!isRetryableTransactionError(error) || attempt >= MAX_ATTEMPTS) throw error;
        this.logger.warn({ attempt, sqlState: sqlState(error) }, 'transaction replayed');
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
        continue;
      }
      for (const effect of afterCommit) {
        try {
          effect();
        } catch (error) {
          // committed: the change stands, whatever an effect of it does
          this.logger.error({ err: error }, 'after-commit effect failed');
        }
      }
      return result;
    }
  }
}
