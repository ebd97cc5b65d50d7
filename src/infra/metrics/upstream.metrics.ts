import diagnosticsChannel from 'node:diagnostics_channel';

import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';

import { AppConfig } from '#src/config/app-config.js';

import { MetricsRegistry } from './metrics.registry.js';

/** Seconds, for calls to the Free Dictionary API (~100 ms) and Gemini (~1–8 s). */
const BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface UpstreamCallStats {
  calls: number;
  /** Network errors, timeouts, 429 and 5xx answers. */
  failures: number;
  /** Mean time to the response headers (or the error), ms. */
  meanLatencyMs: number | null;
}

interface UndiciRequest {
  origin: string;
  path: string;
}

interface UpstreamTarget {
  origin: string;
  pathPrefix: string;
  upstream: string;
}
interface RequestMessage {
  request: UndiciRequest;
  response?: { statusCode: number };
}

const CHANNELS = ['undici:request:create', 'undici:request:headers', 'undici:request:error'] as const;

/**
 * Calls to the upstreams (Free Dictionary API, Gemini) and their latency, observed where every outbound
 * request passes: undici's diagnostics channels, which the global `fetch` (and the Gemini SDK on top of
 * it) publishes to. The modules that call out need no metrics code of their own.
 *
 * The channels are process-wide; each instance counts only requests to the origins of ITS configuration,
 * which also keeps the label set to the known upstreams.
 */
@Injectable()
export class UpstreamMetrics implements OnModuleInit, OnApplicationShutdown {
  /** Longest path prefix first, so two upstreams on one origin (tests) are told apart. */
  private readonly targets: UpstreamTarget[] = [];
  private readonly started = new WeakMap<UndiciRequest, { upstream: string; at: number }>();
  private readonly totals = new Map<string, { calls: number; failures: number; latencyMs: number }>();
  private readonly requests: Counter<'upstream' | 'outcome'>;
  private readonly duration: Histogram<'upstream'>;
  private readonly handlers: Record<(typeof CHANNELS)[number], (message: unknown) => void> = {
    'undici:request:create': (m) => this.onCreate(m as RequestMessage),
    'undici:request:headers': (m) =>
      this.onDone(m as RequestMessage, statusOutcome((m as RequestMessage).response?.statusCode ?? 0)),
    'undici:request:error': (m) => this.onDone(m as RequestMessage, 'error'),
  };

  public constructor(config: AppConfig, metrics: MetricsRegistry) {
    this.name(config.dictionary.apiUrl, 'free-dictionary');
    this.name(config.gemini.baseUrl, 'gemini');
    this.requests = new Counter({
      name: 'upstream_requests_total',
      help: 'HTTP requests to upstream APIs, by upstream and outcome (2xx, 3xx, 4xx, 429, 5xx, error).',
      labelNames: ['upstream', 'outcome'],
      registers: [metrics.registry],
    });
    this.duration = new Histogram({
      name: 'upstream_request_duration_seconds',
      help: 'Time from sending an upstream request to its response headers (or its failure).',
      labelNames: ['upstream'],
      buckets: BUCKETS,
      registers: [metrics.registry],
    });
    for (const { upstream } of this.targets)
      this.totals.set(upstream, { calls: 0, failures: 0, latencyMs: 0 });
  }

  public onModuleInit(): void {
    for (const channel of CHANNELS) diagnosticsChannel.subscribe(channel, this.handlers[channel]);
  }

  public onApplicationShutdown(): void {
    for (const channel of CHANNELS) diagnosticsChannel.unsubscribe(channel, this.handlers[channel]);
  }

  /** Plain totals per upstream since start (admin stats). */
  public snapshot(): Record<string, UpstreamCallStats> {
    return Object.fromEntries(
      [...this.totals].map(([upstream, t]) => [
        upstream,
        {
          calls: t.calls,
          failures: t.failures,
          meanLatencyMs: t.calls ? round(t.latencyMs / t.calls) : null,
        },
      ]),
    );
  }

  private name(url: string, upstream: string): void {
    try {
      const parsed = new URL(url);
      this.targets.push({ origin: parsed.origin, pathPrefix: parsed.pathname.replace(/\/+$/, ''), upstream });
      this.targets.sort((a, b) => b.pathPrefix.length - a.pathPrefix.length);
    } catch {
      // Validated at start-up; nothing to observe if it were not a URL.
    }
  }

  private onCreate({ request }: RequestMessage): void {
    const target = this.targets.find(
      (t) => t.origin === request.origin && request.path.startsWith(t.pathPrefix),
    );
    if (target) this.started.set(request, { upstream: target.upstream, at: performance.now() });
  }

  private onDone({ request }: RequestMessage, outcome: string): void {
    const start = this.started.get(request);
    if (!start) return;
    this.started.delete(request);
    const ms = performance.now() - start.at;
    this.requests.inc({ upstream: start.upstream, outcome });
    this.duration.observe({ upstream: start.upstream }, ms / 1_000);
    const totals = this.totals.get(start.upstream)!;
    totals.calls++;
    totals.latencyMs += ms;
    if (outcome === 'error' || outcome === '429' || outcome === '5xx') totals.failures++;
  }
}

function statusOutcome(status: number): string {
  if (status === 429) return '429';
  return `${Math.floor(status / 100)}xx`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
