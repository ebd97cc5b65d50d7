import type { ExecutionContext } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerRequest,
} from '@nestjs/throttler';

import { TooManyRequestsError } from '#src/infra/http/errors.js';
import { perRoute } from '#src/infra/http/route-memo.js';

import { RateLimitMetrics } from './rate-limit.metrics.js';
import { RateLimitStorage, type ThrottlerCount } from './rate-limit.storage.js';
import type { TrackedRequest } from './rate-limit.trackers.js';

/** `@nestjs/throttler`'s metadata keys (its `throttler.constants`, which the package does not export). */
const SKIP = 'THROTTLER:SKIP';
const OVERRIDES = {
  limit: 'THROTTLER:LIMIT',
  ttl: 'THROTTLER:TTL',
  blockDuration: 'THROTTLER:BLOCK_DURATION',
  getTracker: 'THROTTLER:TRACKER',
  generateKey: 'THROTTLER:KEY_GENERATOR',
} as const;

type Named = ThrottlerOptions & { name: string };
type Resolvable = ThrottlerOptions['limit'];

/** One throttler as a route's metadata configures it: read once per route, not once per request. */
interface RouteThrottler {
  throttler: Named;
  limit: Resolvable;
  ttl: Resolvable;
  blockDuration: Resolvable | undefined;
  getTracker: ThrottlerRequest['getTracker'];
  generateKey: ThrottlerRequest['generateKey'];
}

/** Who a request counts against when the guard is started before `request.user` is set (see `countEarly`). */
export interface EarlyCaller {
  id: string;
}

