import { readFileSync } from 'node:fs';

import { type Env, envSchema } from './env.schema.js';
import { parseRedisClusterNodes } from './redis-cluster-nodes.js';

export class ConfigValidationError extends Error {
  public constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

export type TrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

/**
 * `TRUST_PROXY` as Fastify understands it: `false` (default: X-Forwarded-For is ignored), `true`, a hop
 * count (trust the N nearest proxies), or a comma-separated list of proxy addresses/CIDRs.
 */
function parseTrustProxy(raw: string): TrustProxy {
  if (raw === 'false' || raw === '' || raw === '0') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    return (_address, hop) => hop < hops;
  }
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The validated, typed configuration. Injected by class; built once by `AppConfig.fromEnv`.
 * Nothing else in the service reads `process.env` (the CLIs, `admin:create` and `db:migrate`, read their
 * own few variables at their entry points).
 */
export class AppConfig {
  public readonly env!: Env['NODE_ENV'];
  public readonly http!: { port: number; host: string; trustProxy: TrustProxy; shutdownTimeoutMs: number };
  public readonly log!: { level: Env['LOG_LEVEL']; format: 'json' | 'pretty' };
  public readonly runtime!: { memoryTrimIdleMs: number };
  public readonly database!: {
    url?: string;
    poolSize: number;
    dataDir: string;
    allowEmbeddedInProduction: boolean;
  };
  public readonly redis!: {
    url?: string;
    clusterNodes: { host: string; port: number }[];
    keyPrefix: string;
    commandTimeoutMs: number;
    username?: string;
    password?: string;
    /** TLS to every node: rediss:// seeds, a rediss:// REDIS_URL or REDIS_TLS=true; `ca` from REDIS_TLS_CA_FILE. */
    tls?: { ca?: string };
  };
  public readonly cache!: { l1Enabled: boolean; l1MaxEntries: number; l1TtlMs: number };
  public readonly auth!: {
    jwtSecret: string;
    issuer: string;
    audience: string;
    accessTokenTtl: number;
    refreshTokenTtl: number;
    refreshGraceSeconds: number;
    sessionIdleTtlMs: number;
    /** Wrong-password budgets (see `auth/login/password-guess-limits.ts` and the README's security section). */
    failures: {
      windowMs: number;
      perAddress: number;
      perAccount: number;
      perDevice: number;
      passwordCheck: number;
    };
  };
  public readonly gemini!: {
    apiKey?: string;
    model: string;
    baseUrl: string;
    timeoutMs: number;
    maxRetries: number;
    costPerMillionInputUsd: number;
    costPerMillionOutputUsd: number;
  };
  public readonly llm!: {
    dailyTokenBudget: number;
    usageFlushIntervalMs: number;
    deadlineMs: number;
    cacheScope: 'user' | 'global';
    localCheckerThreads: number;
    localCheckerIdleMs: number;
  };
  public readonly dictionary!: { apiUrl: string; timeoutMs: number };
  public readonly rateLimit!: {
    default: { limit: number; ttlSeconds: number };
    auth: { ipLimit: number; emailLimit: number; ttlSeconds: number; blockSeconds: number };
    llm: { limit: number; windowSeconds: number };
    dictionary: { limit: number; ttlSeconds: number };
    admin: { limit: number; ttlSeconds: number };
    languagetoolAnonymous: { limit: number; ttlSeconds: number };
  };
  public readonly metrics!: { token?: string };
  public readonly docs!: { enabled: boolean };

  public static fromEnv(source: Record<string, string | undefined> = process.env): AppConfig {
    // Empty strings mean "not set" (docker-compose passes `VAR=` through).
    const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
    const fileErrors = readSecretFiles(cleaned);
    if (fileErrors.length > 0) throw new ConfigValidationError(fileErrors);
    const result = envSchema.safeParse(cleaned);
    if (!result.success) {
      throw new ConfigValidationError(
        result.error.issues.map(
          (i) => `${i.path.join('.') || '(root)'} ${i.message === 'Required' ? 'is required' : i.message}`,
        ),
      );
    }
    return Object.assign(new AppConfig(), AppConfig.shape(result.data));
  }

