import { existsSync, readFileSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import { BENCH_REPORT, benchRss, memoryBytes } from './bench-memory.js';
import {
  COMPOSE_FILE,
  dotenvNames,
  interpolate,
  readComposeFile,
  REPO_ROOT,
  variableReferences,
} from './compose-file.js';
import { composeValidator, describeErrors, loadComposeSpecSchema } from './compose-spec.schema.js';

// docker-compose.yml without a Docker engine: valid against the Compose specification's JSON schema
// (after interpolation, as Compose validates), and the facts the deployment relies on.

interface Service {
  build?: { context: string; dockerfile: string };
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: string | string[];
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number; resources?: { limits?: { memory?: string } } };
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  container_name?: string;
  read_only?: boolean;
  tmpfs?: string[];
  cap_drop?: string[];
  security_opt?: string[];
  secrets?: string[];
}

/** What a filled-in `.env` provides (the values only need to be well-formed). */
const FILLED_ENV = {
  POSTGRES_PASSWORD: 'pg-password-from-dotenv',
  POSTGRES_APP_PASSWORD: 'pg-app-password-from-dotenv',
  AUTH_JWT_SECRET: 'a-jwt-secret-from-dotenv-that-is-long-enough',
  METRICS_TOKEN: 'a-metrics-token-from-dotenv',
};
const SECRETS = Object.keys(FILLED_ENV);

