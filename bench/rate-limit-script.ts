// The rate limiter's Redis cost per request, the two ways a request can count against two policies
// (`default` and `dictionary`, as a dictionary lookup does): one script run that checks both, or one run per
// policy (what the guard did before 2026-12-03). Same store class, same Redis, alternating rounds.
//
//   npm run build && npm run bench:rate-limit      (BENCH_REDIS_URL, default redis://127.0.0.1:6379)
//
// Prints, per round and way: wall time for N requests issued 50 at a time (auto-pipelined: one write per
// turn, as the app's corked client sends them) and the Redis CPU the scripts took (`INFO commandstats`,
// EVALSHA and EVAL).
import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';

import type { RateLimitRule } from '#src/infra/rate-limit/rate-limit.store.js';
import { RedisRateLimitStore } from '#src/infra/rate-limit/redis-rate-limit.store.js';

const REQUESTS = 30_000;
const IN_FLIGHT = 50;
const USERS = 1_000;
const ROUNDS = 3;

const redis = new Redis(process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379', {
  enableAutoPipelining: true,
});
const store = new RedisRateLimitStore(redis);
const prefix = `bench-rl-${randomBytes(4).toString('hex')}:`;
const rule: RateLimitRule = { algorithm: 'fixed-window', limit: 1e9, windowMs: 60_000, blockMs: 0 };

const ways = {
  'one run for both policies': (user: number) =>
    store.checkAll([
      { key: `${prefix}rl:{user:${user}}:default`, rule },
      { key: `${prefix}rl:{user:${user}}:dictionary`, rule },
    ]),
  'one run per policy': (user: number) =>
    Promise.all([
      store.check(`${prefix}rl:{user:${user}}:default`, rule),
      store.check(`${prefix}rl:{user:${user}}:dictionary`, rule),
    ]),
};

async function scriptMicros(): Promise<number> {
  const stats = (await redis.info('commandstats')).split('\n');
  return stats
    .filter((line) => /^cmdstat_(evalsha|eval):/.test(line))
    .reduce((sum, line) => sum + Number(/usec=(\d+)/.exec(line)?.[1] ?? 0), 0);
}

async function measure(run: (user: number) => Promise<unknown>): Promise<{ ms: number; redisUs: number }> {
  const before = await scriptMicros();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < REQUESTS) await run(next++ % USERS);
    }),
  );
  const ms = performance.now() - started;
  return { ms, redisUs: (await scriptMicros()) - before };
}

console.log(`| round | way | ${REQUESTS} requests, ms | Redis script CPU per request, µs |`);
console.log('| --- | --- | --- | --- |');
for (let round = 1; round <= ROUNDS; round++) {
  for (const [way, run] of Object.entries(ways)) {
    const { ms, redisUs } = await measure(run);
    console.log(`| ${round} | ${way} | ${Math.round(ms)} | ${(redisUs / REQUESTS).toFixed(1)} |`);
  }
}
const keys = await redis.keys(`${prefix}*`);
if (keys.length > 0) await redis.del(...keys);
await redis.quit();
