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

  it('refuses malformed values', () => {
    expect(() => loadConfig({ API_PORT: 'eighty' })).toThrow(/API_PORT/);
    expect(() => loadConfig({ PERSONAL_DATA_KEY: 'c2hvcnQ=' })).toThrow(/PERSONAL_DATA_KEY/);
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
