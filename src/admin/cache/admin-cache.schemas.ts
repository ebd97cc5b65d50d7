import { z } from 'zod';

/** The namespace whose flush needs `?confirm=session`: every authenticated request would go to PostgreSQL at once. */
export const GUARDED_NAMESPACE = 'session';
export const MAX_WARM_LIMIT = 5_000;

// ---- requests

export const flushQuerySchema = z
  .strictObject({
    confirm: z
      .literal(GUARDED_NAMESPACE, { message: `must be "${GUARDED_NAMESPACE}" when given` })
      .optional()
      .describe(
        '`session` to include the session namespace (otherwise refused, or skipped by the flush of everything).',
      ),
  })
  .meta({ id: 'AdminCacheFlushQuery' });
export type FlushQuery = z.infer<typeof flushQuerySchema>;

export const warmBodySchema = z
  .strictObject({
    namespace: z
      .literal('dict')
      .describe('Only `dict` can be warmed: its entries have a table of their own.'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_WARM_LIMIT)
      .default(500)
      .describe(`How many of the most looked-up words (1–${MAX_WARM_LIMIT}, default 500).`),
  })
  .meta({ id: 'AdminCacheWarm' });
export type WarmBody = z.infer<typeof warmBodySchema>;

// ---- responses

export const flushResultSchema = z
  .object({
    namespace: z.string().nullable().describe('null for the flush of every namespace.'),
    key: z.string().optional(),
    removed: z.number().int().describe('Keys removed from Redis.'),
    byNamespace: z.record(z.string(), z.number().int()).optional(),
    skipped: z
      .array(z.string())
      .optional()
      .describe('Namespaces left alone (`session` without `?confirm=session`).'),
  })
  .meta({ id: 'AdminCacheFlushResult' });
export type FlushResult = z.infer<typeof flushResultSchema>;

export const warmResultSchema = z
  .object({
    namespace: z.literal('dict'),
    limit: z.number().int(),
    warmed: z.number().int().describe('Entries written to Redis.'),
  })
  .meta({ id: 'AdminCacheWarmResult' });
export type WarmResult = z.infer<typeof warmResultSchema>;

const layerSchema = z.object({
  hits: z.number().int(),
  misses: z.number().int(),
  hitRate: z.number().nullable().describe('hits / (hits + misses); null before the first read.'),
  errors: z.number().int(),
  meanLatencyMs: z.number().nullable(),
});
export type LayerView = z.infer<typeof layerSchema>;

const namespaceSchema = z.object({
  keys: z.number().int().nullable().describe('Keys in Redis (SCAN); null without Redis.'),
  l1Enabled: z.boolean(),
  layers: z.object({ l1: layerSchema, redis: layerSchema, postgres: layerSchema, upstream: layerSchema }),
  staleServed: z.number().int(),
  negativeHits: z.number().int(),
});
export type NamespaceView = z.infer<typeof namespaceSchema>;

const upstreamSchema = z.object({
  calls: z.number().int(),
  failures: z.number().int().describe('Network errors, timeouts, 429 and 5xx.'),
  meanLatencyMs: z.number().nullable(),
  circuit: z.enum(['closed', 'open', 'half-open']).nullable(),
  rejectedByCircuit: z.number().int(),
});
export type UpstreamView = z.infer<typeof upstreamSchema>;

const llmTotals = z.object({
  since: z.string(),
  calls: z.number().int(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  totalTokens: z.number().int(),
  costUsd: z.number(),
});

export const cacheStatsSchema = z
  .object({
    takenAt: z.string(),
    scope: z.string(),
    namespaces: z.record(z.string(), namespaceSchema),
    l1: z.object({ enabled: z.boolean(), size: z.number().int(), maxEntries: z.number().int() }),
    redis: z.object({
      configured: z.boolean(),
      breaker: z.enum(['closed', 'open', 'half-open', 'disabled']),
      breakerOpenings: z.number().int(),
      pendingRepairs: z
        .number()
        .int()
        .describe('Keys Redis missed during an outage, deleted there once it is back.'),
      otherAppKeys: z
        .number()
        .int()
        .nullable()
        .describe('This app’s keys outside the cache namespaces (rate limits, budgets, usage buffer).'),
      keyCountCapped: z.boolean(),
      server: z
        .object({
          mode: z.enum(['standalone', 'cluster']),
          pingMs: z.number().nullable(),
          usedMemoryBytes: z.number().int(),
          maxmemoryBytes: z.number().int(),
          maxmemoryPolicy: z.string(),
          evictedKeys: z.number().int(),
          keyspaceHits: z.number().int(),
          keyspaceMisses: z.number().int(),
          connectedClients: z.number().int(),
          nodes: z.number().int(),
        })
        .nullable(),
      error: z.string().optional(),
    }),
    bus: z.object({
      published: z.number().int(),
      publishFailures: z.number().int(),
      received: z.number().int(),
      lastLatencyMs: z.number().nullable(),
      maxLatencyMs: z.number(),
    }),
    upstreams: z.record(z.string(), upstreamSchema),
    llm: z.object({
      today: llmTotals.nullable().describe('Gemini usage of every user since 00:00 UTC, from llm_usage.'),
      bufferedUsageEvents: z
        .number()
        .int()
        .nullable()
        .describe('Usage events not yet written to PostgreSQL.'),
      thisInstance: z
        .object({
          calls: z.number().int(),
          promptTokens: z.number().int(),
          completionTokens: z.number().int(),
          totalTokens: z.number().int(),
          costUsd: z.number(),
        })
        .nullable(),
    }),
    writeBehind: z.object({
      llmUsageEvents: z.number().int().nullable(),
      dictionaryLookupWords: z.number().int().nullable(),
    }),
    circuits: z
      .array(
        z.object({
          name: z.string(),
          kind: z.enum(['datastore', 'upstream']),
          state: z.enum(['closed', 'open', 'half-open']),
          consecutiveFailures: z.number().int(),
          rejected: z.number().int(),
          failures: z.number().int(),
          successes: z.number().int(),
          openings: z.number().int(),
        }),
      )
      .describe('Every circuit breaker of this instance: Redis, PostgreSQL and the upstream APIs.'),
  })
  .meta({ id: 'AdminCacheStats' });
export type CacheStats = z.infer<typeof cacheStatsSchema>;
