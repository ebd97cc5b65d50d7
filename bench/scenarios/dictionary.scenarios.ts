// GET /dictionary/:word served by each layer, a cold word under a stampede, and the 100-word batch.
import { randomBytes } from 'node:crypto';

import type { AutocannonRequest } from 'autocannon';

import { measure, type ScenarioResult } from '../lib/scenario.js';
import { bearer, JSON_HEADERS, type BenchContext } from './bench-context.js';

const wordPath = (word: string): string => `/api/v1/dictionary/${encodeURIComponent(word)}`;

/** Which layer answered, from the response headers (`X-Cache-Layer: l1`, else `X-Source`). */
function layerOf(headers: Headers | Record<string, string>): string {
  const get = (name: string): string | undefined => (headers instanceof Headers ? (headers.get(name) ?? undefined) : headers[name] ?? headers[name.toLowerCase()]);
  return get('X-Cache-Layer') ?? get('X-Source') ?? 'unknown';
}

async function expectLayer(ctx: BenchContext, api: BenchContext['api'], word: string, layer: string): Promise<void> {
  const { headers, body } = await api.call<unknown>('GET', wordPath(word), { token: ctx.user.accessToken });
  if (layerOf(headers) !== layer) throw new Error(`GET ${word}: expected the ${layer} layer to answer, got ${layerOf(headers)}`);
  ctx.payloads.entry ??= { method: 'GET', response: body };
}

function fixedGet(ctx: BenchContext, path: string): AutocannonRequest[] {
  return [{ method: 'GET', path, headers: bearer(ctx.user.accessToken) }];
}

function tally(counts: Map<string, number>): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return [...counts].map(([k, n]) => `${k} ${((100 * n) / total).toFixed(1)}%`).join(', ');
}

export async function l1Get(ctx: BenchContext): Promise<ScenarioResult> {
  await ctx.api.call('GET', wordPath(ctx.hotWord), { token: ctx.user.accessToken });
  await expectLayer(ctx, ctx.api, ctx.hotWord, 'l1');
  return measure({
    id: 'dict-get-l1',
    title: 'GET /dictionary/:word — L1 hit',
    server: ctx.l1App,
    runs: ctx.config.runs,
    payload: 'entry',
    spec: () => ({ url: ctx.l1App.url, connections: ctx.config.connections, durationSec: ctx.config.durationSec, overallRate: ctx.config.overallRate, requests: fixedGet(ctx, wordPath(ctx.hotWord)) }),
  });
}

export async function redisGet(ctx: BenchContext): Promise<ScenarioResult> {
  await ctx.apiNoL1.call('GET', wordPath(ctx.hotWord), { token: ctx.user.accessToken });
  await expectLayer(ctx, ctx.apiNoL1, ctx.hotWord, 'redis');
  return measure({
    id: 'dict-get-redis',
    title: 'GET /dictionary/:word — Redis hit (L1 off)',
    server: ctx.redisApp,
    runs: ctx.config.runs,
    payload: 'entry',
    spec: () => ({ url: ctx.redisApp.url, connections: ctx.config.connections, durationSec: ctx.config.durationSec, overallRate: ctx.config.overallRate, requests: fixedGet(ctx, wordPath(ctx.hotWord)) }),
  });
}

/**
 * Every request asks for a different word that PostgreSQL holds and Redis does not: before each run the
 * `dict` namespace is flushed (Redis keys + every L1, through the admin endpoint), then the run walks the
 * seeded words in order, each once, so no request can be a Redis hit. The run stops early if it runs out
 * of words; each answer is written back to Redis, as in production.
 */
export async function postgresGet(ctx: BenchContext): Promise<ScenarioResult> {
  let next = 0;
  const layers = new Map<string, number>();
  const result = await measure({
    id: 'dict-get-postgres',
    title: 'GET /dictionary/:word — PostgreSQL hit (Redis miss, L1 off)',
    server: ctx.redisApp,
    runs: ctx.config.runs,
    payload: 'entry',
    before: async () => {
      await ctx.api.call('DELETE', '/api/v1/admin/cache/dict', { token: ctx.admin.accessToken });
      next = 0;
    },
    spec: () => ({
      url: ctx.redisApp.url,
      connections: ctx.config.connections,
      durationSec: ctx.config.durationSec,
      overallRate: ctx.config.overallRate,
      maxOverallRequests: ctx.words.length,
      requests: [
        {
          method: 'GET',
          headers: bearer(ctx.user.accessToken),
          setupRequest: (req) => ({ ...req, path: wordPath(ctx.words[next++ % ctx.words.length]!) }),
          onResponse: (_status, _body, _context, headers) => {
            const layer = layerOf(headers);
            layers.set(layer, (layers.get(layer) ?? 0) + 1);
          },
        },
      ],
    }),
  });
  result.notes.push(`answered by: ${tally(layers)} (X-Source of every response; each word asked once per run)`);
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
    runs: ctx.config.runs,
    before: async () => {
      word = `cold${[...randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;
    },
    spec: () => ({
      url: ctx.l1App.url,
      connections: ctx.config.coldClients,
      durationSec: 30,
      amount: ctx.config.coldClients,
      requests: fixedGet(ctx, wordPath(word)),
    }),
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
  const { body } = await ctx.api.call<{ results: Record<string, unknown> }>('POST', '/api/v1/dictionary/lookup', { token: ctx.user.accessToken, json: request });
  const found = Object.values(body.results).filter((v) => v !== null).length;
  if (found !== request.words.length) throw new Error(`batch lookup: ${found} of ${request.words.length} words found`);
  ctx.payloads.batch = { method: 'POST', request, response: body };
  const payload = JSON.stringify(request);
  return measure({
    id: 'dict-batch-100',
    title: 'POST /dictionary/lookup — 100 cached words',
    server: ctx.l1App,
    runs: ctx.config.runs,
    payload: 'batch',
    spec: () => ({
      url: ctx.l1App.url,
      connections: ctx.config.connections,
      durationSec: ctx.config.durationSec,
      overallRate: ctx.config.overallRate,
      requests: [{ method: 'POST', path: '/api/v1/dictionary/lookup', headers: { ...bearer(ctx.user.accessToken), ...JSON_HEADERS }, body: payload }],
    }),
  });
}
