import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { rawRedis } from '../../helpers/redis.js';
import { PrivateRedisServer } from '../../helpers/redis-server.js';
import { burst, type RateLimitTestApp, sleep, startRateLimitApp } from './rate-limit-test-app.js';

/** A one-node Redis Cluster owning every slot: enough for Redis to enforce that a script's keys share a slot. */
async function startOneNodeCluster(): Promise<{ server: PrivateRedisServer; raw: Redis }> {
  const config = join(tmpdir(), `pp-rl-nodes-${randomBytes(4).toString('hex')}.conf`);
  const server = await PrivateRedisServer.start([
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    config,
    '--cluster-announce-ip',
    '127.0.0.1',
  ]);
  const raw = rawRedis(server.url);
  await raw.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
  for (let i = 0; !((await raw.call('CLUSTER', 'INFO')) as string).includes('cluster_state:ok'); i++) {
    if (i > 100) throw new Error('cluster did not become ok');
    await sleep(50);
  }
  return { server, raw };
}

describe('on Redis Cluster', () => {
  let cluster: { server: PrivateRedisServer; raw: Redis };
  let app: RateLimitTestApp;

  beforeAll(async () => {
    cluster = await startOneNodeCluster();
    app = await startRateLimitApp({
      REDIS_URL: undefined,
      REDIS_CLUSTER_NODES: `127.0.0.1:${cluster.server.port}`,
      RATE_LIMIT_DEFAULT_LIMIT: '5',
      RATE_LIMIT_LLM_LIMIT: '5',
    });
  });
  afterAll(async () => {
    await app?.close();
    cluster?.raw.disconnect();
    await cluster?.server.stop();
  });

  it('Redis rejects a multi-key script whose keys are in different slots', async () => {
    await expect(
      cluster.raw.eval("return redis.call('PTTL', KEYS[2])", 2, 'rl:{a}:n', 'rl:{b}:block'),
    ).rejects.toThrow(/CROSSSLOT/);
  });

  it('both scripts run, their keys hash-tagged into one slot, and limit exactly', async () => {
    const headers = { 'x-test-user': 'clustered' };
    const fixed = await burst(20, () => app.request('/api/v1/rl/default', { headers }));
    const sliding = await burst(20, () => app.request('/api/v1/rl/correct', { method: 'POST', headers }));
    expect([fixed.statuses, sliding.statuses]).toEqual([
      { 200: 5, 429: 15 },
      { 200: 5, 429: 15 },
    ]);
    expect(app.metrics.snapshot()).toMatchObject({ redisFailures: 0, fallbackChecks: 0 });
    expect((await cluster.raw.keys('*rl:*')).sort()).toEqual([
      'pp:rl:{user:clustered}:default:n',
      'pp:rl:{user:clustered}:llm:log',
    ]);
  });
});
