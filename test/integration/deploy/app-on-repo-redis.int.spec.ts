import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FakeFreeDictionaryServer } from '../../fakes/free-dictionary.server.js';
import { FakeGeminiServer } from '../../fakes/gemini.server.js';
import { correctionHandler } from '../../fakes/gemini-correction.handler.js';
import { createAdmin, loginUser, registerUser } from '../../helpers/auth.js';
import { uniqueKeyPrefix } from '../../helpers/redis.js';
import { RespRecordingProxy } from '../../helpers/resp-recording.proxy.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { commandCalls, errorReplies, info, RepoConfRedisServer } from './repo-redis.server.js';

// The app against a redis-server running the repository's redis.conf with a password — as in
// docker-compose.yml — through everything a user and an admin do that touches Redis. A command the
// configuration disabled (FLUSHALL, FLUSHDB, KEYS, DEBUG, CONFIG) would not surface as an HTTP error:
// the cache tiers swallow Redis failures and degrade. So the test looks at the wire instead: a proxy
// records every command the app sends, and the server's error counters must be fully explained.

const PASSWORD = 'app-on-repo-redis-9d41e7';
const GEMINI_KEY = 'deploy-test-gemini-key';
const DISABLED = new Set(['FLUSHALL', 'FLUSHDB', 'KEYS', 'DEBUG', 'CONFIG']);

