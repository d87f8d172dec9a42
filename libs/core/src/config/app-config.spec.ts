import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './config-error.js';
import { loadConfig } from './app-config.js';
import { DEV_SECRETS } from './config.schema.js';

describe('loadConfig', () => {
  it('works out of the box on a development machine', () => {
    const config = loadConfig({});
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/vanguard');
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
  });
});
