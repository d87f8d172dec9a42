import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './config-error.js';
import { loadConfig } from './app-config.js';
import { DEV_SECRETS } from './config.schema.js';

describe('loadConfig', () => {
  it('works out of the box on a development machine', () => {
    const config = loadConfig({});
    expect(config.database.url).toBe('postgres://vanguard_app@127.0.0.1:5432/vanguard');
    expect(config.database.ownerUrl).toBe('postgres://vanguard_owner@127.0.0.1:5432/vanguard');
    expect(config.database.adminUrl).toBe('postgres://postgres@127.0.0.1:5432/postgres');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.personalData.encryptionKey).toHaveLength(32);
  });

  it('refuses to start in production on a development secret, naming the variable but not its value', () => {
    const attempt = () =>
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: DEV_SECRETS.JWT_SECRET });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('JWT_SECRET');
      expect(message).toContain('PERSONAL_DATA_KEY');
      expect(message).not.toContain(DEV_SECRETS.JWT_SECRET);
    }
  });

  it('starts in production with real secrets', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      PERSONAL_DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
      PERSONAL_DATA_HASH_KEY: Buffer.alloc(32, 10).toString('base64'),
    });
    expect(config.isProduction).toBe(true);
    // No superuser is assumed in production: the roles and the database are made beforehand.
    expect(config.database.adminUrl).toBeUndefined();
  });

  it('refuses to let the apps connect as the owner of the schema', () => {
    expect(() =>
      loadConfig({
        DATABASE_URL: 'postgres://vanguard@db:5432/vanguard',
        DATABASE_OWNER_URL: 'postgres://vanguard:secret@db:5432/vanguard',
      }),
    ).toThrow(/DATABASE_URL/);
  });

  it('logs pretty in development and JSON elsewhere, unless LOG_FORMAT says otherwise', () => {
    expect(loadConfig({}).log.format).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'test' }).log.format).toBe('json');
    expect(loadConfig({ NODE_ENV: 'development', LOG_FORMAT: 'json' }).log.format).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it('refuses malformed values', () => {
    expect(() => loadConfig({ API_PORT: 'eighty' })).toThrow(/API_PORT/);
    expect(() => loadConfig({ PERSONAL_DATA_KEY: 'c2hvcnQ=' })).toThrow(/PERSONAL_DATA_KEY/);
    expect(() => loadConfig({ DATABASE_OWNER_URL: 'postgres://db:5432/vanguard' })).toThrow(
      /DATABASE_OWNER_URL/,
    );
  });

  it('limits login and refresh per client by default, and believes no proxy unless told', () => {
    const config = loadConfig({});
    expect(config.auth.rateLimits).toEqual({
      login: { limit: 10, windowSeconds: 60 },
      refresh: { limit: 60, windowSeconds: 60 },
    });
    expect(config.api.trustProxy).toBe(false);
  });

  it('reads TRUST_PROXY as off, on, or the proxies’ addresses, and refuses anything else', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).api.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).api.trustProxy).toBe(true);
    expect(
      loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,fd00::/8,loopback' }).api.trustProxy,
    ).toEqual(['10.0.0.5', '10.1.0.0/16', 'fd00::/8', 'loopback']);
    for (const bad of ['1', 'proxy.internal', '10.0.0.0/33', '10.0.0.5,,10.0.0.6']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });
});

describe('queue dashboard', () => {
  const production = {
    NODE_ENV: 'production',
    JWT_SECRET: 'x'.repeat(40),
    PERSONAL_DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
    PERSONAL_DATA_HASH_KEY: Buffer.alloc(32, 10).toString('base64'),
  };

  it('is on outside production and off in production unless QUEUE_DASHBOARD says otherwise', () => {
    expect(loadConfig({}).api.queueDashboard).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).api.queueDashboard).toBe(true);
    expect(loadConfig(production).api.queueDashboard).toBe(false);
    expect(loadConfig({ ...production, QUEUE_DASHBOARD: 'true' }).api.queueDashboard).toBe(true);
    expect(loadConfig({ QUEUE_DASHBOARD: 'false' }).api.queueDashboard).toBe(false);
    expect(() => loadConfig({ QUEUE_DASHBOARD: 'yes' })).toThrow(/QUEUE_DASHBOARD/);
  });
});

