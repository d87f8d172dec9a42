import { hkdfSync } from 'node:crypto';
import { ConfigError } from './config-error.js';
import { DEV_DATABASE_ADMIN_URL, DEV_SECRETS, envSchema, type Env } from './config.schema.js';

export interface RateLimit {
  readonly limit: number;
  readonly windowSeconds: number;
}

/** The typed configuration tree every module reads; built once at boot. */
export interface AppConfig {
  readonly env: Env['NODE_ENV'];
  readonly isProduction: boolean;
  readonly log: {
    readonly level: Env['LOG_LEVEL'];
    readonly format: NonNullable<Env['LOG_FORMAT']>;
  };
  readonly api: {
    readonly host: string;
    readonly port: number;
    /** Largest request body accepted; GraphQL documents and their variables are small. */
    readonly bodyLimitBytes: number;
    /** Browser origins allowed to call the API cross-site (exact matches). */
    readonly corsOrigins: readonly string[];
    /** Fastify's `trustProxy`: whose X-Forwarded-For names the client. */
    readonly trustProxy: boolean | string[];
    /** Whether the API serves the queue dashboard (to operators only). */
    readonly queueDashboard: boolean;
  };
  readonly worker: {
    readonly healthHost: string;
    readonly healthPort: number;
    /** Queues this worker process consumes; empty: every queue of the catalogue. */
    readonly queues: readonly string[];
    /** Jobs run at once per queue, where it differs from the catalogue's. */
    readonly concurrency: Readonly<Record<string, number>>;
  };
  readonly database: {
    /** The apps' role: reads and writes rows, owns nothing, cannot touch the audit log's history. */
    readonly url: string;
    /** The owner of the schema: runs the migrations, never the apps. */
    readonly ownerUrl: string;
    /**
     * A superuser (or CREATEROLE and CREATEDB) connection that creates both
     * roles and the database; undefined when they are made by someone else.
     */
    readonly adminUrl: string | undefined;
    readonly poolSize: number;
  };
  readonly redis: { readonly url: string; readonly keyPrefix: string };
  /** What runs beneath: the database's kind and where the queues live (the banner and /health/ready say). */
  readonly runtime: {
    readonly database: 'server' | 'embedded';
    readonly queues: 'redis' | 'postgres';
  };
  readonly auth: {
    readonly jwtSecret: string;
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlDays: number;
    readonly maxFailedLogins: number;
    readonly lockoutMinutes: number;
    /** Calls per client address and window, shared by every API process through Redis. */
    readonly rateLimits: { readonly login: RateLimit; readonly refresh: RateLimit };
  };
  readonly personalData: { readonly encryptionKey: Buffer; readonly hashKey: Buffer };
  readonly graphql: {
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxCost: number;
  };
  /** GraphQL subscriptions (the live board and feeds) over WebSocket. */
  readonly live: {
    /** Open connections one account may hold, across every API process. */
    readonly maxConnectionsPerAccount: number;
    readonly maxSubscriptionsPerConnection: number;
    /** How often a connection's session is checked again (expired token, disabled account, revoked role). */
    readonly sessionCheckMs: number;
  };
  readonly outbox: {
    readonly pollIntervalMs: number;
    /** How long a relayed row is kept (to follow a job back to its cause) before it is pruned. */
    readonly retentionHours: number;
  };
  readonly defaultTimeZone: string;
  readonly dispatch: {
    readonly weights: DispatchWeights;
    /** Extra offers for URGENT and EMERGENCY tasks, beyond their open slots. */
    readonly overOffer: number;
    /** Time the batch assignment of one pass may take before greedy picking is used instead. */
    readonly batchBudgetMs: number;
  };
  readonly dutyLogs: {
    /** The longest service one log may cover. */
    readonly maxHours: number;
    /** Working days after which only the community may backfill a log. */
    readonly maxAgeWorkingDays: number;
    /** Verified volunteer-service hours of each star level, ascending. */
    readonly starLevelHours: readonly number[];
    /** Check-in: how near the place (metres), how early and how late (minutes). */
    readonly checkInRadiusMeters: number;
    readonly checkInEarlyMinutes: number;
    readonly checkOutLateMinutes: number;
    /** Whether a check-out's log (both times and places recorded) is verified at once. */
    readonly checkInAutoVerify: boolean;
  };
  readonly storage: {
    /** The local directory files are kept in, unless a bucket is set (STORAGE_BACKEND=s3). */
    readonly directory: string;
    readonly s3: S3Settings | undefined;
    /** How long a signed upload or download link works. */
    readonly linkTtlSeconds: number;
    /** The HMAC key that signs links (derived from JWT_SECRET). */
    readonly linkKey: Buffer;
    /** The key files with personal data are sealed with (derived from PERSONAL_DATA_KEY). */
    readonly sealKey: Buffer;
  };
  readonly photos: { readonly maxBytes: number };
  readonly reports: {
    readonly exportRetentionDays: number;
    /** Exports an account may have QUEUED or RUNNING at once. */
    readonly waitingExportsMax: number;
  };
  readonly notifications: {
    readonly channel: Env['NOTIFICATION_CHANNEL'];
    /** The gateway's endpoint, key and patience; set when the channel is `webhook`. */
    readonly webhook: NotificationWebhook | undefined;
  };
}

