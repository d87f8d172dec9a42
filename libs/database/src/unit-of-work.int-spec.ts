import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { startDatabaseModule } from '#testing';
import { UnitOfWork } from './unit-of-work.js';

class SerializationFailure extends Error {
  readonly code = '40001';
}

describe('UnitOfWork', () => {
  let module: TestingModule;
  let uow: UnitOfWork;
  let db: DataSource;

  beforeAll(async () => {
    module = await startDatabaseModule();
    uow = module.get(UnitOfWork);
    db = module.get(DataSource);
  });

  afterAll(async () => {
    await module.close();
  });

  const insertCommunity = (name: string) =>
    uow.manager.query('INSERT INTO community (name) VALUES ($1)', [name]);
  const countCommunities = async (name: string) =>
    Number(
      (
        await db.query<{ n: string }[]>('SELECT count(*) AS n FROM community WHERE name = $1', [
          name,
        ])
      )[0]!.n,
    );

  it('replays the whole unit of work on a fresh transaction after a serialization failure', async () => {
    const name = `uow-${randomUUID()}`;
    let attempts = 0;
    await uow.run(async () => {
      attempts++;
      // The first attempt's insert must be rolled back, or the replay would hit the unique name.
      await insertCommunity(name);
      if (attempts === 1) throw new SerializationFailure('could not serialize access');
    });
    expect(attempts).toBe(2);
    expect(await countCommunities(name)).toBe(1);
  });

  it('replays a real deadlock between two transactions until both commit', async () => {
    const [a, b] = [`uow-a-${randomUUID()}`, `uow-b-${randomUUID()}`];
    await db.query('INSERT INTO community (name) VALUES ($1), ($2)', [a, b]);
    let attempts = 0;
    const barrier = { count: 0 };
    const arrive = async () => {
      barrier.count++;
      while (barrier.count < 2) await new Promise((r) => setTimeout(r, 5));
    };
    const lockInOrder = (first: string, second: string) =>
      uow.run(async () => {
        attempts++;
        await uow.manager.query(
          `UPDATE community SET time_zone = 'Asia/Shanghai' WHERE name = $1`,
          [first],
        );
        if (attempts <= 2) await arrive();
        await uow.manager.query(
          `UPDATE community SET time_zone = 'Asia/Shanghai' WHERE name = $1`,
          [second],
        );
      });
    await Promise.all([lockInOrder(a, b), lockInOrder(b, a)]);
    // One of the two was chosen as the deadlock victim and replayed.
    expect(attempts).toBe(3);
  });

  it('rethrows the original error once the attempts are used up, and does not replay other errors', async () => {
    let attempts = 0;
    const failure = new SerializationFailure('always');
    await expect(
      uow.run(() => {
        attempts++;
        return Promise.reject(failure);
      }),
    ).rejects.toBe(failure);
    expect(attempts).toBe(5);

    attempts = 0;
    await expect(
      uow.run(() => {
        attempts++;
        return Promise.reject(new Error('not retryable'));
      }),
    ).rejects.toThrow('not retryable');
    expect(attempts).toBe(1);
  });

  it('runs after-commit effects once the transaction committed, never for a rolled-back or replayed attempt', async () => {
    const name = `uow-${randomUUID()}`;
    const seen: string[] = [];
    let attempts = 0;
    await uow.run(async () => {
      attempts++;
      await insertCommunity(name);
      uow.afterCommit(() => {
        // committed: another connection sees the row
        void countCommunities(name).then((n) =>
          seen.push(`attempt ${String(attempts)}: ${String(n)}`),
        );
      });
      if (attempts === 1) throw new SerializationFailure('could not serialize access');
    });
    await expect(
      uow.run(async () => {
        await insertCommunity(`${name}-rolled-back`);
        uow.afterCommit(() => seen.push('rolled back'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    uow.afterCommit(() => seen.push('outside a transaction: at once'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([...seen].sort()).toEqual(['attempt 2: 1', 'outside a transaction: at once']);
  });

  it('joins an outer transaction instead of opening a second one', async () => {
    const name = `uow-nested-${randomUUID()}`;
    await expect(
      uow.run(async () => {
        await uow.run(() => insertCommunity(name));
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await countCommunities(name)).toBe(0);
  });
});