describe('the app on a Redis configured by redis.conf', () => {
  let server: RepoConfRedisServer;
  let proxy: RespRecordingProxy;
  let observer: Redis;
  let db: TestDatabase;
  let dictionary: FakeFreeDictionaryServer;
  let gemini: FakeGeminiServer;
  let app: TestApp;
  const prefix = uniqueKeyPrefix();
  const statuses: Record<string, number> = {};

  beforeAll(async () => {
    [server, db, dictionary, gemini] = await Promise.all([
      RepoConfRedisServer.start({ password: PASSWORD }),
      createTestDatabase(),
      FakeFreeDictionaryServer.start(),
      FakeGeminiServer.start({ apiKey: GEMINI_KEY }),
    ]);
    gemini.respondWith(correctionHandler());
    proxy = await RespRecordingProxy.start(server.port);
    observer = server.client();
    await observer.connect();
    app = await startTestApp({
      DATABASE_URL: db.url,
      REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${proxy.port}`,
      REDIS_KEY_PREFIX: prefix,
      DICTIONARY_API_URL: dictionary.url,
      GEMINI_BASE_URL: gemini.url,
      GEMINI_API_KEY: GEMINI_KEY,
      LLM_USAGE_FLUSH_INTERVAL_MS: '200',
    });
  });

  afterAll(async () => {
    await app?.close();
    observer?.disconnect();
    await proxy?.close();
    await Promise.all([server?.destroy(), dictionary?.close(), gemini?.close(), db?.drop()]);
  });

  /** Records the status of one step so a failure names every step that went wrong, not just the first. */
  async function step(name: string, request: Promise<Response>): Promise<Response> {
    const res = await request;
    statuses[name] = res.status;
    return res;
  }

  it('serves a whole user and admin session without one refused Redis command', async () => {
    // Ready means PostgreSQL and Redis (PING, with AUTH) answer; retried, as a loaded CI box can be slow
    // to answer the probe's first PostgreSQL query within its 1 s timeout.
    await expect
      .poll(async () => (await step('ready', app.request('/health/ready'))).status, { timeout: 10_000 })
      .toBe(200);

    const user = await registerUser(app);
    const session = await loginUser(app, user);
    const token = session.accessToken;
    await step(
      'refresh',
      app.request('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken: session.refreshToken } }),
    );

    await step('settings get', app.request('/api/v1/settings', { token }));
    await step(
      'settings patch',
      app.request('/api/v1/settings', { method: 'PATCH', token, json: { tone: 'formal' } }),
    );
    await step('settings get again', app.request('/api/v1/settings', { token }));

    await step('lookup miss', app.request('/api/v1/dictionary/hello', { token }));
    await step('lookup hit', app.request('/api/v1/dictionary/hello', { token }));
    await step(
      'batch lookup',
      app.request('/api/v1/dictionary/lookup', { method: 'POST', token, json: { words: ['hello', 'test'] } }),
    );

    await step(
      'correct',
      app.request('/api/v1/llm/correct', { method: 'POST', token, json: { text: 'I recieve teh letter.' } }),
    );
    await step(
      'correct cached',
      app.request('/api/v1/llm/correct', { method: 'POST', token, json: { text: 'I recieve teh letter.' } }),
    );
    await step('usage', app.request('/api/v1/llm/usage', { token }));

    const admin = { token: (await createAdmin(app)).accessToken };
    await step('admin stats', app.request('/api/v1/admin/cache/stats', admin));
    await step(
      'admin warm',
      app.request('/api/v1/admin/cache/warm', {
        method: 'POST',
        ...admin,
        json: { namespace: 'dict', limit: 10 },
      }),
    );
    await step(
      'admin flush key',
      app.request('/api/v1/admin/cache/dict/en:hello', { method: 'DELETE', ...admin }),
    );
    await step(
      'admin flush namespace',
      app.request('/api/v1/admin/cache/dict', { method: 'DELETE', ...admin }),
    );
    await step(
      'admin flush all',
      app.request('/api/v1/admin/cache?confirm=session', { method: 'DELETE', ...admin }),
    );
    await step(
      'admin purge word',
      app.request('/api/v1/admin/dictionary/hello', { method: 'DELETE', ...admin }),
    );

    await step('logout', app.request('/api/v1/auth/logout', { method: 'POST', token }));
    await step('after logout', app.request('/api/v1/settings', { token }));

    // The write-behind usage buffer drains into PostgreSQL (LRANGE + the trim/unlock scripts).
    await expect
      .poll(() => observer.llen(`${prefix}{llm-usage}:buffer`), { timeout: 5_000, interval: 100 })
      .toBe(0);

    expect(statuses).toMatchObject({
      ready: 200,
      refresh: 200,
      'settings get': 200,
      'settings patch': 200,
      'settings get again': 200,
      'lookup miss': 200,
      'lookup hit': 200,
      'batch lookup': 200,
      correct: 200,
      'correct cached': 200,
      usage: 200,
      'admin stats': 200,
      'admin warm': 200,
      'admin flush key': 200,
      'admin flush namespace': 200,
      'admin flush all': 200,
      logout: 204,
      'after logout': 401,
    });
    expect(statuses['admin purge word']).toBeLessThan(300);

    // The proof, on the wire: the app never sent a disabled command …
    const sent = new Set(proxy.commands);
    expect([...sent].filter((command) => DISABLED.has(command.split(' ')[0]))).toEqual([]);
    // … and the server refused nothing else either. Every error reply is accounted for: ioredis's
    // EVALSHA falls back to EVAL on NOSCRIPT, and Redis before 7.2 (this machine's; compose runs 7.4)
    // answers the CLIENT SETINFO that ioredis sends on connect with ERR.
    const { NOSCRIPT: _scriptCacheMisses, ...errors } = await errorReplies(observer);
    const setInfoErrors = serverBefore72(await info(observer, 'server'))
      ? proxy.commands.filter((c) => c === 'CLIENT SETINFO').length
      : 0;
    expect(errors).toEqual(setInfoErrors > 0 ? { ERR: setInfoErrors } : {});
    const calls = await commandCalls(observer);
    const failed = Object.entries(calls).filter(
      ([name, c]) => c.rejected > 0 || (c.failed > 0 && name !== 'evalsha'),
    );
    expect(failed).toEqual([]);
    // And it really did use this server, for all of its kinds of work.
    for (const command of ['get', 'set', 'scan', 'unlink', 'rpush', 'subscribe', 'publish']) {
      expect(
        calls[command]?.calls ?? 0,
        `the app sent ${command.toUpperCase()} to this server`,
      ).toBeGreaterThan(0);
    }
    expect(
      (calls.evalsha?.calls ?? 0) + (calls.eval?.calls ?? 0),
      'Lua scripts (rate limits, budgets)',
    ).toBeGreaterThan(0);
  });
});

/** CLIENT SETINFO arrived in Redis 7.2. */
function serverBefore72(server: Map<string, string>): boolean {
  const [major, minor] = (server.get('redis_version') ?? '0.0').split('.').map(Number);
  return major < 7 || (major === 7 && minor < 2);
}
