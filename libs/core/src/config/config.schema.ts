import { z } from 'zod';

/**
 * Development defaults. They let a fresh clone start against a local
 * PostgreSQL (trust auth, user postgres) and Redis, and are refused in
 * production so no deployment can run on a secret published in this file.
 */
export const DEV_SECRETS = {
  JWT_SECRET: 'dev-only-jwt-secret-change-me-0123456789abcdef',
  PERSONAL_DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
  PERSONAL_DATA_HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
} as const;

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();
const key32 = z
  .string()
  .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes in base64');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unset: pretty in development, JSON elsewhere (see loadConfig). */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  WORKER_HEALTH_PORT: port.default(3001),
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/vanguard'),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/)
    .default('vanguard'),
  JWT_SECRET: z.string().min(32).default(DEV_SECRETS.JWT_SECRET),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt.default(900),
  REFRESH_TOKEN_TTL_DAYS: positiveInt.default(30),
  LOGIN_MAX_FAILURES: positiveInt.default(5),
  LOGIN_LOCKOUT_MINUTES: positiveInt.default(15),
  PERSONAL_DATA_KEY: key32.default(DEV_SECRETS.PERSONAL_DATA_KEY),
  PERSONAL_DATA_HASH_KEY: key32.default(DEV_SECRETS.PERSONAL_DATA_HASH_KEY),
  GRAPHQL_MAX_DEPTH: positiveInt.default(10),
  GRAPHQL_MAX_ALIASES: positiveInt.default(20),
  GRAPHQL_MAX_COST: positiveInt.default(5_000),
  OUTBOX_POLL_INTERVAL_MS: positiveInt.default(250),
  DEFAULT_TIME_ZONE: z.string().min(1).default('Asia/Shanghai'),
});

export type Env = z.infer<typeof envSchema>;
