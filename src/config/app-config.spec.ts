import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

  it('requires METRICS_TOKEN in production, naming it', () => {
    const env = { AUTH_JWT_SECRET: SECRET, NODE_ENV: 'production', ALLOW_EMBEDDED_IN_PRODUCTION: 'true' };
    expect(() => AppConfig.fromEnv(env)).toThrowError(/METRICS_TOKEN is required in production/);
    expect(AppConfig.fromEnv({ ...env, METRICS_TOKEN: 'a-metrics-token-16+' }).metrics.token).toBe(
      'a-metrics-token-16+',
    );
  });

  it('caps AUTH_REFRESH_GRACE_SECONDS at 60', () => {
    expect(() =>
      AppConfig.fromEnv({ AUTH_JWT_SECRET: SECRET, AUTH_REFRESH_GRACE_SECONDS: '61' }),
    ).toThrowError(/AUTH_REFRESH_GRACE_SECONDS/);
  });

  it('reads secrets from <NAME>_FILE (a mounted secret), and refuses a file that cannot be read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-secrets-'));
    writeFileSync(join(dir, 'redis'), 'from-a-file\n');
    writeFileSync(join(dir, 'jwt'), SECRET);
    const config = AppConfig.fromEnv({
      AUTH_JWT_SECRET_FILE: join(dir, 'jwt'),
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PASSWORD_FILE: join(dir, 'redis'),
    });
    expect(config.redis.password).toBe('from-a-file');
    expect(config.auth.jwtSecret).toBe(SECRET);
    expect(() =>
      AppConfig.fromEnv({ AUTH_JWT_SECRET: SECRET, REDIS_PASSWORD_FILE: join(dir, 'nope') }),
    ).toThrowError(/REDIS_PASSWORD_FILE cannot be read/);
    expect(() =>
      AppConfig.fromEnv({
        AUTH_JWT_SECRET: SECRET,
        REDIS_PASSWORD: 'x',
        REDIS_PASSWORD_FILE: join(dir, 'redis'),
      }),
    ).toThrowError(/REDIS_PASSWORD_FILE cannot be combined with REDIS_PASSWORD/);
  });

  it('treats empty strings as unset', () => {
    const config = AppConfig.fromEnv({ AUTH_JWT_SECRET: SECRET, GEMINI_API_KEY: '', REDIS_URL: '' });
    expect(config.gemini.apiKey).toBeUndefined();
    expect(config.embeddedRedis).toBe(true);
  });

  it('writes JSON log lines unless asked for readable ones or running in a terminal outside production', () => {
    const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
    try {
      Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true });
      expect(AppConfig.fromEnv({ AUTH_JWT_SECRET: SECRET, LOG_FORMAT: '' }).log.format).toBe('json');
      expect(AppConfig.fromEnv({ AUTH_JWT_SECRET: SECRET, LOG_FORMAT: 'pretty' }).log.format).toBe('pretty');
      Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
      expect(AppConfig.fromEnv({ AUTH_JWT_SECRET: SECRET }).log.format).toBe('pretty');
      const production = {
        AUTH_JWT_SECRET: SECRET,
        NODE_ENV: 'production',
        METRICS_TOKEN: 'a-metrics-token-16+',
        ALLOW_EMBEDDED_IN_PRODUCTION: 'true',
      };
      expect(AppConfig.fromEnv(production).log.format).toBe('json');
      expect(AppConfig.fromEnv({ ...production, LOG_FORMAT: 'pretty' }).log.format).toBe('pretty');
      expect(() => AppConfig.fromEnv({ AUTH_JWT_SECRET: SECRET, LOG_FORMAT: 'xml' })).toThrowError(
        /LOG_FORMAT/,
      );
    } finally {
      if (tty) Object.defineProperty(process.stdout, 'isTTY', tty);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
    }
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
    expect(config.redis.tls).toBeUndefined();
  });

  it('takes cluster credentials and TLS from the node URLs; REDIS_PASSWORD wins over a URL password', () => {
    const fromUrls = AppConfig.fromEnv({
      AUTH_JWT_SECRET: SECRET,
      REDIS_CLUSTER_NODES: 'rediss://app:s%3Acret@r1.example:7000,rediss://app:s%3Acret@r2.example:7001',
    });
    expect(fromUrls.redis).toMatchObject({
      clusterNodes: [
        { host: 'r1.example', port: 7000 },
        { host: 'r2.example', port: 7001 },
      ],
      username: 'app',
      password: 's:cret',
      tls: {},
    });
    const overridden = AppConfig.fromEnv({
      AUTH_JWT_SECRET: SECRET,
      REDIS_CLUSTER_NODES: 'redis://:old@r1:7000',
      REDIS_PASSWORD: 'new',
    });
    expect(overridden.redis.password).toBe('new');
  });

  it('refuses a malformed cluster node, or a CA file that does not exist, naming the variable', () => {
    expect(() =>
      AppConfig.fromEnv({ AUTH_JWT_SECRET: SECRET, REDIS_CLUSTER_NODES: 'r1:7000, http://r2' }),
    ).toThrow(/REDIS_CLUSTER_NODES "http:\/\/r2" is not host:port/);
    expect(() => AppConfig.fromEnv({ AUTH_JWT_SECRET: SECRET, REDIS_CLUSTER_NODES: 'r1:99999' })).toThrow(
      /REDIS_CLUSTER_NODES/,
    );
    expect(() =>
      AppConfig.fromEnv({ AUTH_JWT_SECRET: SECRET, REDIS_TLS: 'true', REDIS_TLS_CA_FILE: '/no/such/ca.pem' }),
    ).toThrow(/REDIS_TLS_CA_FILE names no file/);
  });
});
