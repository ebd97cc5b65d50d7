// What ioredis' auto-pipelining costs the garbage collector: a request-like loop (three concurrent commands,
// the 1.9 KB value among them, plus ~70 KB of short-lived objects per "request", ~1,000 requests a second)
// run in a child process with V8's GC trace: with `enableAutoPipelining` (the app's client), without it, and
// without it but with each request's three commands in one explicit pipeline (one write per request), and
// without it with the socket corked while a request issues its commands (one write per request, no pipeline).
//
//   npm run bench:redis-promotion      (BENCH_REDIS_URL, default redis://127.0.0.1:6379)
//
// Prints, per round and client: scavenges, the share of what was allocated between scavenges that V8 then
// promoted to the old generation (what a mark-compact must later collect, and what makes the heap grow),
// and the MB promoted per scavenge. The first scavenges (start-up) are left out.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { Redis } from 'ioredis';

const ROUNDS = 3;
const SECONDS = 8;
const REQUESTS_PER_10_MS = 10;
const WARM_UP_SCAVENGES = 3;
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';

type Client = 'auto-pipelined' | 'plain' | 'pipeline per request' | 'plain, socket corked per request';
const CLIENTS: Client[] = [
  'auto-pipelined',
  'plain',
  'pipeline per request',
  'plain, socket corked per request',
];

async function child(client: Client): Promise<void> {
  const redis = new Redis(REDIS_URL, {
    enableAutoPipelining: client === 'auto-pipelined',
    keyPrefix: `bench-promotion-${process.pid}:`,
  });
  await redis.set('value', 'x'.repeat(1_900));
  await redis.set('session', 's'.repeat(120));
  let answered = 0;
  const request = async (): Promise<void> => {
    const [session, revoked, value] =
      client === 'pipeline per request'
        ? ((await redis.pipeline().get('session').exists('tombstone').get('value').exec()) ?? []).map(
            ([, reply]) => reply as string | number | null,
          )
        : await corkedIf(client === 'plain, socket corked per request', () =>
            Promise.all([redis.get('session'), redis.exists('tombstone'), redis.get('value')]),
          );
    const garbage: { i: number; s: string }[] = [];
    for (let i = 0; i < 700; i++) garbage.push({ i, s: `y${i}` });
    if (session && value && revoked === 0 && garbage.length) answered++;
  };
  /** The commands issued by `issue` leave in one write: Node buffers a corked socket's writes. */
  function corkedIf<T>(cork: boolean, issue: () => Promise<T>): Promise<T> {
    if (!cork) return issue();
    redis.stream.cork();
    const issued = issue();
    process.nextTick(() => redis.stream.uncork());
    return issued;
  }
  const end = Date.now() + SECONDS * 1_000;
  while (Date.now() < end) {
    for (let i = 0; i < REQUESTS_PER_10_MS; i++) void request();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await redis.del('value', 'session');
  redis.disconnect();
  process.stderr.write(`answered ${answered}\n`);
}

function run(client: Client): { scavenges: number; promotedShare: number; promotedMbEach: number } {
  const self = fileURLToPath(import.meta.url);
  const result = spawnSync(
    process.execPath,
    [...process.execArgv, '--max-semi-space-size=16', '--trace-gc-nvp', self, '--child', client],
    { encoding: 'utf8', env: process.env },
  );
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
  const scavenges = result.stdout
    .split('\n')
    .filter((line) => / gc=s /.test(line))
    .map((line) => ({
      allocated: Number(/ allocated=(\d+)/.exec(line)?.[1] ?? 0),
      promoted: Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0),
    }))
    .slice(WARM_UP_SCAVENGES);
  const allocated = scavenges.reduce((sum, s) => sum + s.allocated, 0);
  const promoted = scavenges.reduce((sum, s) => sum + s.promoted, 0);
  return {
    scavenges: scavenges.length,
    promotedShare: promoted / allocated,
    promotedMbEach: promoted / scavenges.length / 1e6,
  };
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as Client);
} else {
  console.log('| round | client | scavenges | promoted, share of allocated | promoted per scavenge |');
  console.log('| --- | --- | --- | --- | --- |');
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 ? CLIENTS : [...CLIENTS].reverse();
    for (const client of order) {
      const r = run(client);
      console.log(
        `| ${round} | ${client} | ${r.scavenges} | ${(100 * r.promotedShare).toFixed(1)} % | ${r.promotedMbEach.toFixed(2)} MB |`,
      );
    }
  }
}