describe('request edge settings', () => {
  it('defaults to a 256 KiB body limit and no cross-site origins', () => {
    const config = loadConfig({});
    expect(config.api.bodyLimitBytes).toBe(262_144);
    expect(config.api.corsOrigins).toEqual([]);
  });

  it('reads CORS_ORIGINS as a comma-separated list of exact origins', () => {
    const config = loadConfig({
      CORS_ORIGINS: 'https://app.example.org, http://127.0.0.1:5173',
      API_BODY_LIMIT_BYTES: '1024',
    });
    expect(config.api.corsOrigins).toEqual(['https://app.example.org', 'http://127.0.0.1:5173']);
    expect(config.api.bodyLimitBytes).toBe(1024);
  });

  it.each(['*', 'https://app.example.org/', 'https://app.example.org/path', 'app.example.org'])(
    'refuses %s as a CORS origin',
    (origin) => {
      expect(() => loadConfig({ CORS_ORIGINS: origin })).toThrow(/CORS_ORIGINS/);
    },
  );

  it('reads the queues a worker runs and their concurrency', () => {
    const config = loadConfig({
      WORKER_QUEUES: 'notifications, maintenance',
      WORKER_CONCURRENCY: 'notifications=8,maintenance=1',
      WORKER_HEALTH_HOST: '0.0.0.0',
    });
    expect(config.worker).toEqual({
      healthHost: '0.0.0.0',
      healthPort: 3001,
      queues: ['notifications', 'maintenance'],
      concurrency: { notifications: 8, maintenance: 1 },
    });
    expect(loadConfig({}).worker.queues).toEqual([]);
  });

  it.each(['notifications', 'notifications=0', 'notifications=x', '=3'])(
    'refuses %s as WORKER_CONCURRENCY',
    (value) => {
      expect(() => loadConfig({ WORKER_CONCURRENCY: value })).toThrow(/WORKER_CONCURRENCY/);
    },
  );
});

describe('notification channel', () => {
  const SECRET = 'a-webhook-secret-of-at-least-32-characters';

  it('logs by default, with no webhook settings', () => {
    expect(loadConfig({}).notifications).toEqual({ channel: 'log', webhook: undefined });
  });

  it('reads the webhook settings, with a 5 s timeout by default', () => {
    const config = loadConfig({
      NOTIFICATION_CHANNEL: 'webhook',
      NOTIFICATION_WEBHOOK_URL: 'http://127.0.0.1:9000/sms',
      NOTIFICATION_WEBHOOK_SECRET: SECRET,
    });
    expect(config.notifications).toEqual({
      channel: 'webhook',
      webhook: { url: 'http://127.0.0.1:9000/sms', secret: SECRET, timeoutMs: 5_000 },
    });
  });

  it('refuses the webhook channel without its URL and secret, naming them but not their values', () => {
    expect(() => loadConfig({ NOTIFICATION_CHANNEL: 'webhook' })).toThrow(
      /NOTIFICATION_WEBHOOK_URL[\s\S]*NOTIFICATION_WEBHOOK_SECRET/,
    );
    expect(() =>
      loadConfig({
        NOTIFICATION_CHANNEL: 'webhook',
        NOTIFICATION_WEBHOOK_URL: 'https://gateway.example.org/sms',
        NOTIFICATION_WEBHOOK_SECRET: 'short',
      }),
    ).toThrow(/NOTIFICATION_WEBHOOK_SECRET/);
  });

  it('refuses a plain-http webhook in production: the body carries phones', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      PERSONAL_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
      PERSONAL_DATA_HASH_KEY: Buffer.alloc(32, 8).toString('base64'),
      NOTIFICATION_CHANNEL: 'webhook',
      NOTIFICATION_WEBHOOK_SECRET: SECRET,
    };
    expect(() =>
      loadConfig({ ...production, NOTIFICATION_WEBHOOK_URL: 'http://gateway.example.org/sms' }),
    ).toThrow(/NOTIFICATION_WEBHOOK_URL: must be https in production/);
    expect(
      loadConfig({ ...production, NOTIFICATION_WEBHOOK_URL: 'https://gateway.example.org/sms' })
        .notifications.channel,
    ).toBe('webhook');
  });
});

describe('file storage', () => {
  it('keeps files in a local directory by default, with five-minute links and 10 MB photos', () => {
    const config = loadConfig({});
    expect(config.storage).toMatchObject({
      directory: 'var/storage',
      s3: undefined,
      linkTtlSeconds: 300,
    });
    expect(config.photos.maxBytes).toBe(10 * 1024 * 1024);
  });

  it('signs links with a key of their own, derived from JWT_SECRET', () => {
    const key = loadConfig({}).storage.linkKey;
    expect(key).toHaveLength(32);
    expect(key.equals(Buffer.from(loadConfig({}).auth.jwtSecret))).toBe(false);
    expect(key.equals(loadConfig({ JWT_SECRET: 'y'.repeat(40) }).storage.linkKey)).toBe(false);
  });

  it('reads an S3-compatible bucket, and refuses one without its name and keys, naming them but not their values', () => {
    expect(
      loadConfig({
        STORAGE_BACKEND: 's3',
        S3_ENDPOINT: 'https://oss-cn-beijing.aliyuncs.com',
        S3_BUCKET: 'vanguard-files',
        S3_ACCESS_KEY_ID: 'key-id',
        S3_SECRET_ACCESS_KEY: 'key-secret',
      }).storage.s3,
    ).toEqual({
      endpoint: 'https://oss-cn-beijing.aliyuncs.com',
      region: 'us-east-1',
      bucket: 'vanguard-files',
      accessKeyId: 'key-id',
      secretAccessKey: 'key-secret',
      forcePathStyle: true,
    });
    let thrown: unknown;
    try {
      loadConfig({ STORAGE_BACKEND: 's3', S3_ACCESS_KEY_ID: 'key-id' });
    } catch (error) {
      thrown = error;
    }
    expect(String(thrown)).toMatch(/S3_BUCKET[\s\S]*S3_SECRET_ACCESS_KEY/);
    expect(String(thrown)).not.toMatch(/S3_ACCESS_KEY_ID|key-id/);
  });
});
