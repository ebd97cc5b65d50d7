import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RedisDriver } from '#src/infra/cache/drivers/redis.driver.js';
import { KeyvIoredisStore } from '#src/infra/cache/keyv-ioredis.store.js';
import { keySlot } from '#src/infra/cache/redis/redis-keyspace.js';

import { PrivateRedisServer } from '../../helpers/redis-server.js';
import { describeDriverContract } from './driver-contract.js';

const run = promisify(execFile);

/**
 * The Redis tier on a real 3-master Redis Cluster (private redis-servers): multi-key commands are
 * split per slot (no CROSSSLOT), SCAN visits every master.
 */
const dir = mkdtempSync(join(tmpdir(), 'pp-cluster-'));
let nodes: PrivateRedisServer[] = [];
let cluster: Cluster;

beforeAll(async () => {
  nodes = await Promise.all(
    [0, 1, 2].map((i) =>
      PrivateRedisServer.start([
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${i}.conf`,
        '--dir',
        dir,
      ]),
    ),
  );
  await run('redis-cli', [
    '--cluster',
    'create',
    ...nodes.map((n) => `127.0.0.1:${n.port}`),
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ]);
  for (let i = 0; i < 100; i++) {
    const { stdout } = await run('redis-cli', ['-p', String(nodes[0].port), 'cluster', 'info']);
    if (stdout.includes('cluster_state:ok')) break;
    await sleep(50);
  }
  cluster = new Cluster(
    nodes.map((n) => ({ host: '127.0.0.1', port: n.port })),
    { enableOfflineQueue: true },
  );
  await new Promise<void>((resolve, reject) => {
    cluster.once('ready', () => resolve());
    cluster.once('error', reject);
  });
}, 30_000);

afterAll(async () => {
  cluster?.disconnect();
  await Promise.all(nodes.map((n) => n.stop()));
  rmSync(dir, { recursive: true, force: true });
});

describeDriverContract('redis cluster', {
  create: () => new RedisDriver(cluster, 'pp:'),
  createNeighbour: () => new RedisDriver(cluster, 'other:'),
});

describe('cluster specifics', () => {
  it('the test keys really spread over several slots and masters', () => {
    const keys = Array.from({ length: 100 }, (_, i) => `pp:dict:en:w${i}`);
    expect(new Set(keys.map(keySlot)).size).toBeGreaterThan(50);
  });

  it('the Keyv store reads and deletes many keys across slots', async () => {
    const store = new KeyvIoredisStore(cluster, { keyPrefix: 'pp:cm:' });
    const keys = Array.from({ length: 20 }, (_, i) => `keyv:k${i}`);
    await Promise.all(keys.map((k) => store.set(k, `v-${k}`)));
    expect(await store.getMany(keys)).toEqual(keys.map((k) => `v-${k}`));
    expect(await store.deleteMany(keys)).toBe(true);
    expect(await store.getMany(keys)).toEqual(keys.map(() => undefined));
  });
});
