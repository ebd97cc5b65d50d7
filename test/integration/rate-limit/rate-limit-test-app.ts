import 'reflect-metadata';

import {
  Body,
  type CanActivate,
  Controller,
  type DynamicModule,
  type ExecutionContext,
  Get,
  HttpCode,
  Injectable,
  Module,
  Post,
} from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SkipThrottle } from '@nestjs/throttler';

import { AppConfig } from '#src/config/app-config.js';
import { ConfigModule } from '#src/config/config.module.js';
import { ProblemDetailsFilter } from '#src/infra/http/problem-details.filter.js';
import { RateLimitPolicy } from '#src/infra/rate-limit/rate-limit.decorators.js';
import { RateLimitMetrics } from '#src/infra/rate-limit/rate-limit.metrics.js';
import { RateLimitModule } from '#src/infra/rate-limit/rate-limit.module.js';
import { RedisModule } from '#src/infra/redis/redis.module.js';
import { RedisService } from '#src/infra/redis/redis.service.js';
import { ResilienceModule } from '#src/infra/resilience/resilience.module.js';

import { baseTestEnv, type Env, httpClient, type TestApp } from '../../helpers/test-app.js';

/**
 * A small app around the real `RateLimitModule`: the same Fastify adapter settings (TRUST_PROXY), prefix and
 * problem filter as `createApp`, with test-only routes for each policy — no database, so these tests stay
 * fast and independent of the feature modules.
 */
@Controller('rl')
class ProbeController {
  @Get('default')
  public default(): { ok: true } {
    return { ok: true };
  }

  @Post('login')
  @HttpCode(200)
  @RateLimitPolicy('auth')
  public login(@Body() _body: unknown): { ok: true } {
    return { ok: true };
  }

  @Post('correct')
  @HttpCode(200)
  @RateLimitPolicy('llm')
  public correct(): { ok: true } {
    return { ok: true };
  }

  @Get('unlimited')
  @SkipThrottle()
  public unlimited(): { ok: true } {
    return { ok: true };
  }
}

/** Stands in for the JWT guard: a request with `x-test-user: <id>` is signed in as that user. */
@Injectable()
class FakeAuthGuard implements CanActivate {
  public canActivate(context: ExecutionContext): boolean {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: { id: string } }>();
    const id = request.headers['x-test-user'];
    if (id) request.user = { id };
    return true;
  }
}

@Module({ providers: [{ provide: APP_GUARD, useClass: FakeAuthGuard }] })
class FakeAuthModule {}

@Module({})
class RateLimitTestModule {
  /** `authFirst: false` imports the rate-limit module BEFORE the auth stand-in, the order the app must avoid. */
  public static forRoot(config: AppConfig, authFirst: boolean): DynamicModule {
    const guards = authFirst ? [FakeAuthModule, RateLimitModule] : [RateLimitModule, FakeAuthModule];
    return {
      module: RateLimitTestModule,
      imports: [ConfigModule.forRoot(config), ResilienceModule, RedisModule, ...guards],
      controllers: [ProbeController],
    };
  }
}

export interface RateLimitTestApp extends TestApp {
  metrics: RateLimitMetrics;
  redis: RedisService;
}

export async function startRateLimitApp(
  env: Env,
  options: { authFirst?: boolean } = {},
): Promise<RateLimitTestApp> {
  const config = AppConfig.fromEnv(baseTestEnv(env));
  const adapter = new FastifyAdapter({ trustProxy: config.http.trustProxy });
  const app = await NestFactory.create<NestFastifyApplication>(
    RateLimitTestModule.forRoot(config, options.authFirst ?? true),
    adapter,
    {
      logger: process.env.TEST_LOG_LEVEL ? undefined : false,
    },
  );
  app.setGlobalPrefix('api/v1');
  app.useGlobalFilters(new ProblemDetailsFilter());
  await app.get(RedisService).waitUntilReady();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  return {
    app,
    config,
    url,
    metrics: app.get(RateLimitMetrics),
    redis: app.get(RedisService),
    request: httpClient(url),
    close: () => app.close(),
  };
}

/** Fires `count` requests at once and tallies the statuses. */
export async function burst(
  count: number,
  send: (i: number) => Promise<Response>,
): Promise<{ statuses: Record<number, number>; responses: Response[] }> {
  const responses = await Promise.all(Array.from({ length: count }, (_, i) => send(i)));
  await Promise.all(responses.map((r) => r.arrayBuffer()));
  const statuses: Record<number, number> = {};
  for (const r of responses) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return { statuses, responses };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Timed {
  res: Response;
  sentAt: number;
  answeredAt: number;
}

/** A request with the client-side times around it: the server decided somewhere in between. */
export async function timed(send: () => Promise<Response>): Promise<Timed> {
  const sentAt = performance.now();
  const res = await send();
  return { res, sentAt, answeredAt: performance.now() };
}
