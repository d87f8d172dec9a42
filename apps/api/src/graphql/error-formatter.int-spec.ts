import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestingModule } from '@nestjs/testing';
import { GraphQLError } from 'graphql';
import { DataSource } from 'typeorm';
import { captureLogs, startDatabaseModule } from '#testing';
import { formatError } from './error-formatter.js';

/**
 * The last line of defence: a value validation let through and PostgreSQL
 * refused is the client's mistake, answered as BAD_USER_INPUT and logged as
 * a warning, while any other database failure stays an internal error.
 */
describe('formatError with PostgreSQL errors', () => {
  let module: TestingModule;
  let db: DataSource;

  beforeAll(async () => {
    module = await startDatabaseModule();
    db = module.get(DataSource);
  });

  afterAll(async () => {
    await module.close();
  });

  /** The error a resolver would see from this statement, as GraphQL wraps it. */
  async function failureOf(run: (db: DataSource) => Promise<unknown>): Promise<GraphQLError> {
    try {
      await run(db);
    } catch (error) {
      return new GraphQLError('resolver failed', {
        path: ['createCourtyard'],
        originalError: error as Error,
      });
    }
    throw new Error('the statement was expected to fail');
  }

  const format = (error: GraphQLError) => {
    const logs = captureLogs('api');
    const result = formatError(error, {
      locale: 'en',
      requestId: 'req-1',
      logger: logs.logger,
      hideSuggestions: false,
    });
    return { ...result, lines: logs.lines().map((l) => JSON.parse(l) as Record<string, unknown>) };
  };

  it.each([
    [
      'a NUL character (22021)',
      '22021',
      (d: DataSource) => d.query('SELECT $1::text', ['张\u0000三']),
    ],
    [
      'text the target encoding lacks (22P05)',
      '22P05',
      (d: DataSource) => d.query(`SELECT convert_to($1, 'LATIN1')`, ['张三']),
    ],
    ['a malformed date (22007)', '22007', (d: DataSource) => d.query('SELECT $1::date', ['soon'])],
    [
      'an impossible date (22008)',
      '22008',
      (d: DataSource) => d.query('SELECT $1::date', ['2025-02-30']),
    ],
    [
      'a string longer than its column (22001)',
      '22001',
      (d: DataSource) =>
        d.transaction(async (manager) => {
          await manager.query('CREATE TEMPORARY TABLE short_text (v varchar(2)) ON COMMIT DROP');
          await manager.query('INSERT INTO short_text (v) VALUES ($1)', ['张三丰']);
        }),
    ],
  ])('answers %s as BAD_USER_INPUT, logged as a warning', async (_, state, run) => {
    const error = await failureOf(run);
    const { status, formatted, lines } = format(error);
    expect(status).toBe(400);
    expect(formatted.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      category: 'BAD_USER_INPUT',
      requestId: 'req-1',
    });
    expect(formatted.message).toContain('cannot be stored');
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, sqlState: state, requestId: 'req-1' }),
    ]);
    // Neither the value (it may be personal data) nor a stack.
    expect(JSON.stringify(lines)).not.toContain('张');
    expect(JSON.stringify(lines)).not.toContain('stack');
  });

  it('keeps any other database failure an internal error, logged as one', async () => {
    const error = await failureOf((d) => d.query('SELECT * FROM no_such_table'));
    const { status, formatted, lines } = format(error);
    expect(status).toBe(500);
    expect(formatted.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(lines).toEqual([expect.objectContaining({ level: 50 })]);
  });
});
