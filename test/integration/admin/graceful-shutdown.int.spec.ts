import 'reflect-metadata';

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createApp } from '#src/app.factory.js';
import { AppConfig } from '#src/config/app-config.js';
import { GracefulShutdown } from '#src/infra/shutdown/graceful-shutdown.js';

import { FakeFreeDictionaryServer } from '../../fakes/free-dictionary.server.js';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.js';
import { baseTestEnv } from '../../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

/** The in-process half of the shutdown tests (the built service under SIGTERM is in test/e2e/admin). */
describe('GracefulShutdown', () => {
  let db: TestDatabase;
  let fake: FakeFreeDictionaryServer;
  let app: NestFastifyApplication | undefined;
  const prefix = uniqueKeyPrefix();

  beforeAll(async () => {
    [db, fake] = await Promise.all([createTestDatabase(), FakeFreeDictionaryServer.start()]);
  });
  afterEach(async () => {
    fake.reset();
    await app?.close().catch(() => undefined);
    app = undefined;
  });
  afterAll(async () => {
    await fake?.close();
    await deleteKeysWithPrefix(prefix);
    await db?.drop();
  });

  async function start(timeoutMs: number) {
    const config = AppConfig.fromEnv(
      baseTestEnv({
        DATABASE_URL: db.url,
        REDIS_KEY_PREFIX: prefix,
        DICTIONARY_API_URL: fake.url,
        DICTIONARY_TIMEOUT_MS: '5000',
      }),
    );
    app = await createApp(config);
    const shutdown = new GracefulShutdown(app, timeoutMs);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const register = await fetch(`${url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `gs-${Math.random().toString(36).slice(2)}@example.test`,
        password: 'pw-long-enough-123',
      }),
    });
    const { accessToken } = (await register.json()) as { accessToken: string };
    const lookup = (word: string) =>
      fetch(`${url}/api/v1/dictionary/${word}`, { headers: { authorization: `Bearer ${accessToken}` } });
    return { shutdown, lookup, url };
  }

  it('lets a request in flight finish, tells its keep-alive client to go, and does not wait for idle connections', async () => {
    const { shutdown, lookup } = await start(5_000);
    expect((await lookup('hello')).status).toBe(200); // leaves an idle keep-alive connection behind
    fake.latencyMs = 400;
    const inFlight = lookup('legion');
    await expect.poll(() => fake.count('legion'), { interval: 10 }).toBe(1);
    const started = Date.now();
    const drained = shutdown.shutdown();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('close');
    expect(await drained).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives up on requests still running after SHUTDOWN_TIMEOUT_MS and closes anyway', async () => {
    const { shutdown, lookup } = await start(300);
    fake.latencyMs = 3_000;
    const inFlight = lookup('cumbersome').then(
      (res) => res.status,
      () => 'connection cut',
    );
    await expect.poll(() => fake.count('cumbersome'), { interval: 10 }).toBe(1);
    const started = Date.now();
    expect(await shutdown.shutdown()).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(await inFlight).toBe('connection cut');
  });
});
