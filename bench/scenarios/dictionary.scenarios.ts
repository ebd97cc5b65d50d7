// GET /dictionary/:word served by each layer, a cold word under a stampede, and the 100-word batch.
import { randomBytes } from 'node:crypto';

import { measure, type ScenarioResult } from '../lib/scenario.js';
import {
  bearer,
  type BenchContext,
  JSON_HEADERS,
  paced,
  steady,
  type SteadyScenario,
} from './bench-context.js';
import { answered, dictLayers, layerDelta } from './cache-stats.js';

export const wordPath = (word: string): string => `/api/v1/dictionary/${encodeURIComponent(word)}`;

async function expectLayer(
  ctx: BenchContext,
  api: BenchContext['api'],
  word: string,
  layer: string,
): Promise<void> {
  const { headers, body } = await api.call<unknown>('GET', wordPath(word), { token: ctx.user.accessToken });
  // An L1 hit says `X-Cache-Layer: l1`; otherwise `X-Source` names the layer.
  const answered = headers.get('x-cache-layer') ?? headers.get('x-source');
  if (answered !== layer)
    throw new Error(`GET ${word}: expected the ${layer} layer to answer, got ${answered}`);
  ctx.payloads.entry ??= { method: 'GET', response: body };
}

export async function l1Get(ctx: BenchContext): Promise<ScenarioResult> {
  await ctx.api.call('GET', wordPath(ctx.hotWord), { token: ctx.user.accessToken });
  await expectLayer(ctx, ctx.api, ctx.hotWord, 'l1');
  return steady(ctx, {
    id: 'dict-get-l1',
    title: 'GET /dictionary/:word — L1 hit',
    server: ctx.l1App,
    payload: 'entry',
    request: { method: 'GET', path: wordPath(ctx.hotWord), headers: bearer(ctx.user.accessToken) },
  });
}

function redisGetScenario(ctx: BenchContext): SteadyScenario {
  return {
    id: 'dict-get-redis',
    title: 'GET /dictionary/:word — Redis hit (L1 off)',
    server: ctx.redisApp,
    payload: 'entry',
    request: { method: 'GET', path: wordPath(ctx.hotWord), headers: bearer(ctx.user.accessToken) },
  };
}

export async function redisGet(ctx: BenchContext): Promise<ScenarioResult> {
  await ctx.apiNoL1.call('GET', wordPath(ctx.hotWord), { token: ctx.user.accessToken });
  await expectLayer(ctx, ctx.apiNoL1, ctx.hotWord, 'redis');
  return steady(ctx, redisGetScenario(ctx));
}

export function redisGetPaced(ctx: BenchContext): Promise<ScenarioResult | undefined> {
  return paced(ctx, redisGetScenario(ctx));
}

/**
 * Every request asks for a different word that PostgreSQL holds and Redis does not: before each run the
 * `dict` namespace is flushed (Redis keys + every L1, through the admin endpoint), then the run walks the
 * seeded words in order, each once. Each answer is written back to Redis, as in production. Instance B's
 * own cache counters (admin stats) confirm which layer answered.
 */
export async function postgresGet(ctx: BenchContext): Promise<ScenarioResult> {
  const paths = ctx.words.map(wordPath);
  const before = await dictLayers(ctx.apiNoL1, ctx.admin.accessToken);
  let sent = 0;
  const result = await steady(ctx, {
    id: 'dict-get-postgres',
    title: 'GET /dictionary/:word — PostgreSQL hit (Redis miss, L1 off)',
    server: ctx.redisApp,
    payload: 'entry',
    request: { method: 'GET', headers: bearer(ctx.user.accessToken), paths: { list: paths, offset: 0 } },
    // The warm-up walks words too; harmless: every run starts with a flush.
    before: async () => {
      await ctx.api.call('DELETE', '/api/v1/admin/cache/dict', { token: ctx.admin.accessToken });
    },
    after: (_run, outcome) => {
      sent = Math.max(sent, outcome.sent);
    },
  });
  const d = layerDelta(before, await dictLayers(ctx.apiNoL1, ctx.admin.accessToken));
  const lookups = answered(d);
  const pct = lookups ? ((100 * d.postgres.hits) / lookups).toFixed(1) : '—';
  result.notes.push(
    `answered by PostgreSQL: ${pct}% of ${lookups} answered lookups (instance B's admin stats: Redis hits ${d.redis.hits}, upstream calls ${d.upstream.hits + d.upstream.misses}); ` +
      `each run walked up to ${sent} of the ${paths.length} seeded words, each once, after a flush of \`dict\``,
  );
  return result;
}

/** A word nobody asked for yet, requested by `coldClients` clients at the same moment. */
export async function coldStampede(ctx: BenchContext): Promise<ScenarioResult> {
  const upstreamCalls: number[] = [];
  let word = '';
  const result = await measure({
    id: 'dict-get-cold',
    title: `GET /dictionary/:word — cold word, ${ctx.config.coldClients} concurrent clients`,
    server: ctx.l1App,
    connections: ctx.config.coldClients,
    generator: 'autocannon',
    runs: ctx.config.runs,
    before: async () => {
      word = `cold${[...randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;
    },
    load: () =>
      ctx.load.autocannon(
        {
          url: ctx.l1App.url,
          connections: ctx.config.coldClients,
          durationSec: 30,
          // Far above DICTIONARY_TIMEOUT_MS (3 s): a request still unanswered then is stuck, not slow.
          timeoutSec: 10,
          amount: ctx.config.coldClients,
          requests: [{ method: 'GET', path: wordPath(word), headers: bearer(ctx.user.accessToken) }],
        },
        ctx.l1App,
      ),
    after: () => {
      upstreamCalls.push(ctx.dictionary.count(word));
    },
  });
  result.notes.push(
    `upstream (fake Free Dictionary, ${ctx.dictionary.latencyMs} ms) calls per cold word: ${upstreamCalls.join(', ')} for ${ctx.config.coldClients} requests each`,
  );
  return result;
}

export async function batchLookup(ctx: BenchContext): Promise<ScenarioResult> {
  const request = { words: ctx.words.slice(0, 100) };
  await ctx.api.call('POST', '/api/v1/dictionary/lookup', { token: ctx.user.accessToken, json: request });
  const { body } = await ctx.api.call<{ results: Record<string, unknown> }>(
    'POST',
    '/api/v1/dictionary/lookup',
    { token: ctx.user.accessToken, json: request },
  );
  const found = Object.values(body.results).filter((v) => v !== null).length;
  if (found !== request.words.length)
    throw new Error(`batch lookup: ${found} of ${request.words.length} words found`);
  ctx.payloads.batch = { method: 'POST', request, response: body };
  return steady(ctx, {
    id: 'dict-batch-100',
    title: 'POST /dictionary/lookup — 100 cached words',
    server: ctx.l1App,
    payload: 'batch',
    request: {
      method: 'POST',
      path: '/api/v1/dictionary/lookup',
      headers: { ...bearer(ctx.user.accessToken), ...JSON_HEADERS },
      body: JSON.stringify(request),
    },
  });
}
