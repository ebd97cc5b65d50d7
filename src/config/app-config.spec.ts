import { describe, expect, it } from 'vitest';

import { AppConfig, ConfigValidationError } from './app-config.js';

const SECRET = 'a-perfectly-random-secret-of-more-than-32-bytes!';

describe('AppConfig.fromEnv', () => {
  it('applies the documented defaults', () => {
    const config = AppConfig.fromEnv({ AUTH_JWT_SECRET: SECRET });
    expect(config.http.port).toBe(3000);
    expect(config.auth.accessTokenTtl).toBe(900);
    expect(config.auth.refreshTokenTtl).toBe(604_800);
    expect(config.dictionary.apiUrl).toBe('https://api.dictionaryapi.dev/api/v2/entries');
    expect(config.gemini.baseUrl).toBe('https://generativelanguage.googleapis.com');
    expect(config.http.trustProxy).toBe(false);
  });

  it('rejects a short secret, naming the variable', () => {
    expect(() => AppConfig.fromEnv({ AUTH_JWT_SECRET: 'short' })).toThrowError(
      /AUTH_JWT_SECRET must be at least 32 bytes/,
    );
  });

  it('treats empty strings as unset', () => {
    const config = AppConfig.fromEnv({ AUTH_JWT_SECRET: SECRET, GEMINI_API_KEY: '', REDIS_URL: '' });
    expect(config.gemini.apiKey).toBeUndefined();
    expect(config.embeddedRedis).toBe(true);
  });

  it('accepts a placeholder outside production only', () => {
    const env = { AUTH_JWT_SECRET: 'change-me-change-me-change-me-change-me' };
    expect(() => AppConfig.fromEnv(env)).not.toThrow();
    expect(() => AppConfig.fromEnv({ ...env, NODE_ENV: 'production' })).toThrow(ConfigValidationError);
  });

  it('parses TRUST_PROXY hop counts and lists', () => {
    const hops = AppConfig.fromEnv({ AUTH_JWT_SECRET: SECRET, TRUST_PROXY: '1' }).http.trustProxy as (
      a: string,
      h: number,
    ) => boolean;
    expect(hops('10.0.0.1', 0)).toBe(true);
    expect(hops('10.0.0.1', 1)).toBe(false);
    expect(
      AppConfig.fromEnv({ AUTH_JWT_SECRET: SECRET, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).http.trustProxy,
    ).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  it('parses Redis Cluster nodes', () => {
    const config = AppConfig.fromEnv({ AUTH_JWT_SECRET: SECRET, REDIS_CLUSTER_NODES: 'r1:7000, r2:7001' });
    expect(config.redis.clusterNodes).toEqual([
      { host: 'r1', port: 7000 },
      { host: 'r2', port: 7001 },
    ]);
  });
});