/** What each matching signal adds to a candidate's score; see the README's configuration table. */
export interface DispatchWeights {
  /** Lives in the task's courtyard. */
  readonly sameCourtyard: number;
  /** Belongs to the party group covering the task's courtyard (and does not live there). */
  readonly samePartyGroup: number;
  /** Serves in the task's community only. */
  readonly sameCommunity: number;
  /** Per required skill held (all are required; the weight says how much a specialist task values them). */
  readonly skill: number;
  /** Full for nobody served in the last 30 days, falling with the hours served. */
  readonly fairness: number;
  /** Times the share of past offers accepted. */
  readonly acceptance: number;
}

export interface S3Settings {
  readonly endpoint: string | undefined;
  readonly region: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly forcePathStyle: boolean;
}

/** The bucket and its keys, when the s3 backend is chosen: all three are needed. */
function s3Settings(env: Env): S3Settings | undefined {
  if (env.STORAGE_BACKEND !== 's3') return undefined;
  const { S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secret } = env;
  if (!bucket || !accessKeyId || !secret) {
    const missing = {
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: secret,
    };
    throw new ConfigError(
      Object.entries(missing)
        .filter(([, value]) => !value)
        .map(([name]) => `${name}: required by the s3 storage backend`),
    );
  }
  return {
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    bucket,
    accessKeyId,
    secretAccessKey: secret,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  };
}

export interface NotificationWebhook {
  readonly url: string;
  /** HMAC-SHA256 key of the signature; shared with the gateway, never sent. */
  readonly secret: string;
  readonly timeoutMs: number;
}

/**
 * The webhook settings, when the webhook channel is chosen: both the URL and
 * the secret, and in production an https URL, since the body carries the
 * member's phone and the text.
 */
function notificationWebhook(env: Env, isProduction: boolean): NotificationWebhook | undefined {
  if (env.NOTIFICATION_CHANNEL !== 'webhook') return undefined;
  const problems: string[] = [];
  if (!env.NOTIFICATION_WEBHOOK_URL)
    problems.push('NOTIFICATION_WEBHOOK_URL: required by the webhook channel');
  if (!env.NOTIFICATION_WEBHOOK_SECRET) {
    problems.push('NOTIFICATION_WEBHOOK_SECRET: required by the webhook channel');
  }
  if (
    isProduction &&
    env.NOTIFICATION_WEBHOOK_URL &&
    new URL(env.NOTIFICATION_WEBHOOK_URL).protocol !== 'https:'
  ) {
    problems.push('NOTIFICATION_WEBHOOK_URL: must be https in production');
  }
  if (problems.length > 0 || !env.NOTIFICATION_WEBHOOK_URL || !env.NOTIFICATION_WEBHOOK_SECRET) {
    throw new ConfigError(problems);
  }
  return {
    url: env.NOTIFICATION_WEBHOOK_URL,
    secret: env.NOTIFICATION_WEBHOOK_SECRET,
    timeoutMs: env.NOTIFICATION_WEBHOOK_TIMEOUT_MS,
  };
}

