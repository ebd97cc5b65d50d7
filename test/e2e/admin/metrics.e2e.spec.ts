import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CorrectionMetrics } from '#src/correction/correction.metrics.js';
import { DictionaryLookupCounter } from '#src/dictionary/dictionary-lookup-counter.js';

import { FakeGeminiServer } from '../../fakes/gemini.server.js';
import { correctionHandler } from '../../fakes/gemini-correction.handler.js';
import type { TestApp } from '../../helpers/test-app.js';
import { type AdminHarness, startAdminHarness } from './admin-harness.js';
import { parsePrometheusText, type PromFamily, sampleValue } from './prometheus-text.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

async function scrape(app: TestApp, token?: string): Promise<Map<string, PromFamily>> {
  const res = await app.request('/metrics', { token });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(await res.text());
}

describe('GET /metrics', () => {
  let h: AdminHarness;
  let gemini: FakeGeminiServer;
  let guarded: TestApp;

  beforeAll(async () => {
    gemini = await FakeGeminiServer.start();
    gemini.respondWith(correctionHandler());
    h = await startAdminHarness({
      GEMINI_API_KEY: gemini.apiKey,
      GEMINI_BASE_URL: gemini.url,
      LLM_USAGE_FLUSH_INTERVAL_MS: '600000',
      RATE_LIMIT_AUTH_EMAIL_LIMIT: '3',
    });
    // A second instance in the same process, with a metrics token and a tiny default rate limit.
    guarded = await h.anotherInstance({ METRICS_TOKEN, RATE_LIMIT_DEFAULT_LIMIT: '3' });
  });
  afterAll(async () => {
    await h?.close();
    await gemini?.close();
  });

  it('is valid Prometheus text with every family the operators need', async () => {
    const families = await scrape(h.app);
    const types = Object.fromEntries([...families.values()].map((f) => [f.name, f.type]));
    expect(types).toMatchObject({
      http_request_duration_seconds: 'histogram',
      cache_requests_total: 'counter',
      cache_errors_total: 'counter',
      cache_layer_duration_seconds: 'histogram',
      cache_l1_entries: 'gauge',
      cache_redis_pending_repairs: 'gauge',
      upstream_requests_total: 'counter',
      upstream_request_duration_seconds: 'histogram',
      upstream_circuit_state: 'gauge',
      circuit_breaker_state: 'gauge',
      circuit_breaker_openings_total: 'counter',
      gemini_tokens_total: 'counter',
      gemini_estimated_cost_usd_total: 'counter',
      rate_limit_rejections_total: 'counter',
      write_behind_buffer_depth: 'gauge',
      process_cpu_seconds_total: 'counter',
      // monitorEventLoopDelay, through prom-client's default metrics: what a blocked loop costs everyone.
      nodejs_eventloop_lag_p99_seconds: 'gauge',
      local_checker_queue_depth: 'gauge',
      local_checker_threads: 'gauge',
      local_checker_checks_total: 'counter',
      process_idle_memory_trims_total: 'counter',
      process_idle_memory_trim_returned_bytes_total: 'counter',
      process_idle_memory_trim_pause_seconds_total: 'counter',
    });
    for (const f of families.values()) expect(f.help, f.name).not.toBe('');
    expect(
      sampleValue(families, 'upstream_circuit_state', { upstream: 'free-dictionary', state: 'closed' }),
    ).toBe(1);
    expect(sampleValue(families, 'upstream_circuit_state', { upstream: 'gemini', state: 'open' })).toBe(0);
    // One registry holds every breaker: the datastores' too, one per dependency.
    for (const circuit of ['redis', 'postgresql', 'free-dictionary', 'gemini'])
      expect(sampleValue(families, 'circuit_breaker_state', { circuit, state: 'closed' }), circuit).toBe(1);
    expect(families.get('circuit_breaker_state')?.samples.filter((s) => s.value === 1)).toHaveLength(4);
    // The test process runs without --expose-gc: the idle trim is off and has returned nothing.
    expect(sampleValue(families, 'process_idle_memory_trims_total', {})).toBe(0);
    // Both features add their buffer to one family.
    expect(
      families
        .get('write_behind_buffer_depth')
        ?.samples.map((s) => s.labels.buffer)
        .sort(),
    ).toEqual(['dictionary_lookups', 'llm_usage']);
  });

  it('moves with the traffic', async () => {
    const before = await scrape(h.app);
    const change = (after: Map<string, PromFamily>, name: string, labels: Record<string, string> = {}) =>
      sampleValue(after, name, labels) - sampleValue(before, name, labels);

    for (let i = 0; i < 3; i++) expect((await h.lookup('legion')).status).toBe(200);
    const correction = await h.app.request('/api/v1/llm/correct', {
      method: 'POST',
      token: h.user.accessToken,
      json: { text: 'I recieve teh letter.' },
    });
    expect(correction.status).toBe(200);
    expect(correction.headers.get('x-llm-fallback')).toBeNull();
    const logins = [];
    for (let i = 0; i < 4; i++) {
      logins.push(
        (
          await h.app.request('/api/v1/auth/login', {
            method: 'POST',
            json: { email: 'nobody@example.test', password: 'wrong-password-1' },
          })
        ).status,
      );
    }
    expect(logins).toEqual([401, 401, 401, 429]);
    expect((await h.app.request('/no/such/route')).status).toBe(404);

    const counter = h.app.app.get(DictionaryLookupCounter);
    const lookupDepths = [counter.depth];
    const after = await scrape(h.app);
    lookupDepths.push(counter.depth);
    const lookupRoute = { method: 'GET', route: '/api/v1/dictionary/:word', status_code: '200' };
    expect(change(after, 'http_request_duration_seconds_count', lookupRoute)).toBe(3);
    expect(change(after, 'http_request_duration_seconds_bucket', { ...lookupRoute, le: '+Inf' })).toBe(3);
    expect(
      change(after, 'http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/v1/auth/login',
        status_code: '429',
      }),
    ).toBe(1);
    expect(
      change(after, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: 'unmatched',
        status_code: '404',
      }),
    ).toBe(1);
    // Route patterns only, never raw URLs.
    const routes = new Set(after.get('http_request_duration_seconds')!.samples.map((s) => s.labels.route));
    expect([...routes].filter((r) => r.includes('legion') || r.includes('no/such'))).toEqual([]);

    expect(
      change(after, 'cache_requests_total', { namespace: 'dict', layer: 'upstream', result: 'hit' }),
    ).toBe(1);
    expect(change(after, 'cache_requests_total', { namespace: 'dict', layer: 'l1', result: 'hit' })).toBe(2);
    expect(change(after, 'cache_requests_total', { namespace: 'dict', layer: 'redis', result: 'miss' })).toBe(
      1,
    );
    expect(
      change(after, 'cache_layer_duration_seconds_count', { namespace: 'dict', layer: 'upstream' }),
    ).toBe(1);

    expect(change(after, 'upstream_requests_total', { upstream: 'free-dictionary', outcome: '2xx' })).toBe(1);
    expect(change(after, 'upstream_request_duration_seconds_count', { upstream: 'free-dictionary' })).toBe(1);
    expect(change(after, 'upstream_requests_total', { upstream: 'gemini', outcome: '2xx' })).toBe(
      gemini.callCount,
    );
    expect(gemini.callCount).toBe(1);

    const used = h.app.app.get(CorrectionMetrics).gemini;
    expect(used.promptTokens).toBeGreaterThan(0);
    expect(change(after, 'gemini_tokens_total', { kind: 'prompt' })).toBe(used.promptTokens);
    expect(change(after, 'gemini_tokens_total', { kind: 'completion' })).toBe(used.completionTokens);
    expect(change(after, 'gemini_estimated_cost_usd_total')).toBeCloseTo(used.costUsd, 9);
    expect(change(after, 'gemini_calls_total')).toBe(1);

    expect(change(after, 'rate_limit_rejections_total', { policy: 'auth-email' })).toBe(1);
    // Usage events wait in the Redis buffer (flush interval: 10 min); looked-up words in the lookup counter
    // (flushed every 5 s, possibly during the scrape).
    expect(sampleValue(after, 'write_behind_buffer_depth', { buffer: 'llm_usage' })).toBe(1);
    expect(lookupDepths).toContain(
      sampleValue(after, 'write_behind_buffer_depth', { buffer: 'dictionary_lookups' }),
    );
  });

  it('belongs to its instance: another app in the same process counts only its own traffic', async () => {
    const families = await scrape(guarded, METRICS_TOKEN);
    expect(
      sampleValue(families, 'http_request_duration_seconds_count', {
        route: '/api/v1/dictionary/:word',
        method: 'GET',
        status_code: '200',
      }),
    ).toBe(0);
    expect(
      sampleValue(families, 'cache_requests_total', { namespace: 'dict', layer: 'upstream', result: 'hit' }),
    ).toBe(0);
  });

  it('needs METRICS_TOKEN as a bearer token when it is set, and is never rate limited', async () => {
    for (const token of [undefined, 'wrong-token-0123456789', h.admin.accessToken]) {
      const res = await guarded.request('/metrics', { token });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ status: 401, type: expect.stringContaining('unauthorized') });
    }
    // Far past RATE_LIMIT_DEFAULT_LIMIT=3 of this instance.
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () =>
        guarded.request('/metrics', { token: METRICS_TOKEN }).then((r) => r.status),
      ),
    );
    expect(statuses).toEqual(Array(10).fill(200));
    // Without a token configured it is open (h.app), like the health probes.
    expect((await h.app.request('/metrics')).status).toBe(200);
  });
});