  private static shape(e: Env): Partial<AppConfig> {
    const seeds = parseRedisClusterNodes(e.REDIS_CLUSTER_NODES);
    return {
      env: e.NODE_ENV,
      http: {
        port: e.PORT,
        host: e.HOST,
        trustProxy: parseTrustProxy(e.TRUST_PROXY),
        shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      },
      log: {
        level: e.LOG_LEVEL,
        format: e.LOG_FORMAT ?? (process.stdout.isTTY && e.NODE_ENV !== 'production' ? 'pretty' : 'json'),
      },
      runtime: { memoryTrimIdleMs: e.MEMORY_TRIM_IDLE_SECONDS * 1_000 },
      database: {
        url: e.DATABASE_URL,
        poolSize: e.DATABASE_POOL_SIZE,
        dataDir: e.DATA_DIR,
        allowEmbeddedInProduction: e.ALLOW_EMBEDDED_IN_PRODUCTION,
      },
      redis: {
        url: e.REDIS_URL,
        clusterNodes: seeds.nodes,
        username: seeds.username,
        keyPrefix: e.REDIS_KEY_PREFIX,
        commandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
        password: e.REDIS_PASSWORD ?? seeds.password,
        tls:
          seeds.tls || e.REDIS_TLS || e.REDIS_URL?.startsWith('rediss:')
            ? { ca: e.REDIS_TLS_CA_FILE ? readFileSync(e.REDIS_TLS_CA_FILE, 'utf8') : undefined }
            : undefined,
      },
      cache: {
        l1Enabled: e.CACHE_L1_ENABLED,
        l1MaxEntries: e.CACHE_L1_MAX_ENTRIES,
        l1TtlMs: e.CACHE_L1_TTL_MS,
      },
      auth: {
        jwtSecret: e.AUTH_JWT_SECRET,
        issuer: e.AUTH_JWT_ISSUER,
        audience: e.AUTH_JWT_AUDIENCE,
        accessTokenTtl: e.AUTH_ACCESS_TOKEN_TTL,
        refreshTokenTtl: e.AUTH_REFRESH_TOKEN_TTL,
        refreshGraceSeconds: e.AUTH_REFRESH_GRACE_SECONDS,
        sessionIdleTtlMs: e.AUTH_SESSION_IDLE_TTL_SECONDS * 1_000,
        failures: {
          windowMs: e.AUTH_LOGIN_FAILURE_WINDOW_SECONDS * 1_000,
          perAddress: e.AUTH_LOGIN_ADDRESS_FAILURES,
          perAccount: e.AUTH_LOGIN_ACCOUNT_FAILURES,
          perDevice: e.AUTH_LOGIN_DEVICE_FAILURES,
          passwordCheck: e.AUTH_PASSWORD_CHECK_FAILURES,
        },
      },
      gemini: {
        apiKey: e.GEMINI_API_KEY,
        model: e.GEMINI_MODEL,
        baseUrl: e.GEMINI_BASE_URL,
        timeoutMs: e.GEMINI_TIMEOUT_MS,
        maxRetries: e.GEMINI_MAX_RETRIES,
        costPerMillionInputUsd: e.GEMINI_COST_PER_MILLION_INPUT_USD,
        costPerMillionOutputUsd: e.GEMINI_COST_PER_MILLION_OUTPUT_USD,
      },
      llm: {
        dailyTokenBudget: e.LLM_DAILY_TOKEN_BUDGET,
        usageFlushIntervalMs: e.LLM_USAGE_FLUSH_INTERVAL_MS,
        deadlineMs: e.LLM_DEADLINE_MS,
        cacheScope: e.LLM_CACHE_SCOPE,
        localCheckerThreads: e.LOCAL_CHECKER_THREADS,
        localCheckerIdleMs: e.LOCAL_CHECKER_IDLE_SECONDS * 1_000,
      },
      dictionary: { apiUrl: e.DICTIONARY_API_URL, timeoutMs: e.DICTIONARY_TIMEOUT_MS },
      rateLimit: {
        default: { limit: e.RATE_LIMIT_DEFAULT_LIMIT, ttlSeconds: e.RATE_LIMIT_DEFAULT_TTL_SECONDS },
        auth: {
          ipLimit: e.RATE_LIMIT_AUTH_IP_LIMIT,
          emailLimit: e.RATE_LIMIT_AUTH_EMAIL_LIMIT,
          ttlSeconds: e.RATE_LIMIT_AUTH_TTL_SECONDS,
          blockSeconds: e.RATE_LIMIT_AUTH_BLOCK_SECONDS,
        },
        llm: { limit: e.RATE_LIMIT_LLM_LIMIT, windowSeconds: e.RATE_LIMIT_LLM_WINDOW_SECONDS },
        dictionary: { limit: e.RATE_LIMIT_DICTIONARY_LIMIT, ttlSeconds: e.RATE_LIMIT_DICTIONARY_TTL_SECONDS },
        admin: { limit: e.RATE_LIMIT_ADMIN_LIMIT, ttlSeconds: e.RATE_LIMIT_ADMIN_TTL_SECONDS },
        languagetoolAnonymous: {
          limit: e.RATE_LIMIT_LANGUAGETOOL_ANONYMOUS_LIMIT,
          ttlSeconds: e.RATE_LIMIT_LANGUAGETOOL_ANONYMOUS_TTL_SECONDS,
        },
      },
      metrics: { token: e.METRICS_TOKEN },
      docs: { enabled: e.DOCS_ENABLED },
    };
  }

  /** True when a real PostgreSQL/Redis is not configured and the embedded fallback is in use. */
  public get embeddedDatabase(): boolean {
    return !this.database.url;
  }
  public get embeddedRedis(): boolean {
    return !this.redis.url && this.redis.clusterNodes.length === 0;
  }
}

/** Secrets that may come from a file instead (`<NAME>_FILE`: a Docker or Kubernetes secret mount). */
const FILE_SECRETS = ['AUTH_JWT_SECRET', 'REDIS_PASSWORD', 'GEMINI_API_KEY', 'METRICS_TOKEN'] as const;

/** Fills each secret from its `_FILE` (trailing newline dropped); returns the problems, by variable. */
function readSecretFiles(env: Record<string, string | undefined>): string[] {
  const errors: string[] = [];
  for (const name of FILE_SECRETS) {
    const path = env[`${name}_FILE`];
    if (!path) continue;
    if (env[name]) {
      errors.push(`${name}_FILE cannot be combined with ${name}`);
      continue;
    }
    try {
      env[name] = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      errors.push(`${name}_FILE cannot be read: ${(err as Error).message}`);
    }
  }
  return errors;
}
