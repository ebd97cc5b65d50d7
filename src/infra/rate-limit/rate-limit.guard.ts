import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';

import { TooManyRequestsError } from '#src/infra/http/errors.js';

import { RateLimitMetrics } from './rate-limit.metrics.js';

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
  /** The quota already advertised on each in-flight request. */
  private readonly advertised = new WeakMap<object, Quota>();

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly metrics: RateLimitMetrics,
  ) {
    super(options, storage, reflector);
  }

  protected override async handleRequest({
    context,
    limit,
    ttl,
    throttler,
    blockDuration,
    getTracker,
    generateKey,
  }: ThrottlerRequest): Promise<boolean> {
    const name = throttler.name ?? 'default';
    const { req, res } = this.getRequestResponse(context);
    const tracker = await getTracker(req, context);
    const record = await this.storageService.increment(
      generateKey(context, tracker, name),
      ttl,
      limit,
      blockDuration,
      name,
    );

    if (record.isBlocked) {
      this.advertise(req, res, { limit, remaining: 0, resetSeconds: record.timeToBlockExpire });
      this.metrics.recordRejection(name);
      throw new TooManyRequestsError(
        record.timeToBlockExpire,
        `Rate limit "${name}" exceeded; retry in ${record.timeToBlockExpire} s.`,
      );
    }
    this.advertise(req, res, {
      limit,
      remaining: Math.max(0, limit - record.totalHits),
      resetSeconds: record.timeToExpire,
    });
    return true;
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