describe('docker-compose.yml', () => {
  let raw: Record<string, unknown>;
  let services: Record<string, Service>;

  beforeAll(() => {
    raw = readComposeFile();
    services = interpolate(raw, FILLED_ENV).services as Record<string, Service>;
  });

  it('is valid against the Compose specification schema', () => {
    const { schema, source } = loadComposeSpecSchema();
    const validate = composeValidator(schema);
    const valid = validate(interpolate(raw, FILLED_ENV));
    expect(describeErrors(validate.errors), `validated against ${source}`).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is rejected by that schema when a service has an unknown key (the check can fail)', () => {
    const validate = composeValidator(loadComposeSpecSchema().schema);
    const broken = interpolate(raw, FILLED_ENV) as { services: Record<string, Record<string, unknown>> };
    broken.services.api.replica = 2;
    expect(validate(broken)).toBe(false);
  });

  it('refuses to start without the secrets, naming each one', () => {
    for (const name of SECRETS) {
      const { [name as keyof typeof FILLED_ENV]: _missing, ...rest } = FILLED_ENV;
      expect(() => interpolate(raw, rest), name).toThrow(
        new RegExp(`${name} is missing a value: set ${name} in .env`),
      );
    }
  });

  it('commits no secret: every password, secret or key is a required ${VAR} reference', () => {
    const references = variableReferences(raw);
    for (const name of SECRETS) {
      expect(
        references.filter((r) => r.name === name).every((r) => r.operator === ':?'),
        name,
      ).toBe(true);
    }
    const text = readFileSync(COMPOSE_FILE, 'utf8');
    // Credentials inside URLs come only from variables …
    for (const [, credentials] of text.matchAll(/\/\/([^@\s/]*)@/g))
      expect(credentials).toMatch(/^[a-z]*:\$\{[A-Z_]+:\?[^}]*\}$/);
    // … and so does any environment value whose name says it is secret.
    for (const service of Object.values(raw.services as Record<string, Service>)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (/PASSWORD|SECRET|TOKEN|API_KEY|REDISCLI_AUTH/.test(key) && !key.endsWith('_FILE'))
          expect(value, key).toMatch(/^\$\{[A-Z_]+:\?[^}]*\}$/);
      }
    }
  });

  it('documents every variable it reads in .env.example', () => {
    const documented = dotenvNames(`${REPO_ROOT}.env.example`);
    const missing = [...new Set(variableReferences(raw).map((r) => r.name))].filter(
      (name) => !documented.has(name),
    );
    expect(missing).toEqual([]);
  });

  it('runs two API replicas, each with its own host port, from the repository Dockerfile', () => {
    const { api, migrate } = services;
    expect(api.deploy?.replicas).toBe(2);
    expect(api.container_name).toBeUndefined(); // a fixed name would stop the second replica
    expect(api.build).toEqual({ context: '.', dockerfile: 'docker/Dockerfile' });
    expect(existsSync(`${REPO_ROOT}docker/Dockerfile`)).toBe(true);
    expect(migrate.image).toBe(api.image);
    const [published] = api.ports ?? [];
    const range = /:(\d+)-(\d+):3000$/.exec(published ?? '');
    expect(range, `ports: ${published}`).not.toBeNull();
    expect(Number(range![2]) - Number(range![1]) + 1).toBeGreaterThanOrEqual(api.deploy!.replicas!);
  });

  it(`limits each API replica's memory above the bench's peak RSS, as the Kubernetes Deployment does (${BENCH_REPORT})`, () => {
    const limit = services.api.deploy?.resources?.limits?.memory;
    expect(limit).toBeDefined();
    expect(memoryBytes(limit!, 'compose')).toBeGreaterThan(benchRss().peak);
  });

  it('migrates once before the API starts, and starts the API only on healthy PostgreSQL and Redis', () => {
    const { api, migrate } = services;
    expect(migrate.command).toEqual(['npm', 'run', 'db:migrate']);
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(api.depends_on).toEqual({
      migrate: { condition: 'service_completed_successfully' },
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(api.healthcheck?.test.join(' ')).toContain('/health/live');
  });

  it('points the API at the compose PostgreSQL and Redis with the passwords from .env', () => {
    const env = services.api.environment!;
    expect(env.NODE_ENV).toBe('production');
    // The API connects as its own data-only role; the migration job as the schema owner.
    expect(env.DATABASE_URL).toBe(
      'postgresql://prosepolish_app:pg-app-password-from-dotenv@postgres:5432/prosepolish',
    );
    expect(services.migrate.environment?.DATABASE_URL).toBe(
      'postgresql://prosepolish:pg-password-from-dotenv@postgres:5432/prosepolish',
    );
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(env.REDIS_PASSWORD_FILE).toBe('/run/secrets/redis_password');
    expect(services.api.secrets).toEqual(['redis_password']);
    expect(env.METRICS_TOKEN).toBe('a-metrics-token-from-dotenv');
    expect(services.api.env_file).toBe('.env');
    // Longer than the app's default SHUTDOWN_TIMEOUT_MS (10 s), so draining finishes before SIGKILL.
    expect(parseSeconds(services.api.stop_grace_period)).toBeGreaterThan(10);
  });

  it('runs the API with a read-only root filesystem, no capabilities and no privilege escalation', () => {
    const { api } = services;
    expect(api.read_only).toBe(true);
    expect(api.tmpfs).toEqual(['/tmp']);
    expect(api.cap_drop).toEqual(['ALL']);
    expect(api.security_opt).toEqual(['no-new-privileges:true']);
  });

  it('keeps the Redis password out of every container configuration (a mounted secret file)', () => {
    const { redis } = services;
    expect((raw.secrets as Record<string, unknown>).redis_password).toEqual({
      file: './secrets/redis_password',
    });
    expect(redis.secrets).toEqual(['redis_password']);
    // What docker inspect shows (command, environment, healthcheck) names the secret's path, never a value.
    for (const service of Object.values(services)) {
      expect(Object.keys(service.environment ?? {})).not.toContain('REDISCLI_AUTH');
      expect(Object.keys(service.environment ?? {})).not.toContain('REDIS_PASSWORD');
      expect(service.environment?.REDIS_URL ?? '').not.toContain('@');
    }
    expect(redis.command?.join(' ')).toContain('--requirepass "$(cat /run/secrets/redis_password)"');
    expect(redis.healthcheck?.test.join(' ')).toContain('$(cat /run/secrets/redis_password)');
  });

  it('starts Redis with the repository redis.conf, read-only', () => {
    const { redis } = services;
    expect(redis.volumes).toContain('./redis.conf:/usr/local/etc/redis/redis.conf:ro');
    expect(redis.command?.join(' ')).toContain('redis-server /usr/local/etc/redis/redis.conf');
    expect(redis.ports).toBeUndefined();
    expect(redis.healthcheck?.test.join(' ')).toContain('redis-cli ping');
    // redis.conf's maxmemory leaves half of the container's memory for AOF rewrites.
    const maxmemory = /^maxmemory (\d+)mb$/m.exec(readFileSync(`${REPO_ROOT}redis.conf`, 'utf8'));
    expect(Number(maxmemory![1]) * 2).toBeLessThanOrEqual(
      Number.parseInt(redis.deploy!.resources!.limits!.memory!, 10),
    );
  });

  it('keeps PostgreSQL data in a named volume and checks it with pg_isready', () => {
    const { postgres } = services;
    expect(postgres.volumes).toEqual([
      'postgres-data:/var/lib/postgresql/data',
      './docker/postgres/10-app-role.sh:/docker-entrypoint-initdb.d/10-app-role.sh:ro',
      './docker/postgres/app-role.sql:/etc/prosepolish/app-role.sql:ro',
    ]);
    expect(Object.keys(raw.volumes as object)).toEqual(
      expect.arrayContaining(['postgres-data', 'redis-data']),
    );
    expect(postgres.healthcheck?.test).toEqual(expect.arrayContaining(['pg_isready']));
    expect(postgres.environment?.POSTGRES_PASSWORD).toBe('pg-password-from-dotenv');
  });
});

function parseSeconds(duration = '0s'): number {
  const m = /^(\d+)s$/.exec(duration);
  return m ? Number(m[1]) : Number.NaN;
}
