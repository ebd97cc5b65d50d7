// GET /settings (every editor load), POST /auth/login (argon2 per request) and POST /auth/refresh
// (rotation: every refresh token works once, so each request needs a token nobody used yet).
import type { TokenPair } from '../lib/api-client.js';
import type { RunResult } from '../lib/load-types.js';
import { log, measure, type ScenarioResult } from '../lib/scenario.js';
import { bearer, type BenchContext, JSON_HEADERS, steady } from './bench-context.js';

export async function settingsGet(ctx: BenchContext): Promise<ScenarioResult> {
  await ctx.api.call('GET', '/api/v1/settings', { token: ctx.user.accessToken });
  const { body } = await ctx.api.call<unknown>('GET', '/api/v1/settings', { token: ctx.user.accessToken });
  ctx.payloads.settings = { method: 'GET', response: body };
  return steady(ctx, {
    id: 'settings-get',
    title: 'GET /settings',
    server: ctx.l1App,
    payload: 'settings',
    request: { method: 'GET', path: '/api/v1/settings', headers: bearer(ctx.user.accessToken) },
  });
}

/**
 * Unused refresh tokens, each of its own session. A request takes one; its answer puts the rotated one
 * back, so a pool at least as large as the connection count never runs dry. Tokens taken by requests whose
 * answer never came (cut off by the end of a run, or built but never sent) go back after the run: either
 * they were never used, or the server rotated them moments ago and a replay within
 * AUTH_REFRESH_GRACE_SECONDS returns the current pair — both answer 200.
 */
export class RefreshTokenPool {
  private readonly tokens: string[] = [];
  private readonly outstanding = new Set<string>();

  public add(token: string): void {
    this.tokens.push(token);
  }

  public take(): string | undefined {
    const token = this.tokens.shift();
    if (token !== undefined) this.outstanding.add(token);
    return token;
  }

  /** The request sent with `used` was answered; `rotated` is the new token when it succeeded. */
  public answered(used: string | undefined, rotated?: string): void {
    if (used !== undefined) this.outstanding.delete(used);
    if (rotated !== undefined) this.add(rotated);
  }

  public reclaimOutstanding(): void {
    for (const token of this.outstanding) this.tokens.push(token);
    this.outstanding.clear();
  }

  public get size(): number {
    return this.tokens.length;
  }
}

export async function login(ctx: BenchContext): Promise<ScenarioResult> {
  return steady(ctx, {
    id: 'auth-login',
    title: 'POST /auth/login',
    server: ctx.l1App,
    payload: 'auth',
    connections: ctx.config.loginConnections,
    request: {
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: JSON_HEADERS,
      body: JSON.stringify({ email: ctx.user.email, password: ctx.user.password }),
    },
  });
}

/** `count` new sessions of the bench user, logged in `concurrency` at a time. */
async function mintSessions(
  ctx: BenchContext,
  pool: RefreshTokenPool,
  count: number,
  concurrency = 8,
): Promise<void> {
  let left = count;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) pool.add((await ctx.api.login(ctx.user)).refreshToken);
    }),
  );
}

/** Autocannon: each request's body is the token the previous answer returned (wrk cannot chain). */
export async function refresh(ctx: BenchContext): Promise<ScenarioResult> {
  const connections = ctx.config.connections;
  const pool = new RefreshTokenPool();
  await mintSessions(ctx, pool, connections + 1);
  const used = pool.take();
  const sample = await ctx.api.call<TokenPair>('POST', '/api/v1/auth/refresh', {
    json: { refreshToken: used },
  });
  pool.answered(used, sample.body.refreshToken);
  ctx.payloads.auth = {
    method: 'POST',
    request: { refreshToken: sample.body.refreshToken },
    response: sample.body,
  };
  let starved = 0;
  const load = (durationSec: number): Promise<RunResult> =>
    ctx.load.autocannon(
      {
        url: ctx.l1App.url,
        connections,
        durationSec,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/auth/refresh',
            headers: JSON_HEADERS,
            // The context lives from a request's setup to its response (pipelining 1): it carries the token.
            setupRequest: (req, context) => {
              const token = pool.take();
              if (token === undefined) starved++;
              context.token = token;
              return { ...req, body: JSON.stringify({ refreshToken: token ?? 'pool-ran-dry' }) };
            },
            onResponse: (status, text, context) => {
              const rotated = status === 200 ? (JSON.parse(text) as TokenPair).refreshToken : undefined;
              pool.answered(context.token as string | undefined, rotated);
            },
          },
        ],
      },
      ctx.l1App,
    );
  const result = await measure({
    id: 'auth-refresh',
    title: 'POST /auth/refresh (a fresh token each request)',
    server: ctx.l1App,
    connections,
    generator: 'autocannon',
    runs: ctx.config.runs,
    payload: 'auth',
    warmup: ctx.config.warmupSec
      ? () => load(ctx.config.warmupSec).finally(() => pool.reclaimOutstanding())
      : undefined,
    load: () => load(ctx.config.durationSec),
    after: () => pool.reclaimOutstanding(),
  });
  if (starved)
    log(
      `auth-refresh: the token pool ran dry ${starved} times (those requests were sent with an invalid token)`,
    );
  result.notes.push(`${connections} sessions rotating their refresh tokens; pool ran dry ${starved} times`);
  return result;
}
