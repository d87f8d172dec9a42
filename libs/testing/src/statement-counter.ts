import type { INestApplicationContext } from '@nestjs/common';
import { DataSource, type EntitySubscriberInterface } from 'typeorm';

/**
 * Counts the SQL statements an app sends while `work` runs, through a TypeORM
 * subscriber (every query, transaction control included, passes
 * `beforeQuery`). List queries must not grow with their rows (no N+1), so
 * tests compare counts across data sizes instead of timing anything.
 */
export async function countStatements(
  app: INestApplicationContext,
  work: () => Promise<unknown>,
): Promise<{ count: number; statements: string[] }> {
  const dataSource = app.get(DataSource);
  const statements: string[] = [];
  const counter: EntitySubscriberInterface = {
    beforeQuery: (event) => {
      statements.push(event.query);
    },
  };
  dataSource.subscribers.push(counter);
  try {
    await work();
  } finally {
    dataSource.subscribers.splice(dataSource.subscribers.indexOf(counter), 1);
  }
  return { count: statements.length, statements };
}