interface Quota {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

/**
 * `@nestjs/throttler`'s guard with the API's conventions: one set of `X-RateLimit-*` headers describing
 * the policy closest to running out (not one set per throttler), and a 429 problem via
 * `TooManyRequestsError` (the global filter adds `Retry-After`).
 * Registered as an APP_GUARD after the JWT guard, so `request.user` is known when the tracker runs.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** The quota already advertised on each in-flight request (keyed by the request the trackers saw). */
  private readonly advertised = new WeakMap<object, Quota>();
  /** Counts started by `countEarly`, by request: `canActivate` waits for them instead of counting again. */
  private readonly early = new WeakMap<object, Promise<boolean>>();
  /** Per route: the throttlers its metadata does not skip, with their overrides. */
  private readonly routeThrottlers = perRoute((handler, controller) =>
    this.resolveRoute(handler, controller),
  );

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    private readonly limits: RateLimitStorage,
    reflector: Reflector,
    private readonly metrics: RateLimitMetrics,
  ) {
    super(options, limits, reflector);
  }

  /**
   * The base guard reads ~30 metadata entries per request and counts one throttler after another, one
   * Redis command each; routes do not change at run time, so their throttlers are resolved once, and the
   * ones that apply are counted together: one script run for all of a client's policies. Each is counted on
   * its own, so a request one throttler rejects is still counted by the others, where the base guard stopped
   * at the first rejection.
   */
  public override canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<object>();
    const early = this.early.get(request);
    if (!early) return this.count(context);
    this.early.delete(request);
    return early;
  }

  /**
   * Starts counting a request whose caller is already known — a token verified before — while the guard
   * that knows it still checks something else (the session): the two then share one Redis round trip
   * instead of waiting for each other. A caller that guard rejects was counted all the same.
   */
  public countEarly(context: ExecutionContext, caller: EarlyCaller): void {
    const count = this.count(withCaller(context, caller));
    // Read by canActivate, unless an earlier guard rejects the request first (then nobody reads it).
    count.catch(() => undefined);
    this.early.set(context.switchToHttp().getRequest<object>(), count);
  }

  private async count(context: ExecutionContext): Promise<boolean> {
    const { req, res } = this.getRequestResponse(context);
    const counts: (ThrottlerCount & { limit: number })[] = [];
    for (const route of this.routeThrottlers(context)) {
      const { throttler } = route;
      if (throttler.skipIf?.(context)) continue;
      const name = throttler.name;
      const ttl = await this.number(context, route.ttl, 'ttl', name);
      counts.push({
        key: route.generateKey(context, await route.getTracker(req, context), name),
        ttl,
        limit: await this.number(context, route.limit, 'limit', name),
        blockDuration: await this.number(context, route.blockDuration ?? ttl, 'blockDuration', name),
        throttlerName: name,
      });
    }
    if (counts.length === 0) return true;
    const records = await this.limits.incrementAll(counts);
    let rejection: { name: string; waitSeconds: number } | undefined;
    records.forEach((record, i) => {
      const { limit, throttlerName: name } = counts[i]!;
      if (record.isBlocked) {
        this.advertise(req, res, { limit, remaining: 0, resetSeconds: record.timeToBlockExpire });
        this.metrics.recordRejection(name);
        // The longest wait is the one a client must honour before any retry can pass.
        if (!rejection || record.timeToBlockExpire > rejection.waitSeconds)
          rejection = { name, waitSeconds: record.timeToBlockExpire };
      } else {
        this.advertise(req, res, {
          limit,
          remaining: Math.max(0, limit - record.totalHits),
          resetSeconds: record.timeToExpire,
        });
      }
    });
    if (rejection)
      throw new TooManyRequestsError(
        rejection.waitSeconds,
        `Rate limit "${rejection.name}" exceeded; retry in ${rejection.waitSeconds} s.`,
      );
    return true;
  }

  private resolveRoute(...targets: Parameters<Reflector['getAllAndOverride']>[1]): RouteThrottler[] {
    const read = <T>(key: string, name: string) =>
      this.reflector.getAllAndOverride<T | undefined>(key + name, targets);
    return (this.throttlers as Named[])
      .filter((throttler) => !read<boolean>(SKIP, throttler.name))
      .map((throttler) => ({
        throttler,
        limit: read<Resolvable>(OVERRIDES.limit, throttler.name) ?? throttler.limit,
        ttl: read<Resolvable>(OVERRIDES.ttl, throttler.name) ?? throttler.ttl,
        blockDuration: read<Resolvable>(OVERRIDES.blockDuration, throttler.name) ?? throttler.blockDuration,
        getTracker:
          read<ThrottlerRequest['getTracker']>(OVERRIDES.getTracker, throttler.name) ??
          throttler.getTracker ??
          this.commonOptions.getTracker!,
        generateKey:
          read<ThrottlerRequest['generateKey']>(OVERRIDES.generateKey, throttler.name) ??
          throttler.generateKey ??
          this.commonOptions.generateKey!,
      }));
  }

  /** A limit, ttl or block duration: a number, or a function of the request's context (throttler's API). */
  private async number(
    context: ExecutionContext,
    value: Resolvable | undefined,
    option: string,
    name: string,
  ): Promise<number> {
    const resolved: unknown = typeof value === 'function' ? await value(context) : value;
    const number = typeof resolved === 'string' && resolved.trim() !== '' ? Number(resolved) : resolved;
    if (typeof number !== 'number' || Number.isNaN(number))
      throw new Error(`Invalid "${option}" for the "${name}" throttler: ${JSON.stringify(resolved)}`);
    return number;
  }

  /** Keeps the tightest quota: fewest remaining, then longest until reset. */
  private advertise(req: object, res: Record<string, unknown>, quota: Quota): void {
    const current = this.advertised.get(req);
    if (
      current &&
      (current.remaining < quota.remaining ||
        (current.remaining === quota.remaining && current.resetSeconds >= quota.resetSeconds))
    ) {
      return;
    }
    this.advertised.set(req, quota);
    this.setResponseHeader(res, `${this.headerPrefix}-Limit`, quota.limit);
    this.setResponseHeader(res, `${this.headerPrefix}-Remaining`, quota.remaining);
    this.setResponseHeader(res, `${this.headerPrefix}-Reset`, quota.resetSeconds);
  }
}

/**
 * The context as the trackers must see it before the JWT guard sets `request.user`: a request view with the
 * fields they read (`TrackedRequest`) and `caller` as its user, and the same handler, class and reply.
 * Plain objects rather than `Object.create(request)`: that would make every request a prototype, which
 * gives it a hidden class of its own in V8, and every site that reads requests would see one more shape.
 */
function withCaller(context: ExecutionContext, caller: EarlyCaller): ExecutionContext {
  const http = context.switchToHttp();
  const request = http.getRequest<TrackedRequest>();
  const tracked: TrackedRequest = { ip: request.ip, body: request.body, user: caller };
  const view = {
    getRequest: () => tracked,
    getResponse: () => http.getResponse(),
    getNext: () => http.getNext(),
  };
  return {
    getHandler: () => context.getHandler(),
    getClass: () => context.getClass(),
    getType: () => context.getType(),
    getArgs: () => context.getArgs(),
    getArgByIndex: (index: number) => context.getArgByIndex(index),
    switchToHttp: () => view,
    switchToRpc: () => context.switchToRpc(),
    switchToWs: () => context.switchToWs(),
  } as ExecutionContext;
}
