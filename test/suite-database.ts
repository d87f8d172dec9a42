import { beforeAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { prepareSuiteDatabase } from '#testing';

/**
 * Gives every spec file of the int and e2e tiers a database and a Redis key
 * prefix of its own, so that suites running side by side never see each
 * other's rows, queues or jobs (a worker of one suite, with its own test
 * clock, would otherwise take another suite's jobs from a shared queue).
 * The names are set before the spec is loaded, since specs read their
 * configuration as they are defined; the database is cloned, already
 * migrated, from the run's (test/global-setup.ts) before the spec's own
 * hooks run.
 */
const suite = randomBytes(3).toString('hex');
const run = process.env.VANGUARD_TEST_RUN_DATABASE_URL;
const runPrefix = process.env.VANGUARD_TEST_RUN_REDIS_PREFIX;
if (!run || !runPrefix) throw new Error('test/global-setup.ts names the run database');
const database = new URL(run);
database.pathname = `${database.pathname}_${suite}`;
process.env.VANGUARD_TEST_DATABASE_URL = database.toString();
process.env.VANGUARD_TEST_REDIS_PREFIX = `${runPrefix}_${suite}`;

beforeAll(() => prepareSuiteDatabase(run, database.toString()), 120_000);