/**
 * Validates the environment into an {@link AppConfig}. Throws a
 * {@link ConfigError} naming the offending variables (never their values,
 * which may be secrets) so the process refuses to start.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(problems);
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';
  // The owner of a table can switch its triggers off or drop it, so an app
  // connected as the owner could empty the append-only audit log.
  if (new URL(env.DATABASE_URL).username === new URL(env.DATABASE_OWNER_URL).username) {
    throw new ConfigError(['DATABASE_URL: must not connect as the role of DATABASE_OWNER_URL']);
  }
  if (isProduction) {
    const defaults = (Object.keys(DEV_SECRETS) as (keyof typeof DEV_SECRETS)[]).filter(
      (name) => env[name] === DEV_SECRETS[name],
    );
    if (defaults.length > 0) {
      throw new ConfigError(defaults.map((name) => `${name}: development default in production`));
    }
    // production runs on the servers it names, never a database a launcher started beside it
    if (env.DATABASE_MODE === 'embedded') {
      throw new ConfigError([
        'DATABASE_MODE: embedded is for a machine with only Node, not production',
      ]);
    }
  }
  return {
    env: env.NODE_ENV,
    isProduction,
    // A developer reads the terminal; a log shipper (and a test) reads JSON.
    log: {
      level: env.LOG_LEVEL,
      format: env.LOG_FORMAT ?? (env.NODE_ENV === 'development' ? 'pretty' : 'json'),
    },
    api: {
      host: env.API_HOST,
      port: env.API_PORT,
      bodyLimitBytes: env.API_BODY_LIMIT_BYTES,
      corsOrigins: env.CORS_ORIGINS,
      trustProxy: env.TRUST_PROXY,
      // A production deployment shows its queues only when asked to.
      queueDashboard: env.QUEUE_DASHBOARD ? env.QUEUE_DASHBOARD === 'true' : !isProduction,
    },
    worker: {
      healthHost: env.WORKER_HEALTH_HOST,
      healthPort: env.WORKER_HEALTH_PORT,
      queues: env.WORKER_QUEUES,
      concurrency: env.WORKER_CONCURRENCY,
    },
    database: {
      url: env.DATABASE_URL,
      ownerUrl: env.DATABASE_OWNER_URL,
      // A production deployment creates nothing with a superuser it was not given.
      adminUrl: env.DATABASE_ADMIN_URL ?? (isProduction ? undefined : DEV_DATABASE_ADMIN_URL),
      poolSize: env.DATABASE_POOL_SIZE,
    },
    redis: { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX },
    runtime: { database: env.DATABASE_MODE, queues: env.QUEUE_BACKEND },
    auth: {
      jwtSecret: env.JWT_SECRET,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
      maxFailedLogins: env.LOGIN_MAX_FAILURES,
      lockoutMinutes: env.LOGIN_LOCKOUT_MINUTES,
      rateLimits: {
        login: { limit: env.LOGIN_RATE_LIMIT, windowSeconds: env.LOGIN_RATE_WINDOW_SECONDS },
        refresh: { limit: env.REFRESH_RATE_LIMIT, windowSeconds: env.REFRESH_RATE_WINDOW_SECONDS },
      },
    },
    personalData: {
      encryptionKey: Buffer.from(env.PERSONAL_DATA_KEY, 'base64'),
      hashKey: Buffer.from(env.PERSONAL_DATA_HASH_KEY, 'base64'),
    },
    graphql: {
      maxDepth: env.GRAPHQL_MAX_DEPTH,
      maxAliases: env.GRAPHQL_MAX_ALIASES,
      maxCost: env.GRAPHQL_MAX_COST,
    },
    live: {
      maxConnectionsPerAccount: env.LIVE_MAX_CONNECTIONS_PER_ACCOUNT,
      maxSubscriptionsPerConnection: env.LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      sessionCheckMs: env.LIVE_SESSION_CHECK_MS,
    },
    outbox: {
      pollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
      retentionHours: env.OUTBOX_RETENTION_HOURS,
    },
    defaultTimeZone: env.DEFAULT_TIME_ZONE,
    dispatch: {
      weights: {
        sameCourtyard: env.DISPATCH_WEIGHT_SAME_COURTYARD,
        samePartyGroup: env.DISPATCH_WEIGHT_SAME_PARTY_GROUP,
        sameCommunity: env.DISPATCH_WEIGHT_SAME_COMMUNITY,
        skill: env.DISPATCH_WEIGHT_SKILL,
        fairness: env.DISPATCH_WEIGHT_FAIRNESS,
        acceptance: env.DISPATCH_WEIGHT_ACCEPTANCE,
      },
      overOffer: env.DISPATCH_OVER_OFFER,
      batchBudgetMs: env.DISPATCH_BATCH_BUDGET_MS,
    },
    dutyLogs: {
      maxHours: env.DUTY_LOG_MAX_HOURS,
      maxAgeWorkingDays: env.DUTY_LOG_MAX_AGE_WORKING_DAYS,
      starLevelHours: env.STAR_LEVEL_HOURS,
      checkInRadiusMeters: env.CHECK_IN_RADIUS_METERS,
      checkInEarlyMinutes: env.CHECK_IN_EARLY_MINUTES,
      checkOutLateMinutes: env.CHECK_OUT_LATE_MINUTES,
      checkInAutoVerify: env.CHECK_IN_AUTO_VERIFY,
    },
    storage: {
      directory: env.STORAGE_DIR,
      s3: s3Settings(env),
      linkTtlSeconds: env.FILE_LINK_TTL_SECONDS,
      // Its own key, derived: a link's signature can never pass for a token's.
      linkKey: Buffer.from(hkdfSync('sha256', env.JWT_SECRET, '', 'vanguard file links', 32)),
      sealKey: Buffer.from(
        hkdfSync(
          'sha256',
          Buffer.from(env.PERSONAL_DATA_KEY, 'base64'),
          '',
          'vanguard sealed files',
          32,
        ),
      ),
    },
    photos: { maxBytes: env.PHOTO_MAX_BYTES },
    reports: {
      exportRetentionDays: env.REPORT_EXPORT_RETENTION_DAYS,
      waitingExportsMax: env.REPORT_EXPORTS_WAITING_MAX,
    },
    notifications: {
      channel: env.NOTIFICATION_CHANNEL,
      webhook: notificationWebhook(env, isProduction),
    },
  };
}
