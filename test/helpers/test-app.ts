import 'reflect-metadata';

import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { createApp } from '#src/app.factory.js';
import { AppConfig } from '#src/config/app-config.js';
import { RedisService } from '#src/infra/redis/redis.service.js';

import { TEST_REDIS_CLUSTER_NODES, TEST_REDIS_PASSWORD, TEST_REDIS_URL } from './redis.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-0123456789abcdef';

export type Env = Record<string, string | undefined>;

/** The environment every test app starts from; tests override what they exercise. */
export function baseTestEnv(overrides: Env = {}): Env {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    REDIS_URL: TEST_REDIS_URL,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    // Unreachable by default: a test that needs an upstream starts a fake and points here.
    DICTIONARY_API_URL: 'http://127.0.0.1:9/api/v2/entries',
    GEMINI_BASE_URL: 'http://127.0.0.1:9',
    // Every test client is 127.0.0.1: production limits (20 logins a minute per IP, …) would throttle suites
    // that register many users. The rate-limit tests set the limits they exercise.
    RATE_LIMIT_DEFAULT_LIMIT: '100000',
    RATE_LIMIT_AUTH_IP_LIMIT: '100000',
    RATE_LIMIT_AUTH_EMAIL_LIMIT: '100000',
    RATE_LIMIT_LLM_LIMIT: '100000',
    RATE_LIMIT_DICTIONARY_LIMIT: '100000',
    RATE_LIMIT_ADMIN_LIMIT: '100000',
    RATE_LIMIT_LANGUAGETOOL_ANONYMOUS_LIMIT: '100000',
    ...overrides,
    // The `redis-cluster` project: every app runs on the cluster (the cluster's nodes win over REDIS_URL).
    ...(TEST_REDIS_CLUSTER_NODES && (!('REDIS_URL' in overrides) || overrides.REDIS_URL === TEST_REDIS_URL)
      ? { REDIS_CLUSTER_NODES: TEST_REDIS_CLUSTER_NODES, REDIS_PASSWORD: TEST_REDIS_PASSWORD }
      : {}),
  };
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** Base URL of the listening server, e.g. http://127.0.0.1:41234 */
  url: string;
  /** `fetch` against the app: `api('/api/v1/settings', { token })`. */
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export type RequestFn = TestApp['request'];

/** `fetch` bound to a base URL, with `token` (bearer) and `json` (body) shorthands. */
export function httpClient(baseUrl: string): RequestFn {
  return (path, init = {}) => {
    const { token, json, headers, ...rest } = init;
    const h = new Headers(headers);
    if (token) h.set('authorization', `Bearer ${token}`);
    if (json !== undefined) h.set('content-type', 'application/json');
    return fetch(baseUrl + path, {
      ...rest,
      headers: h,
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  };
}

/** Starts a real instance listening on a random loopback port. Several may run side by side. */
export async function startTestApp(env: Env): Promise<TestApp> {
  const config = AppConfig.fromEnv(baseTestEnv(env));
  const app = await createApp(config);
  // The service starts degraded when Redis is slow to come up; a test instance must not (a loaded CI
  // machine can take seconds), or cross-instance assertions would silently test the fallback.
  const redis = app.get(RedisService);
  if (redis.enabled && !(await redis.waitUntilReady(15_000)) && !env.ALLOW_DEGRADED_START) {
    await app.close();
    throw new Error('test app: Redis was not ready within 15 s');
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    config,
    url,
    request: httpClient(url),
    close: () => app.close(),
  };
}
