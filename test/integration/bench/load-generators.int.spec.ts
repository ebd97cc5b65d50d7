import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { asAutocannon, runAutocannon } from '../../../bench/lib/load-runner.js';
import { parseRedisBenchmarkCsv } from '../../../bench/lib/redis-benchmark.js';
import { percentile } from '../../../bench/lib/stats.js';
import { runWrk } from '../../../bench/lib/wrk-runner.js';
import { ZipfSampler } from '../../../bench/lib/zipf.js';

// The parts of the benchmark whose mistakes would not show in a table: the walk over paths (a run must
// continue where the last stopped, or the PostgreSQL tier and the Zipf stream would silently be served
// from a cache), think time, and the parsers. Checked against a real server that records what it got.

describe('load generators', () => {
  let server: Server;
  let url: string;
  const seen: { method: string; url: string; body: string; at: number }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, body, at: performance.now() });
        res
          .writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' })
          .end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => void (seen.length = 0));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const list = Array.from({ length: 50 }, (_, i) => `/w/${i}`);

  it('wrk walks the paths in order from the offset and says how far it got', async () => {
    const result = await runWrk(
      { url, connections: 1, durationSec: 1, method: 'GET', paths: { list, offset: 45 } },
      () => 1,
    );
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.slice(0, 8).map((r) => r.url)).toEqual([
      '/w/45',
      '/w/46',
      '/w/47',
      '/w/48',
      '/w/49',
      '/w/0',
      '/w/1',
      '/w/2',
    ]);
    expect(result.sent).toBeGreaterThanOrEqual(seen.length);
    expect(result.sent - seen.length).toBeLessThanOrEqual(1); // at most the request cut off at the end
    expect(result.errors).toBe(0);
    expect(result.p50).toBeGreaterThan(0);
  });

  it('wrk sends the fixed method, headers and body, and counts 4xx as errors', async () => {
    const ok = await runWrk(
      {
        url,
        connections: 2,
        durationSec: 1,
        method: 'POST',
        path: '/p',
        headers: { 'content-type': 'application/json' },
        body: '{"a":"b\\"c"}',
      },
      () => 1,
    );
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/p', body: '{"a":"b\\"c"}' });
    expect(ok.errors).toBe(0);
    seen.length = 0;
    const bad = await runWrk(
      { url, connections: 1, durationSec: 1, method: 'GET', path: '/missing' },
      () => 1,
    );
    // wrk stops at its deadline: the last request per connection may reach the server uncounted.
    expect(bad.errors).toBeGreaterThan(0);
    expect(bad.errors).toBeLessThanOrEqual(seen.length);
    expect(bad.errors).toBeGreaterThanOrEqual(seen.length - 1);
    expect(bad.ok).toBe(0);
  });

  it('wrk think time paces each connection, with pauses that vary', async () => {
    const paced = await runWrk(
      { url, connections: 2, durationSec: 2, method: 'GET', path: '/t', thinkMs: 100 },
      () => 1,
    );
    // 2 connections × ~10 requests a second (exponential pauses, mean 100 ms), against thousands without.
    expect(seen.length).toBeGreaterThanOrEqual(15);
    expect(seen.length).toBeLessThanOrEqual(80);
    expect(paced.rps).toBeLessThan(40);
    const gaps = seen.slice(1).map((r, i) => r.at - seen[i]!.at);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeGreaterThan(20); // not a fixed beat
  });

  it('the autocannon fallback walks the same paths in the same order', async () => {
    const counter = { sent: 0 };
    const result = await runAutocannon(
      asAutocannon(
        { url, connections: 1, durationSec: 1, method: 'GET', paths: { list, offset: 48 } },
        counter,
      ),
      () => 1,
      counter,
    );
    expect(seen.slice(0, 4).map((r) => r.url)).toEqual(['/w/48', '/w/49', '/w/0', '/w/1']);
    expect(result.sent).toBeGreaterThanOrEqual(seen.length);
    expect(result.errors).toBe(0);
  });

  it('parses redis-benchmark --csv', () => {
    const csv =
      '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"\n"GET k","98039.22","0.271","0.048","0.255","0.399","0.567","1.231"\n';
    expect(parseRedisBenchmarkCsv(csv)).toEqual({ rps: 98039.22, p50: 0.255, p99: 0.567 });
    expect(() => parseRedisBenchmarkCsv('"test","rps"\n')).toThrow(/no result/);
  });

  it('nearest-rank percentiles and a Zipf sampler whose head has the mass the law gives it', () => {
    const sorted = Float64Array.from({ length: 1000 }, (_, i) => i + 1);
    expect([
      percentile(sorted, 50),
      percentile(sorted, 99),
      percentile(sorted, 99.9),
      percentile(sorted, 100),
    ]).toEqual([500, 990, 999, 1000]);
    const zipf = new ZipfSampler(10_000, 1.1, 7);
    const draws = 50_000;
    let top = 0;
    for (let i = 0; i < draws; i++) if (zipf.next() === 0) top++;
    expect(top / draws).toBeCloseTo(zipf.massOfTop(1), 2);
    expect(new ZipfSampler(10_000, 1.1, 7).next()).toBe(new ZipfSampler(10_000, 1.1, 7).next());
  });
});
