import { existsSync } from 'node:fs';

import { z } from 'zod';

import { parseRedisClusterNodes } from './redis-cluster-nodes.js';

// Every environment variable the service reads, validated once at start-up.
// `.env.example` documents the same list; keep them in step.

const PLACEHOLDER_SECRETS = [
  /change[-_ ]?me/i,
  /^secret$/i,
  /^placeholder/i,
  /^x+$/i,
  /example/i,
  /^dev[-_]/i,
];

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { message: 'must be true or false' })
    .default(def ? 'true' : 'false')
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL (${protocols.join(' or ')})`,
  );

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: int(3000).pipe(z.number().max(65535)),
    HOST: z.string().default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // json: one JSON object per line, for log shippers. pretty: readable lines for a terminal. Unset: pretty
    // when standard output is a terminal outside production, else json.
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    TRUST_PROXY: z.string().default('false'),
    SHUTDOWN_TIMEOUT_MS: int(10_000),
    // Once the process has been idle this long after a busy spell, give V8's freed pages back (0 = never).
    MEMORY_TRIM_IDLE_SECONDS: int(30),

    DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
    // PostgreSQL itself when DATABASE_URL goes through a pooler (PgBouncer, transaction mode): for what needs a
    // session of its own — the migrator's advisory lock (`npm run db:migrate` reads it).
    DATABASE_DIRECT_URL: url(['postgres:', 'postgresql:']).optional(),
    DATABASE_POOL_SIZE: int(10, 1),
    DATA_DIR: z.string().default('.data'),
    ALLOW_EMBEDDED_IN_PRODUCTION: bool(false),

    REDIS_URL: url(['redis:', 'rediss:']).optional(),
    // host:port or redis[s]://[user:password@]host:port, comma-separated; rediss:// turns TLS on.
    REDIS_CLUSTER_NODES: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        try {
          parseRedisClusterNodes(value);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      }),
    // PEM file of the CA that signed the Redis servers' certificates (rediss:// or REDIS_TLS); system CAs otherwise.
    REDIS_TLS_CA_FILE: z.string().min(1).refine(existsSync, 'names no file').optional(),
    // TLS to Redis without a rediss:// URL (e.g. plain host:port cluster seeds).
    REDIS_TLS: bool(false),
    // Overrides any password in REDIS_URL; also readable from a file (REDIS_PASSWORD_FILE, a mounted secret).
    REDIS_PASSWORD: z.string().min(1).optional(),
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,32}:$/, 'must be 1-32 of [A-Za-z0-9_.-] followed by ":"')
      .default('pp:'),
    REDIS_COMMAND_TIMEOUT_MS: int(400, 10),

    CACHE_L1_ENABLED: bool(true),
    CACHE_L1_MAX_ENTRIES: int(10_000, 1),
    CACHE_L1_TTL_MS: int(30_000, 1),

    AUTH_JWT_SECRET: z
      .string({ message: 'is required' })
      .refine((v) => Buffer.byteLength(v) >= 32, 'must be at least 32 bytes'),
    AUTH_JWT_ISSUER: z.string().default('prosepolish-api'),
    AUTH_JWT_AUDIENCE: z.string().default('prosepolish-editor'),
    AUTH_ACCESS_TOKEN_TTL: int(900, 10),
    AUTH_REFRESH_TOKEN_TTL: int(604_800, 60),
    // Capped: a long grace lets a stolen, already-rotated refresh token keep working.
    AUTH_REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
    // A session nobody refreshed for this long has ended (beside the absolute AUTH_REFRESH_TOKEN_TTL).
    AUTH_SESSION_IDLE_TTL_SECONDS: int(259_200, 60),
    AUTH_LOGIN_FAILURE_WINDOW_SECONDS: int(3_600, 60),
    AUTH_LOGIN_ADDRESS_FAILURES: int(5, 1),
    AUTH_LOGIN_ACCOUNT_FAILURES: int(20, 1),
    AUTH_LOGIN_DEVICE_FAILURES: int(10, 1),
    AUTH_PASSWORD_CHECK_FAILURES: int(20, 1),

    GEMINI_API_KEY: z.string().min(1).optional(),
    GEMINI_MODEL: z.string().default('gemini-2.5-flash'),
    GEMINI_BASE_URL: url(['http:', 'https:']).default('https://generativelanguage.googleapis.com'),
    GEMINI_TIMEOUT_MS: int(8_000, 100),
    GEMINI_MAX_RETRIES: int(2),
    GEMINI_COST_PER_MILLION_INPUT_USD: z.coerce.number().min(0).default(0.3),
    GEMINI_COST_PER_MILLION_OUTPUT_USD: z.coerce.number().min(0).default(2.5),
    LLM_DAILY_TOKEN_BUDGET: int(200_000),
    // One deadline per correction request: sentences Gemini has not answered by then come from the local checker.
    LLM_DEADLINE_MS: int(6_000, 100),
    // user: cached answers are per user (no user learns of, or shapes, another's). global: shared (single tenant).
    LLM_CACHE_SCOPE: z.enum(['user', 'global']).default('user'),
    LLM_USAGE_FLUSH_INTERVAL_MS: int(5_000, 100),
    // Worker threads of the local checker (Harper, ~300 MB each), started on the first local check.
    LOCAL_CHECKER_THREADS: int(1, 1),
    // A worker idle this long exits and gives its memory back; the next local check sets one up again (~3 s).
    LOCAL_CHECKER_IDLE_SECONDS: int(120, 1),

    DICTIONARY_API_URL: url(['http:', 'https:']).default('https://api.dictionaryapi.dev/api/v2/entries'),
    DICTIONARY_TIMEOUT_MS: int(3_000, 100),

    RATE_LIMIT_DEFAULT_LIMIT: int(300, 1),
    RATE_LIMIT_DEFAULT_TTL_SECONDS: int(60, 1),
    RATE_LIMIT_AUTH_IP_LIMIT: int(20, 1),
    RATE_LIMIT_AUTH_EMAIL_LIMIT: int(5, 1),
    RATE_LIMIT_AUTH_TTL_SECONDS: int(60, 1),
    RATE_LIMIT_AUTH_BLOCK_SECONDS: int(300, 0),
    RATE_LIMIT_LLM_LIMIT: int(30, 1),
    RATE_LIMIT_LLM_WINDOW_SECONDS: int(60, 1),
    RATE_LIMIT_DICTIONARY_LIMIT: int(600, 1),
    RATE_LIMIT_DICTIONARY_TTL_SECONDS: int(60, 1),
    RATE_LIMIT_LANGUAGETOOL_ANONYMOUS_LIMIT: int(20, 1),
    RATE_LIMIT_LANGUAGETOOL_ANONYMOUS_TTL_SECONDS: int(60, 1),
    RATE_LIMIT_ADMIN_LIMIT: int(60, 1),
    RATE_LIMIT_ADMIN_TTL_SECONDS: int(60, 1),

    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    // Swagger UI and the OpenAPI document; switch off where the API's shape should not be advertised.
    DOCS_ENABLED: bool(true),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.ALLOW_EMBEDDED_IN_PRODUCTION) {
      const embedded =
        ' in production: the embedded default is single-instance and keeps data on local disk (set ALLOW_EMBEDDED_IN_PRODUCTION=true to accept that)';
      if (!env.DATABASE_URL)
        ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: `is required${embedded}` });
      if (!env.REDIS_URL && !env.REDIS_CLUSTER_NODES) {
        ctx.addIssue({
          code: 'custom',
          path: ['REDIS_URL'],
          message: `(or REDIS_CLUSTER_NODES) is required${embedded}`,
        });
      }
    }
    if (env.NODE_ENV === 'production' && !env.METRICS_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['METRICS_TOKEN'],
        message:
          'is required in production: /metrics shows traffic, users and cache contents (openssl rand -hex 24)',
      });
    }
    if (env.NODE_ENV === 'production' && PLACEHOLDER_SECRETS.some((re) => re.test(env.AUTH_JWT_SECRET))) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_JWT_SECRET'],
        message: 'is a placeholder; generate one with `openssl rand -base64 48` before running in production',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;
